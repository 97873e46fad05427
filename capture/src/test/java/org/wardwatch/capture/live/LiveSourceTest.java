package org.wardwatch.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.testsupport.Peers;

/** Live capture on the loopback interface while the test sends UDP datagrams to 127.0.0.1. */
class LiveSourceTest {
    private static final int DATAGRAMS = 40;

    @Test
    void readsEveryUdpDatagramSentOnLoopbackWithItsLength() throws Exception {
        Peers.root();
        Peers.command("tcpdump");
        int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
        List<Integer> payloads = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (LiveSource live = LiveSource.open("lo", "udp and dst port " + port)) {
            assertThat(live.name()).isEqualTo("live:lo");
            Thread reader = new Thread(() -> {
                try {
                    Packet p = new Packet();
                    while (live.next(p)) {
                        // Ethernet (14, as Linux shows lo) + IPv4 (20) + UDP (8)
                        assertThat(p.linkType).isEqualTo(1);
                        assertThat(p.capLen).isEqualTo(p.origLen);
                        int udpLength = p.buf.getShort(p.offset + 14 + 20 + 4) & 0xffff;
                        synchronized (payloads) {
                            payloads.add(udpLength - 8);
                            times.add(p.tsNanos);
                            assertThat(p.capLen).isEqualTo(14 + udpLength + 20);
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "live-reader");
            reader.start();
            List<Integer> sent = new ArrayList<>();
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                for (int i = 0; i < DATAGRAMS; i++) {
                    int size = 1 + 53 * i;
                    socket.send(new DatagramPacket(new byte[size], size, InetAddress.getLoopbackAddress(), port));
                    sent.add(size);
                    Thread.sleep(2);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && failure.get() == null) {
                synchronized (payloads) {
                    if (payloads.size() >= DATAGRAMS) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            live.close();
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(reader.isAlive()).as("next() returns false once closed").isFalse();
            assertThat(live.running()).as("close() stops tcpdump").isFalse();
            assertThat(failure.get()).isNull();
            synchronized (payloads) {
                assertThat(payloads).as("kernel drops: %s", live.anomalies()).containsExactlyElementsOf(sent);
                long now = System.currentTimeMillis() * 1_000_000L;
                assertThat(times).allSatisfy(t -> assertThat(t).isBetween(now - 600_000_000_000L, now + 1_000_000_000L));
            }
        }
    }

    @Test
    void namesTheMissingInterface() {
        assertThatThrownBy(() -> LiveSource.open("nosuch0", null)).isInstanceOf(IOException.class)
                .hasMessageContaining("no network interface named 'nosuch0'");
        assertThatThrownBy(() -> LiveSource.open("-w/tmp/x", null)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an interface name");
    }

    @Test
    void saysWhenTcpdumpIsMissing() {
        assertThatThrownBy(() -> LiveSource.open(Path.of("/nonexistent/tcpdump"), "lo", null, 65535)).isInstanceOf(IOException.class)
                .hasMessageContaining("needs tcpdump");
    }

    @Test
    void reportsTcpdumpsErrorForABadFilter() {
        Peers.root();
        Peers.command("tcpdump");
        assertThatThrownBy(() -> LiveSource.open("lo", "this is not bpf")).isInstanceOf(IOException.class)
                .hasMessageContaining("live capture on lo failed").hasMessageContaining("syntax error");
    }
}
