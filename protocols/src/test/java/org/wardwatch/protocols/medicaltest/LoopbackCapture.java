package org.wardwatch.protocols.medicaltest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.wardwatch.testkit.Requirements;

/**
 * {@code tcpdump -i lo -U -w FILE FILTER} around a test's exchange with a real peer on 127.0.0.1.
 * Needs root and tcpdump (skips otherwise, fails under CI).
 */
public final class LoopbackCapture implements AutoCloseable {
    private final Process process;
    private final Path file;
    private final Path log;

    private LoopbackCapture(Process process, Path file, Path log) {
        this.process = process;
        this.file = file;
        this.log = log;
    }

    public static LoopbackCapture start(Path file, String filter) throws IOException, InterruptedException {
        Requirements.root();
        Path tcpdump = Requirements.command("tcpdump");
        Path log = Files.createTempFile("ww-tcpdump", ".log");
        Process p = new ProcessBuilder(tcpdump.toString(), "-i", "lo", "-Z", "root", "-U", "-n", "-s", "0", "-w", file.toString(), filter)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // tcpdump says "listening on lo" once the capture is armed
        for (int i = 0; i < 200; i++) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains("listening on")) {
                return new LoopbackCapture(p, file, log);
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("tcpdump exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("tcpdump did not start: " + Files.readString(log));
    }

    /** Stops the capture (SIGTERM flushes the file) and returns it. */
    public Path stop() throws IOException, InterruptedException {
        // let the kernel hand the last packets to tcpdump before it is told to stop
        Thread.sleep(300);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
        return file;
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }
}
