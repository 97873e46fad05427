package org.wardwatch.protocols.medicaltest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real peers on 127.0.0.1: free ports, bounded waits for a listener, processes that end. */
public final class LocalPeers {
    private static final long WAIT_MILLIS = 30_000;

    private LocalPeers() {
    }

    public static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TCP port free on 127.0.0.1 at the time of the call. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, loopback())) {
            return s.getLocalPort();
        }
    }

    /** Waits (bounded) until something accepts TCP on 127.0.0.1:port; fails if {@code peer} exits first. */
    public static void awaitTcp(int port, Process peer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (peer != null && !peer.isAlive()) {
                throw new IllegalStateException("peer exited (" + peer.exitValue() + ") before listening on " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(loopback(), port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nothing listened on 127.0.0.1:" + port + " within " + WAIT_MILLIS + " ms");
    }

    /**
     * A lock shared by every test run on this machine (all checkouts) for a fixed, well-known port such as
     * 2762: two runs at once would otherwise talk to each other's peer. Waits (bounded) for the lock.
     */
    public static java.nio.channels.FileLock lockPort(int port) throws IOException, InterruptedException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "wardwatch-test-port-" + port + ".lock");
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
            Thread.sleep(200);
        }
        ch.close();
        throw new IllegalStateException("another test run held port " + port + " for 180 s (" + file + ")");
    }

    /** Releases a {@link #lockPort} lock and its file channel. */
    public static void release(java.nio.channels.FileLock lock) throws IOException {
        if (lock != null) {
            lock.release();
            lock.channel().close();
        }
    }

    /** Starts a program with its output in {@code log}. */
    public static Process start(Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs a program to its end (bounded), output in {@code log}; returns its exit code, whatever it is. */
    public static int runAllowingFailure(Path log, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Process p = start(log, command);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(String.join(" ", command) + ": timed out; " + Files.readString(log));
        }
        return p.exitValue();
    }

    /** SIGTERM, then SIGKILL if it lingers; bounded. Only for processes the test started. */
    public static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
