package org.wardwatch.capture.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wardwatch.capture.source.CaptureAnomaly;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.CaptureFormatException;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;

/**
 * Live capture from a network interface through a {@code tcpdump} child process (the fallback of
 * {@link LiveCapture} when libpcap cannot be loaded in this process, see {@link LibpcapSource}):
 * {@code tcpdump -i IF -U -w - [filter]} writes pcap to a pipe that the streaming pcap reader
 * consumes. No native binding in the JVM; libpcap, BPF compilation and privilege handling are
 * tcpdump's. Needs root (or CAP_NET_RAW for tcpdump).
 *
 * <p>{@link #open} returns once tcpdump reports that it is listening (filter compiled, interface
 * open), or fails with a message from tcpdump. {@link #next} blocks until a packet arrives; calling
 * {@link #close} from another thread stops tcpdump, after which {@code next} returns false. Packets
 * carry nanosecond timestamps. Kernel drops reported by tcpdump at exit are counted as
 * {@code live_packets_dropped}.
 */
public final class LiveSource implements PacketSource {
    /** Bytes kept per packet. */
    public static final int DEFAULT_SNAPLEN = 262_144;
    private static final long START_TIMEOUT_SECONDS = 15;
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private final String interfaceName;
    private final String name;
    private final Process process;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrReader;
    private volatile boolean listening;
    private volatile boolean closed;
    private volatile long droppedByKernel;
    private PacketSource reader;

    private LiveSource(String interfaceName, Process process) {
        this.interfaceName = interfaceName;
        this.name = "live:" + interfaceName;
        this.process = process;
        this.stderrReader = new Thread(this::readStderr, "tcpdump-stderr-" + interfaceName);
        this.stderrReader.setDaemon(true);
        this.stderrReader.start();
    }

    /** Captures on {@code interfaceName} ("any" for all), keeping packets that match {@code bpfFilter} (null or blank: all). */
    public static LiveSource open(String interfaceName, String bpfFilter) throws IOException {
        return open(interfaceName, bpfFilter, DEFAULT_SNAPLEN);
    }

    public static LiveSource open(String interfaceName, String bpfFilter, int snaplen) throws IOException {
        Path tcpdump = findTcpdump().orElseThrow(() -> new IOException(
                "live capture needs tcpdump (Debian package 'tcpdump'); it is not on the PATH nor in /usr/sbin"));
        return open(tcpdump, interfaceName, bpfFilter, snaplen);
    }

    static LiveSource open(Path tcpdump, String interfaceName, String bpfFilter, int snaplen) throws IOException {
        if (!Files.isExecutable(tcpdump)) {
            throw new IOException("live capture needs tcpdump; " + tcpdump + " is not an executable");
        }
        LiveCapture.checkArguments(interfaceName, snaplen);
        List<String> cmd = new ArrayList<>(List.of(tcpdump.toString(), "-i", interfaceName, "-n", "-U", "--immediate-mode",
                "-B", "8192", "-s", Integer.toString(snaplen), "--time-stamp-precision", "nano", "-w", "-"));
        if (bpfFilter != null && !bpfFilter.isBlank()) {
            cmd.add(bpfFilter);
        }
        Process process = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        LiveSource source = new LiveSource(interfaceName, process);
        source.awaitListening();
        return source;
    }

    static Optional<Path> findTcpdump() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "tcpdump"))) {
                return Optional.of(Path.of(d, "tcpdump"));
            }
        }
        return Optional.empty();
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try {
            while (!listening) {
                if (!process.isAlive()) {
                    stderrReader.join(2000);
                    throw new IOException("live capture on " + interfaceName + " failed: " + lastError());
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IOException("live capture on " + interfaceName + ": tcpdump did not start within "
                            + START_TIMEOUT_SECONDS + " s: " + lastError());
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting live capture on " + interfaceName, e);
        }
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.contains("listening on")) {
                    listening = true;
                }
                Matcher m = DROPPED.matcher(line);
                if (m.find()) {
                    droppedByKernel = Long.parseLong(m.group(1));
                }
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > 20) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended; its stream is gone
        }
    }

    /** tcpdump's last meaningful stderr line (its error message). */
    private String lastError() {
        synchronized (stderrTail) {
            String last = null;
            for (String line : stderrTail) {
                if (!line.isBlank() && !line.startsWith("Warning")) {
                    last = line;
                }
            }
            return last == null ? "tcpdump exited with status " + (process.isAlive() ? "(running)" : process.exitValue()) : last;
        }
    }

    @Override
    public boolean next(Packet into) throws IOException {
        if (closed) {
            return false;
        }
        if (reader == null) {
            InputStream stdout = process.getInputStream();
            try {
                reader = CaptureFiles.open(stdout, name);
            } catch (CaptureFormatException e) {
                if (closed) {
                    return false;
                }
                throw new CaptureFormatException(name, 0, "tcpdump ended before sending a capture header: " + lastError());
            } catch (IOException e) {
                if (closed) {
                    return false;
                }
                throw e;
            }
        }
        try {
            return reader.next(into);
        } catch (IOException e) {
            if (closed) {
                return false; // the pipe went away under us: that is what close() does
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long position() {
        return reader == null ? 0 : reader.position();
    }

    @Override
    public Map<String, Long> anomalies() {
        Map<String, Long> m = new LinkedHashMap<>(reader == null ? Map.of() : reader.anomalies());
        if (droppedByKernel > 0) {
            m.put(CaptureAnomaly.LIVE_PACKETS_DROPPED.id(), droppedByKernel);
        }
        if (!process.isAlive() && !closed && process.exitValue() != 0) {
            m.put(CaptureAnomaly.LIVE_CAPTURE_FAILED.id(), 1L);
        }
        return m;
    }

    /** True while tcpdump runs. */
    boolean running() {
        return process.isAlive();
    }

    /** Stops tcpdump (SIGTERM, then SIGKILL after 3 s); a blocked {@link #next} then returns false. */
    @Override
    public void close() throws IOException {
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
            stderrReader.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            process.getInputStream().close();
            process.getOutputStream().close();
        }
    }
}
