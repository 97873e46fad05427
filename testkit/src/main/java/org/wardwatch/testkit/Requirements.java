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

    /**
     * Waits up to {@code seconds} until a TCP socket listens on {@code port}, read from the kernel's socket
     * tables ({@code /proc/net/tcp}, {@code tcp6}) rather than by connecting: a probe connection's late
     * teardown (a server's banner and FIN after the probe left) would land in a capture running or started
     * next. Fails naming {@code what}, with the server's {@code log} when given. Without /proc it connects.
     */
    public static void awaitListening(int port, int seconds, String what, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (listening(port)) {
                return;
            }
            Thread.sleep(50);
        }
        String logText = "";
        try {
            logText = log == null ? "" : ": " + Files.readString(log);
        } catch (IOException e) {
            logText = ": (no log: " + e.getMessage() + ")";
        }
        Assertions.fail(what + " did not listen on 127.0.0.1:" + port + " within " + seconds + " s" + logText);
    }

    private static boolean listening(int port) {
        String hexPort = String.format(":%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ...; st 0A = TCP_LISTEN
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                try (java.net.Socket s = new java.net.Socket()) { // no /proc: fall back to a connection
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            }
        }
        return false;
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
