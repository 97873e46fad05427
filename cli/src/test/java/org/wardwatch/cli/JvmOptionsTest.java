package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the {@code ./wardwatch} launcher passes ({@code cli/src/main/jvm/options.sh}): a JVM
 * starts with them, the compiler directives file parses (the launcher silences the JVM's own messages,
 * so a broken file would only say "Could not create the Java Virtual Machine"), and only capture-file
 * runs get the throughput collector.
 */
class JvmOptionsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OPTIONS = ROOT.resolve("cli/src/main/jvm/options.sh");

    @Test
    void aJvmStartsWithTheLaunchersOptionsAndReadsBothDirectives() throws Exception {
        List<String> batch = options("batch");
        assertThat(batch).contains("-Xmx4g", "-XX:+UseParallelGC", "-XX:-DisplayVMOutput")
                .anyMatch(o -> o.startsWith("-XX:CompilerDirectivesFile=") && o.endsWith("compiler-directives.json"));

        Run quiet = java(batch, "-version");
        assertThat(quiet.exit).as(quiet.output).isZero();
        assertThat(quiet.output).doesNotContain("compiler directives").contains("version \"17");

        List<String> loud = new ArrayList<>(batch);
        loud.remove("-XX:-DisplayVMOutput");
        loud.add("-XX:+DisplayVMOutputToStdout");
        Run counted = java(loud, "-version");
        assertThat(counted.exit).as(counted.output).isZero();
        assertThat(counted.output).contains("2 compiler directives added");
    }

    @Test
    void onlyCaptureFileRunsGetTheThroughputCollector() throws Exception {
        List<String> service = options("service");
        assertThat(service).contains("-Xmx4g").doesNotContain("-XX:+UseParallelGC")
                .anyMatch(o -> o.startsWith("-XX:CompilerDirectivesFile="));
        Run run = java(service, "-version");
        assertThat(run.exit).as(run.output).isZero();
    }

    private static List<String> options(String kind) throws Exception {
        Run run = run(List.of("bash", "-c", ". \"$0\" && wardwatch_jvm_options \"$1\" \"$2\"", OPTIONS.toString(),
                ROOT.toString(), kind));
        assertThat(run.exit).as(run.output).isZero();
        return run.output.lines().filter(l -> !l.isBlank()).toList();
    }

    private static Run java(List<String> options, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options);
        command.addAll(List.of(args));
        return run(command);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jvm-options", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            int exit = p.waitFor();
            return new Run(exit, Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
