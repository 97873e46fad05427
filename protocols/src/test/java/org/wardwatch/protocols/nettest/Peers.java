package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.wardwatch.testkit.Requirements;

/**
 * Real peer processes for the network analyzers' tests (openssl, sshd, ssh, curl, busybox): started
 * with their output in a log file, waited for by what they print, stopped by their own handle when
 * the test closes this. Everything listens on 127.0.0.1 (or inside a private network namespace).
 */
public final class Peers implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    private final Path dir;

    public Peers(Path dir) {
        this.dir = dir;
    }

    /** A free TCP port on 127.0.0.1 above 20000 (never a standard port of the protocols under test). */
    public static int freePort() {
        for (int i = 0; i < 100; i++) {
            int port = 20000 + (int) (Math.random() * 30000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        return fail("no free port");
    }

    /**
     * The port a real-peer test runs its server on: {@code standardOrZero} itself (the protocol's standard
     * port; the test skips when it is taken on loopback), or for 0 an unassigned one, to prove the protocol
     * is found by its bytes.
     */
    public static int serverPort(int standardOrZero) {
        return standardOrZero == 0 ? freePort() : org.wardwatch.testkit.Requirements.freeLoopbackPort(standardOrZero);
    }

    /** A running peer and its combined output. */
    public record Peer(Process process, Path log) {
        public String output() {
            try {
                return Files.readString(log, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "";
            }
        }

        /** Waits until the output contains {@code text}; fails if the process dies first or after 30 s. */
        public Peer await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (output().contains(text)) {
                    return this;
                }
                if (!process.isAlive() && !output().contains(text)) {
                    fail("peer exited (" + process.exitValue() + ") before printing '" + text + "': " + output());
                }
                Thread.sleep(20);
            }
            return fail("peer did not print '" + text + "' within 30 s: " + output());
        }

        /** Waits for the process to end (bounded) and returns its exit code. */
        public int waitFor(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("peer did not finish within " + seconds + " s: " + output());
            }
            return process.exitValue();
        }
    }

    /** Starts a command, stdin from /dev/null, stdout and stderr into a log. */
    public Peer start(String... command) throws IOException {
        Path log = Files.createTempFile(dir, "peer", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        started.add(p);
        return new Peer(p, log);
    }

    /** Starts a command whose stdin stays open (servers such as openssl s_server stop at end of input). */
    public Peer startWithOpenInput(String... command) throws IOException {
        Path log = Files.createTempFile(dir, "peer", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return new Peer(p, log);
    }

    /** Runs a command to its end (bounded) and returns the peer (any exit code). */
    public Peer run(long seconds, String... command) throws IOException, InterruptedException {
        Peer p = start(command);
        p.waitFor(seconds);
        return p;
    }

    /** Waits until a socket listens on TCP {@code port} (see {@link Requirements#awaitListening}). */
    public static void awaitListening(int port) throws InterruptedException {
        Requirements.awaitListening(port, 30, "the server", null);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
