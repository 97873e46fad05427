package org.wardwatch.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tcpdump capture on {@code lo} around a test's exchange with a real peer on 127.0.0.1, that
 * holds every packet of the exchange or fails loudly. Needs root and tcpdump (skips otherwise,
 * fails under {@code CI=true}, via {@link Requirements}).
 *
 * <pre>{@code
 * try (LoopbackCapture cap = LoopbackCapture.start(dir.resolve("x.pcap"), "tcp port " + port)) {
 *     ... run the peers on 127.0.0.1 ...
 *     Path pcap = cap.stop();   // every packet up to here is in the file
 * }
 * }</pre>
 *
 * <h2>Why captures came out empty, and what this class does about it</h2>
 * libpcap 1.10 on Linux reads {@code lo} through a TPACKET_V3 ring: the kernel hands packets to
 * tcpdump a whole block at a time, when the block is full or when the buffer timeout (1000 ms in
 * tcpdump) expires. {@code -U} only flushes tcpdump's own writes; it does not make the kernel
 * deliver. A stop by SIGTERM/SIGINT makes tcpdump break its loop at once, and the block the kernel
 * still holds is dropped: a short exchange (an echoscu round trip takes a few milliseconds) followed
 * by "sleep 300 ms, SIGTERM" yields an empty file, every time on an idle machine, only sometimes on
 * a loaded one (when a block timeout happens to fall in between). Measured here with tcpdump
 * 4.99.3 / libpcap 1.10.3: 0 of 5 runs captured the 20 packets of an echoscu association that way,
 * 5 of 5 with {@code --immediate-mode}. "listening on" itself is trustworthy: tcpdump prints it after
 * the filter is attached.
 * <ul>
 *   <li>{@code --immediate-mode}: libpcap switches to a ring that delivers each packet at once, made
 *       large with {@code -B} so that bursts on a loaded machine are not dropped.</li>
 *   <li>A start sentinel: a UDP datagram from 127.0.0.1 to itself on a port of our own, matched by
 *       the capture filter; {@link #start} returns only once tcpdump has written it to the file
 *       (so the filter is applied and packets reach the file), re-sending it while it waits.</li>
 *   <li>A stop sentinel: {@link #stop} sends one more, waits until it is in the file (the ring
 *       delivers in order, so everything the test's exchange put on the wire before it is written
 *       too), only then sends SIGINT, and waits for tcpdump to exit.</li>
 *   <li>tcpdump's "N packets dropped by kernel" must be 0, else {@link #stop} fails.</li>
 *   <li>The sentinel datagrams are removed from the file, so the capture holds only the filter's
 *       traffic.</li>
 * </ul>
 * Packets to {@code ::1} travel on {@code lo} too but a filter such as {@code host 127.0.0.1} will
 * not match them: start peers with explicit 127.0.0.1 addresses, or filter on ports only.
 * All waits are bounded (a loaded CI machine gets generous bounds, never an endless wait).
 */
public final class LoopbackCapture implements AutoCloseable {
    private static final long WAIT_MILLIS = 30_000;
    private static final long RESEND_MILLIS = 200;
    /**
     * Kernel buffer ({@code -B}, KiB). In immediate mode libpcap uses a ring of fixed-size slots, one
     * per packet, each as large as the snapshot (up to lo's 64 KiB MTU): tcpdump's default 2 MiB holds
     * about 30 packets, and a burst (a VNC session's framebuffer updates: hundreds of segments in
     * 100 ms) while tcpdump waits for a core on a loaded machine overflowed it ("30 packets dropped by
     * kernel" with 8 agents on 2 cores). 64 MiB holds about a thousand.
     */
    private static final int BUFFER_KIB = 64 * 1024;
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private final Process process;
    private final Path file;
    private final Path log;
    private final DatagramSocket sentinel;
    private final String nonce;
    private boolean stopped;

    private LoopbackCapture(Process process, Path file, Path log, DatagramSocket sentinel, String nonce) {
        this.process = process;
        this.file = file;
        this.log = log;
        this.sentinel = sentinel;
        this.nonce = nonce;
    }

    /**
     * Starts {@code tcpdump -i lo} writing {@code file} with the capture filter {@code filter} (BPF,
     * e.g. {@code "tcp port 11112"}) and returns once packets matching it are being written.
     */
    public static LoopbackCapture start(Path file, String filter) throws IOException, InterruptedException {
        Requirements.root();
        Path tcpdump = Requirements.command("tcpdump");
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        String nonce = "wardwatch-loopback-sentinel-" + UUID.randomUUID();
        Path log = Files.createTempFile("ww-tcpdump", ".log");
        String bpf = "(" + filter + ") or (udp and host 127.0.0.1 and port " + socket.getLocalPort() + ")";
        Files.deleteIfExists(file);
        Process p = new ProcessBuilder(tcpdump.toString(), "-i", "lo", "-Z", "root", "--immediate-mode", "-U", "-n", "-s", "0",
                "-B", Integer.toString(BUFFER_KIB), "-w", file.toString(), bpf)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LoopbackCapture capture = new LoopbackCapture(p, file, log, socket, nonce);
        try {
            capture.awaitSentinel("start");
            return capture;
        } catch (IOException | RuntimeException | InterruptedException e) {
            capture.kill();
            throw e;
        }
    }

    /** The capture file (complete only after {@link #stop}). */
    public Path file() {
        return file;
    }

    /**
     * Stops the capture once every packet sent before this call is in the file, removes the
     * sentinels, and returns the file. Fails if tcpdump reported kernel drops.
     */
    public Path stop() throws IOException, InterruptedException {
        if (stopped) {
            return file;
        }
        stopped = true;
        try {
            awaitSentinel("stop");
            signal("INT");
            if (!process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("tcpdump did not exit after SIGINT: " + tail());
            }
            String report = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = DROPPED.matcher(report);
            if (m.find() && Long.parseLong(m.group(1)) > 0) {
                throw new IllegalStateException("tcpdump lost packets: " + report.strip());
            }
            removeSentinels();
            return file;
        } finally {
            kill();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!stopped) {
            stopped = true;
            kill();
        }
    }

    private void kill() throws IOException {
        sentinel.close();
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(log);
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            process.destroy(); // SIGTERM: same handler in tcpdump
        }
    }

    /** Sends sentinel datagrams until one appears in the file; bounded. */
    private void awaitSentinel(String phase) throws IOException, InterruptedException {
        byte[] marker = (nonce + ":" + phase).getBytes(StandardCharsets.US_ASCII);
        DatagramPacket datagram = new DatagramPacket(marker, marker.length, sentinel.getLocalSocketAddress());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        long nextSend = 0;
        // the file only grows: search from where it ended when we began waiting
        long searchFrom = Files.exists(file) ? Math.max(0, Files.size(file) - marker.length) : 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tcpdump exited (" + process.exitValue() + "): " + tail());
            }
            if (System.nanoTime() >= nextSend) {
                sentinel.send(datagram);
                nextSend = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESEND_MILLIS);
            }
            if (Files.exists(file) && indexOf(readFrom(file, searchFrom), marker, 0) >= 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("tcpdump did not write the " + phase + " sentinel within " + WAIT_MILLIS + " ms: " + tail());
    }

    private static byte[] readFrom(Path path, long offset) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            long size = ch.size();
            if (size <= offset) {
                return new byte[0];
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - offset));
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // keep reading until the end seen at open
            }
            return java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private String tail() {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8).strip();
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no tcpdump log: " + e.getMessage() + ")";
        }
    }

    /** Rewrites the classic pcap file without the records that carry this capture's nonce. */
    private void removeSentinels() throws IOException {
        byte[] in = Files.readAllBytes(file);
        if (in.length < 24) {
            throw new IllegalStateException("tcpdump wrote no pcap header (" + in.length + " bytes): " + tail());
        }
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IllegalStateException("not a classic pcap file: magic 0x" + Integer.toHexString(magic));
            }
        }
        byte[] mark = nonce.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(in.length);
        out.put(in, 0, 24);
        int pos = 24;
        while (pos + 16 <= in.length) {
            long capLen = Integer.toUnsignedLong(b.getInt(pos + 8));
            int end = (int) Math.min(in.length, pos + 16 + capLen);
            boolean isSentinel = indexOf(in, mark, pos + 16, end) >= 0;
            if (!isSentinel) {
                out.put(in, pos, end - pos);
            }
            pos = end;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, java.util.Arrays.copyOf(out.array(), out.position()));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        return indexOf(hay, needle, from, hay.length);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
