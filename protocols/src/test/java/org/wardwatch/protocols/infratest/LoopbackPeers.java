package org.wardwatch.protocols.infratest;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.wardwatch.testkit.Requirements;

/**
 * Starts real peers (daemons, clients) and a tcpdump on the loopback interface for tests; everything
 * listens and talks on 127.0.0.1 only. Close it to stop what it started (its own processes, by handle).
 */
public final class LoopbackPeers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private Process tcpdump;
    private Path tcpdumpLog;

    /** A free port above 20000 on 127.0.0.1 (never a protocol's standard port). */
    public static int freePort(boolean udp) {
        for (int i = 0; i < 50; i++) {
            int port = 20000 + (int) (Math.random() * 30000);
            try {
                if (udp) {
                    new DatagramSocket(port, java.net.InetAddress.getLoopbackAddress()).close();
                } else {
                    new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress()).close();
                }
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        return fail("no free port");
    }

    /** Starts {@code tcpdump -i lo -U -w FILE FILTER} and waits until it listens. */
    public Path capture(Path file, String filter) throws IOException, InterruptedException {
        Requirements.root();
        Path tcpdumpBin = Requirements.command("tcpdump");
        Path err = Files.createTempFile("ww-tcpdump", ".err");
        tcpdumpLog = err;
        List<String> cmd = new ArrayList<>(List.of(tcpdumpBin.toString(), "-i", "lo", "--immediate-mode", "-U", "-n", "-s", "0", "-w", file.toString()));
        cmd.addAll(List.of(filter.split(" ")));
        tcpdump = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        for (int i = 0; i < 100; i++) {
            if (Files.readString(err).contains("listening on")) {
                return file;
            }
            if (!tcpdump.isAlive()) {
                fail("tcpdump exited: " + Files.readString(err));
            }
            Thread.sleep(50);
        }
        return fail("tcpdump did not start: " + Files.readString(err));
    }

    /** Stops tcpdump (it flushes and closes the file on SIGTERM). */
    public void stopCapture() throws InterruptedException {
        if (tcpdump != null) {
            // immediate mode hands packets to tcpdump at once; this leaves it time to write the last ones
            Thread.sleep(300);
            tcpdump.destroy();
            tcpdump.waitFor(10, TimeUnit.SECONDS);
            tcpdump = null;
            try {
                System.out.println("tcpdump: " + Files.readString(tcpdumpLog).replace('\n', ' '));
            } catch (IOException e) {
                // only a diagnostic
            }
        }
    }

    /** Starts a long-running process (a daemon in the foreground), output to {@code log}. */
    public Process start(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        stopCapture();
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
