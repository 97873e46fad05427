package org.wardwatch.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from outside the repository: the shared corpus, a real peer program. When it is
 * missing the test is skipped with a message, except under {@code CI=true}, where it fails: CI
 * installs every peer, so a missing one there is a broken setup, not a reason to pass.
 */
public final class Requirements {
    private Requirements() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The {@code shared/} folder beside the checkout (or {@code -Dwardwatch.shared} / {@code WARDWATCH_SHARED}). */
    public static Optional<Path> sharedDir() {
        for (String candidate : new String[] {System.getProperty("wardwatch.shared"), System.getenv("WARDWATCH_SHARED")}) {
            if (candidate != null && Files.isDirectory(Path.of(candidate, "corpus"))) {
                return Optional.of(Path.of(candidate).toAbsolutePath().normalize());
            }
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path shared = dir.resolveSibling("shared");
            if (Files.isDirectory(shared.resolve("corpus"))) {
                return Optional.of(shared.normalize());
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** The shared folder, or skip (fail under CI) with a message saying it is absent. */
    public static Path shared() {
        Optional<Path> dir = sharedDir();
        if (dir.isEmpty()) {
            missing("../shared (the public corpus and intel) is not beside this checkout");
        }
        return dir.orElseThrow();
    }

    /** A file or folder under shared/, e.g. {@code corpus/protocols/zeek_dhcp.pcap}. */
    public static Path sharedFile(String relative) {
        Path p = shared().resolve(relative);
        if (!Files.exists(p)) {
            missing("../shared/" + relative + " is absent");
        }
        return p;
    }

    /** A program on the PATH (a real peer such as tshark, storescu, ndpiReader). */
    public static Path command(String name) {
        Optional<Path> p = which(name);
        if (p.isEmpty()) {
            missing("'" + name + "' is not installed (the README's test command installs it)");
        }
        return p.orElseThrow();
    }

    public static Optional<Path> which(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/lib/postgresql/15/bin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Root privileges (live capture, network namespaces). */
    public static void root() {
        if (!"root".equals(System.getProperty("user.name"))) {
            missing("this test needs root");
        }
    }

    /**
     * A TCP port of 127.0.0.1 that nothing listens on yet, for a real peer that must run on a
     * protocol's standard port (21, 23, 3389, ...): skips (fails under CI=true) when it is taken.
     */
    public static int freeLoopbackPort(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), port), 1);
            return port;
        } catch (IOException e) {
            missing("port " + port + " of 127.0.0.1 is taken (" + e.getMessage() + ")");
            return port;
        }
    }

    /** Skip with the reason, or fail under CI=true. */
    public static void missing(String reason) {
        if (inCi()) {
            Assertions.fail("required under CI=true: " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }

    /** Runs a command, returns its stdout; fails the test on a non-zero exit or a timeout. */
    public static String run(long timeoutSeconds, String... command) {
        try {
            Path out = Files.createTempFile("ww-cmd", ".out");
            Path err = Files.createTempFile("ww-cmd", ".err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(String.join(" ", command) + ": timed out after " + timeoutSeconds + " s");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                Assertions.fail(String.join(" ", command) + ": exit " + p.exitValue() + ": " + stderr);
            }
            return stdout;
        } catch (IOException e) {
            return Assertions.fail(String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted");
        }
    }
}
