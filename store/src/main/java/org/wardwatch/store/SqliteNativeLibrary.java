package org.wardwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The SQLite driver's native library, kept in the cache folder instead of being extracted at every start.
 *
 * <p>Left alone, sqlite-jdbc writes its native library (1.1 MB for Linux x86-64) into the temporary folder
 * under a new name at every start and compares the copy with the jar's byte by byte, one method call per
 * byte: about 0.2-0.3 s of CPU each time a process opens a store, while the code that does it is still
 * interpreted. Here the library is written once per driver version and content into
 * {@code ${XDG_CACHE_HOME:-~/.cache}/wardwatch/sqlite-VERSION-CRC/} and handed to the driver through its own
 * properties {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}; every start checks the cached
 * copy's CRC-32 against the jar's bytes (milliseconds), and replaces a copy that differs. Nothing changes
 * when the user set {@code org.sqlite.lib.path}, and on any failure the driver extracts the library itself,
 * as it would without this class.
 */
final class SqliteNativeLibrary {
    private static boolean prepared;

    private SqliteNativeLibrary() {
    }

    /** Points the driver at the cached library (once per process; before the driver loads). */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        try {
            Path dir = cached(cacheFolder());
            if (dir != null) {
                System.setProperty("org.sqlite.lib.path", dir.toString());
                System.setProperty("org.sqlite.lib.name", LibraryLoaderUtil.getNativeLibName());
            }
        } catch (IOException | RuntimeException e) {
            // the driver extracts the library into the temporary folder itself
        }
    }

    /** {@code ${XDG_CACHE_HOME:-~/.cache}/wardwatch}, the launcher's cache folder. */
    static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("wardwatch");
    }

    /**
     * The folder under {@code cache} holding a copy of the driver's library for this platform, written
     * when missing or different; null when the driver's jar has no library for this platform.
     */
    static Path cached(Path cache) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        byte[] bytes;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        }
        long crc = crc(bytes);
        Path dir = cache.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + Long.toHexString(crc));
        Path lib = dir.resolve(name);
        if (sameContent(lib, bytes.length, crc)) {
            return dir;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            Files.write(tmp, bytes);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
            }
            // a file system without atomic renames fails here, and the driver extracts the library itself
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return sameContent(lib, bytes.length, crc) ? dir : null;
    }

    private static boolean sameContent(Path file, int size, long crc) throws IOException {
        try {
            if (Files.size(file) != size) {
                return false;
            }
            return crc(Files.readAllBytes(file)) == crc;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }
}
