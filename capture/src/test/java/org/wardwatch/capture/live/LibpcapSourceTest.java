package org.wardwatch.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.capture.testsupport.Peers;

/**
 * Live capture through the in-process libpcap binding on the loopback interface while the test sends
 * UDP datagrams to 127.0.0.1; tcpdump captures the same traffic at the same time as the oracle: both
 * must deliver the same frames, byte for byte.
 */
class LibpcapSourceTest {
    private static final int DATAGRAMS = 60;

    @Test
    void capturesTheSameFramesAsTcpdumpOnLoopback() throws Exception {
        Peers.root();
        Peers.command("tcpdump");
        requireLibpcap();
        int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
        String filter = "udp and dst port " + port;
        try (LibpcapSource ours = LibpcapSource.open("lo", filter); LiveSource oracle = LiveSource.open("lo", filter)) {
            assertThat(ours.name()).isEqualTo("live:lo");
            assertThat(ours.linkType()).as("Linux shows lo as Ethernet").isEqualTo(1);
            Collector mine = new Collector(ours);
            Collector theirs = new Collector(oracle);
            List<Integer> sent = send(port);
            mine.await(DATAGRAMS);
            theirs.await(DATAGRAMS);
            ours.close();
            oracle.close();
            mine.join();
            theirs.join();
            assertThat(mine.failure.get()).isNull();
            assertThat(theirs.failure.get()).isNull();
            assertThat(mine.payloadSizes()).as("drops: %s", ours.anomalies()).containsExactlyElementsOf(sent);
            assertThat(mine.frames).hasSameSizeAs(theirs.frames);
            for (int i = 0; i < mine.frames.size(); i++) {
                assertThat(mine.frames.get(i)).as("frame %d equals tcpdump's", i + 1).isEqualTo(theirs.frames.get(i));
                assertThat(Math.abs(mine.times.get(i) - theirs.times.get(i))).as("same kernel time stamp, ns").isLessThan(1_000L);
            }
            long now = System.currentTimeMillis() * 1_000_000L;
            assertThat(mine.times).allSatisfy(t -> assertThat(t).isBetween(now - 600_000_000_000L, now + 1_000_000_000L));
            assertThat(mine.numbers).as("packets numbered from 1").startsWith(1L, 2L, 3L);
        }
    }

    @Test
    void nextReturnsFalseSoonAfterCloseFromAnotherThread() throws Exception {
        Peers.root();
        requireLibpcap();
        LibpcapSource live = LibpcapSource.open("lo", "udp and dst port 9"); // nothing arrives
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                result.set(live.next(new Packet()));
            } catch (IOException e) {
                result.set(null);
            }
        });
        reader.start();
        Thread.sleep(300);
        live.close();
        reader.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(reader.isAlive()).isFalse();
        assertThat(result.get()).isFalse();
        assertThat(live.next(new Packet())).as("closed stays closed").isFalse();
        live.close(); // twice is harmless
    }

    @Test
    void readingAllocatesNothingPerPacket() throws Exception {
        Peers.root();
        requireLibpcap();
        int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (LibpcapSource live = LibpcapSource.open("lo", "udp and dst port " + port)) {
            long[] allocated = new long[2];
            long[] counted = new long[1];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    Packet p = new Packet();
                    long id = Thread.currentThread().getId();
                    for (int i = 0; i < 200 && live.next(p); i++) {
                        counted[0]++; // warm up: JIT, JNA's first calls
                    }
                    allocated[0] = threads.getThreadAllocatedBytes(id);
                    while (live.next(p)) {
                        counted[0]++;
                    }
                    allocated[1] = threads.getThreadAllocatedBytes(id);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                byte[] payload = new byte[100];
                for (int i = 0; i < 5_200; i++) {
                    socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                    if (i % 50 == 0) {
                        Thread.sleep(1);
                    }
                }
            }
            Thread.sleep(500);
            live.close();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(failure.get()).isNull();
            long measured = counted[0] - 200;
            assertThat(measured).as("packets read after warm-up (drops: %s)", live.anomalies()).isGreaterThan(2_000);
            assertThat((double) (allocated[1] - allocated[0]) / measured).as("bytes allocated per packet").isLessThan(1.0);
        }
    }

    @Test
    void reportsLibpcapsErrorForABadFilterAndAMissingInterface() {
        Peers.root();
        requireLibpcap();
        assertThatThrownBy(() -> LibpcapSource.open("lo", "this is not bpf")).isInstanceOf(IOException.class)
                .hasMessageContaining("live capture on lo failed").hasMessageContaining("syntax error");
        assertThatThrownBy(() -> LibpcapSource.open("nosuch0", null)).isInstanceOf(IOException.class)
                .hasMessageContaining("no network interface named 'nosuch0'");
        assertThatThrownBy(() -> LibpcapSource.open("-i", null)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an interface name");
    }

    @Test
    void libpcapIsFoundWithoutTheDevelopmentSymlink() {
        requireLibpcap();
        assertThat(LibpcapSource.libraryVersion()).startsWith("libpcap version");
        assertThat(LibpcapSource.unavailableReason()).isNull();
    }

    private static void requireLibpcap() {
        if (!LibpcapSource.available()) {
            Peers.missing("libpcap cannot be loaded (Debian package libpcap0.8): " + LibpcapSource.unavailableReason());
        }
    }

    private static List<Integer> send(int port) throws Exception {
        List<Integer> sent = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < DATAGRAMS; i++) {
                int size = 1 + 37 * i;
                byte[] payload = new byte[size];
                Arrays.fill(payload, (byte) i);
                socket.send(new DatagramPacket(payload, size, InetAddress.getLoopbackAddress(), port));
                sent.add(size);
                Thread.sleep(2);
            }
        }
        return sent;
    }

    /** Reads a source on its own thread, keeping a copy of every frame. */
    private static final class Collector {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<Long> numbers = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Collector(PacketSource source) {
            thread = new Thread(() -> {
                try {
                    Packet p = new Packet();
                    while (source.next(p)) {
                        byte[] copy = new byte[p.capLen];
                        p.buf.get(p.offset, copy);
                        synchronized (frames) {
                            frames.add(copy);
                            times.add(p.tsNanos);
                            numbers.add(p.number);
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "collector-" + source.name());
            thread.start();
        }

        void await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && failure.get() == null) {
                synchronized (frames) {
                    if (frames.size() >= count) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as("next() returns false once closed").isFalse();
        }

        List<Integer> payloadSizes() {
            synchronized (frames) {
                // Ethernet (14) + IPv4 (20) + UDP (8)
                return frames.stream().map(f -> (((f[14 + 20 + 4] & 0xff) << 8) | (f[14 + 20 + 5] & 0xff)) - 8).toList();
            }
        }
    }
}
