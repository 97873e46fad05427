package org.wardwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The SQLite driver's native library is written to the cache folder once, checked at every start, replaced
 * when it differs, and a process opening a store loads it from there and writes nothing into the temporary
 * folder (a fresh JVM, as the driver loads its library once per process).
 */
class SqliteNativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void theLibraryIsWrittenOnceAndACopyThatDiffersIsReplaced() throws Exception {
        Path cache = dir.resolve("cache");
        Path folder = SqliteNativeLibrary.cached(cache);
        assertThat(folder).isNotNull();
        assertThat(folder.getParent()).isEqualTo(cache);
        assertThat(folder.getFileName().toString()).startsWith("sqlite-" + SQLiteJDBCLoader.getVersion() + "-");
        Path lib = folder.resolve(LibraryLoaderUtil.getNativeLibName());
        assertThat(Files.readAllBytes(lib)).isEqualTo(jarCopy());

        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, written);
        assertThat(SqliteNativeLibrary.cached(cache)).isEqualTo(folder);
        assertThat(Files.getLastModifiedTime(lib)).as("a matching copy is left as it is").isEqualTo(written);

        byte[] damaged = jarCopy();
        damaged[damaged.length / 2] ^= 1;
        Files.write(lib, damaged);
        assertThat(SqliteNativeLibrary.cached(cache)).isEqualTo(folder);
        assertThat(Files.readAllBytes(lib)).as("a copy that differs is replaced").isEqualTo(jarCopy());
        try (Stream<Path> s = Files.list(folder)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(lib.getFileName().toString());
        }
    }

    @Test
    void aProcessOpeningAStoreLoadsTheCachedLibraryAndWritesNothingToTheTemporaryFolder() throws Exception {
        Path cache = dir.resolve("xdg-cache");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                dir.resolve("data").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Path folder = SqliteNativeLibrary.cached(cache.resolve("wardwatch"));
        assertThat(out).contains("mapped " + folder.resolve(LibraryLoaderUtil.getNativeLibName()));
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(Path::toString).filter(n -> n.contains("sqlite")).toList()).isEmpty();
        }
    }

    private static byte[] jarCopy() throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            return in.readAllBytes();
        }
    }

    /** Opens an embedded store and prints the SQLite library files this process has mapped (Linux). */
    static final class Probe {
        public static void main(String[] args) throws IOException {
            try (Store s = Store.embedded(Path.of(args[0]))) {
                for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                    int at = line.indexOf('/');
                    if (at >= 0 && line.contains("sqlitejdbc")) {
                        System.out.println("mapped " + line.substring(at));
                    }
                }
            }
        }
    }
}
