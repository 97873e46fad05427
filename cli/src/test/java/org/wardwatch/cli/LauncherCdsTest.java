package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive ({@code wardwatch_run_java} in {@code cli/src/main/jvm/options.sh}),
 * on a small jar: the first capture-file run writes the archive as it ends, the next runs map their
 * classes from it, the JVM's CDS messages never reach the output, java's exit status comes through, other
 * runs do not write one, a rebuilt jar gets a new archive (its old one removed, another jar's kept), and {@code
 * WARDWATCH_CDS=off} turns it off.
 */
class LauncherCdsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OPTIONS = ROOT.resolve("cli/src/main/jvm/options.sh");

    @TempDir
    Path dir;
    private Path jar;
    private Path cache;

    @BeforeEach
    void probeJar() throws IOException {
        jar = dir.resolve("probe.jar");
        cache = dir.resolve("cache");
        writeJar(jar, "");
    }

    @Test
    void theFirstCaptureFileRunWritesTheArchiveAndLaterRunsMapTheirClassesFromIt() throws Exception {
        Path archive = archive();
        assertThat(archive.getParent()).isEqualTo(cache.resolve("wardwatch"));
        assertThat(archive).doesNotExist();

        Run first = run("batch", List.of(), Map.of(), "one", "two");
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).as("nothing but the program's output").isEqualTo("probe one two\n");
        assertThat(archive).isNotEmptyFile();
        assertThat(files(cache.resolve("wardwatch"))).containsExactly(archive.getFileName().toString());

        Run second = run("service", List.of("-Xlog:class+load=info"), Map.of(), "three");
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("probe three")
                .containsPattern("org\\.wardwatch\\.cli\\.CdsProbe source: shared objects file \\(top\\)");
        assertThat(second.output).doesNotContain("[cds]");

        Run failing = run("batch", List.of(), Map.of(), "exit3");
        assertThat(failing.exit).as("java's exit status").isEqualTo(3);
        assertThat(failing.output).isEqualTo("probe exit3\n");
    }

    @Test
    void onlyCaptureFileRunsWriteAnArchiveAndOffMeansOff() throws Exception {
        Run service = run("service", List.of(), Map.of(), "x");
        assertThat(service.exit).as(service.output).isZero();
        assertThat(service.output).isEqualTo("probe x\n");
        assertThat(cache.resolve("wardwatch")).doesNotExist();

        Run off = run("batch", List.of(), Map.of("WARDWATCH_CDS", "off"), "y");
        assertThat(off.exit).as(off.output).isZero();
        assertThat(off.output).isEqualTo("probe y\n");
        assertThat(cache.resolve("wardwatch")).doesNotExist();
        assertThat(cdsArchive(Map.of("WARDWATCH_CDS", "off"))).isEmpty();
    }

    @Test
    void aRebuiltJarGetsANewArchiveAndTheOldOneGoesAnotherJarsStays() throws Exception {
        Path other = dir.resolve("other/probe.jar");
        Files.createDirectories(other.getParent());
        writeJar(other, "other");
        Path otherArchive = Path.of(cdsArchive(other, Map.of()));
        assertThat(run(other, "batch", List.of(), Map.of(), "o").exit).isZero();
        assertThat(otherArchive).isNotEmptyFile();

        Path old = archive();
        assertThat(run("batch", List.of(), Map.of(), "a").exit).isZero();
        assertThat(old).isNotEmptyFile();

        writeJar(jar, "rebuilt");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        Path fresh = archive();
        assertThat(fresh).isNotEqualTo(old);
        Run run = run("batch", List.of("-Xlog:class+load=info"), Map.of(), "b");
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("probe b").doesNotContain("shared objects file (top)").doesNotContain("[cds]");
        assertThat(files(cache.resolve("wardwatch"))).containsExactlyInAnyOrder(fresh.getFileName().toString(),
                otherArchive.getFileName().toString());
    }

    private Path archive() throws Exception {
        String path = cdsArchive(Map.of());
        assertThat(path).isNotEmpty();
        return Path.of(path);
    }

    private String cdsArchive(Map<String, String> env) throws Exception {
        return cdsArchive(jar, env);
    }

    private String cdsArchive(Path jar, Map<String, String> env) throws Exception {
        Run r = bash(env, ". \"$0\" && wardwatch_cds_archive \"$1\"", OPTIONS.toString(), jar.toString());
        assertThat(r.exit).as(r.output).isZero();
        return r.output.strip();
    }

    /** {@code wardwatch_run_java KIND JAR opts ARGS...} with a small heap and {@code extra} options. */
    private Run run(String kind, List<String> extra, Map<String, String> env, String... args) throws Exception {
        return run(jar, kind, extra, env, args);
    }

    private Run run(Path jar, String kind, List<String> extra, Map<String, String> env, String... args) throws Exception {
        List<String> words = new ArrayList<>(List.of(OPTIONS.toString(), kind, jar.toString()));
        words.add(String.valueOf(extra.size()));
        words.addAll(extra);
        words.addAll(List.of(args));
        return bash(env, ". \"$0\"; kind=$1 jar=$2 n=$3; shift 3; opts=(-Xmx128m -Xshare:auto \"${@:1:n}\"); shift \"$n\"; "
                + "wardwatch_run_java \"$kind\" \"$jar\" opts \"$@\"", words.toArray(String[]::new));
    }

    private Run bash(Map<String, String> env, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", script));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("PATH", javaHome().resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("WARDWATCH_CDS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A jar holding {@link CdsProbe}, {@link CdsProbeOld} with class-file version 49 (the JVM warns that it
     * cannot archive it) and a resource that makes a rebuilt jar differ, with its Main-Class.
     */
    private static void writeJar(Path jar, String marker) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CdsProbe.class.getName());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, m)) {
            for (Class<?> c : List.of(CdsProbe.class, CdsProbeOld.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                byte[] bytes;
                try (var in = CdsProbe.class.getClassLoader().getResourceAsStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (c == CdsProbeOld.class) {
                    bytes[6] = 0; // major version (big-endian u2 at offset 6): 49, Java 5
                    bytes[7] = 49;
                }
                out.putNextEntry(new JarEntry(entry));
                out.write(bytes);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("marker.txt"));
            out.write(marker.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private record Run(int exit, String output) {
    }
}
