package org.wardwatch.capture.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What capture's own tests need from outside: the shared corpus, tshark, tcpdump, root. It mirrors
 * {@code org.wardwatch.testkit.Requirements} and {@code Tshark} because capture cannot depend on
 * testkit (testkit depends on capture: Maven refuses the cycle even in test scope). Same policy:
 * skip with a message when absent, fail under {@code CI=true}.
 */
public final class Peers {
    private Peers() {
    }

    public static Path shared() {
        String prop = System.getProperty("wardwatch.shared");
        String env = System.getenv("WARDWATCH_SHARED");
        for (String c : new String[] {prop, env}) {
            if (c != null && Files.isDirectory(Path.of(c, "corpus"))) {
                return Path.of(c).toAbsolutePath().normalize();
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolveSibling("shared").resolve("corpus"))) {
                return dir.resolveSibling("shared").normalize();
            }
        }
        missing("../shared (the public corpus) is not beside this checkout");
        return null;
    }

    public static Path command(String name) {
        Optional<Path> found = which(name);
        if (found.isEmpty()) {
            missing("'" + name + "' is not installed (the README's test command installs it)");
        }
        return found.orElseThrow();
    }

    public static Optional<Path> which(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static void root() {
        if (!"root".equals(System.getProperty("user.name"))) {
            missing("this test needs root");
        }
    }

    public static void missing(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("required under CI=true: " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }

    /** Runs a command; returns stdout. Non-zero exit fails unless {@code tolerateExit}. */
    public static String run(long timeoutSeconds, boolean tolerateExit, List<String> cmd) {
        try {
            Path out = Files.createTempFile("ww-cmd", ".out");
            Path err = Files.createTempFile("ww-cmd", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    Assertions.fail(String.join(" ", cmd) + ": timed out after " + timeoutSeconds + " s");
                }
                if (p.exitValue() != 0 && !tolerateExit) {
                    Assertions.fail(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + Files.readString(err).strip());
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return Assertions.fail(String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted");
        }
    }

    /** tshark's field columns per frame (tab-separated cells, occurrences joined with ','), tolerant of damaged files. */
    public static List<String[]> tsharkFields(Path capture, String... fields) {
        List<String> cmd = new ArrayList<>(List.of(command("tshark").toString(), "-n", "-r", capture.toString(),
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : run(120, true, cmd).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
