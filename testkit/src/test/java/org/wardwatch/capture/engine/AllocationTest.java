package org.wardwatch.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.testkit.FrameSource;
import org.wardwatch.testkit.Frames;
import org.wardwatch.testkit.Requirements;

/**
 * The hot path allocates nothing per packet: decode, flow table and TCP reassembly (every stream
 * requested, out-of-order segments and retransmissions included) are replayed until the JIT is warm,
 * then the bytes the thread allocates are measured.
 *
 * <p>Budgets: with no flow starting or ending inside the measured window, under 1 byte per packet
 * (that is: zero, give or take the JVM's own bookkeeping). Over a realistic capture where flows start
 * and end all the time, what is allocated is per flow: the {@code FlowRecord} with its {@code FlowId},
 * two {@code IpAddress}, two {@code Instant}, two {@code MacAddress} (about 400 bytes), plus pooled
 * reassembly state and out-of-order windows, allocated until the pools reach the peak number of
 * concurrent streams and then reused: at most 1 KiB per flow plus 1 byte per packet (measured: about
 * 880 bytes per flow on a 20 MB generated hospital capture).
 */
class AllocationTest {
    static final long T0 = 1_700_000_000L * 1_000_000_000L;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Reads every byte a listener is given, allocates nothing. */
    static final class Consumer implements PacketListener {
        long sum, records;

        @Override
        public void onFlowStart(FlowView flow, DecodedPacket first) {
            flow.requestStream();
        }

        @Override
        public void onPacket(FlowView flow, DecodedPacket pkt, boolean fromClient) {
            sum += pkt.payloadLength() + pkt.srcPort() + flow.slot();
        }

        @Override
        public void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos) {
            sum += buf.get(offset) + length;
        }

        @Override
        public void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos) {
            sum += missingBytes;
        }

        @Override
        public void onFlowEnd(FlowView flow, FlowRecord record) {
            records++;
        }
    }

    /**
     * 64 long TCP connections (handshake first, then data both ways, 1 in 8 segments out of order, 1 in
     * 16 resent) and 32 UDP flows, 8 of them in VXLAN around IPv6 with extension headers.
     */
    static List<Frames.Timed> longFlows(int rounds) {
        List<byte[]> frames = new ArrayList<>();
        Random rnd = new Random(42);
        byte[] chunk = new byte[1200];
        rnd.nextBytes(chunk);
        int flows = 64;
        for (int f = 0; f < flows; f++) {
            String c = "10.0." + (f / 200) + "." + (1 + f % 200);
            frames.add(Frames.ethernet().ipv4(c, "10.9.0.1").tcp(40000 + f, 104).flags(Frames.SYN).seq(1000).build());
            frames.add(Frames.ethernet().ipv4("10.9.0.1", c).tcp(104, 40000 + f).flags(Frames.SYN | Frames.ACK).seq(5000).ack(1001)
                    .build());
        }
        long[] cseq = new long[flows];
        long[] sseq = new long[flows];
        java.util.Arrays.fill(cseq, 1001);
        java.util.Arrays.fill(sseq, 5001);
        for (int r = 0; r < rounds; r++) {
            for (int f = 0; f < flows; f++) {
                String c = "10.0." + (f / 200) + "." + (1 + f % 200);
                boolean fromClient = (r & 1) == 0;
                long seq = fromClient ? cseq[f] : sseq[f];
                int len = 200 + rnd.nextInt(1000);
                byte[] seg1 = segment(fromClient, c, f, seq, java.util.Arrays.copyOf(chunk, len));
                byte[] seg2 = segment(fromClient, c, f, seq + len, java.util.Arrays.copyOf(chunk, len));
                if (rnd.nextInt(8) == 0) {
                    frames.add(seg2);
                    frames.add(seg1);
                } else {
                    frames.add(seg1);
                    frames.add(seg2);
                }
                if (rnd.nextInt(16) == 0) {
                    frames.add(seg1);
                }
                if (fromClient) {
                    cseq[f] += 2L * len;
                } else {
                    sseq[f] += 2L * len;
                }
            }
            for (int u = 0; u < 24; u++) {
                frames.add(Frames.ethernet().vlan(10).ipv4("10.1.0." + (1 + u), "10.9.0.2").udp(50000 + u, 2575)
                        .payload(java.util.Arrays.copyOf(chunk, 100)).build());
            }
            for (int u = 24; u < 32; u++) {
                // headers past the decoder's first copy: VXLAN around IPv6 with extension headers
                frames.add(Frames.ethernet().ipv4("192.0.2.1", "192.0.2.2").udp(40000, 4789).vxlan(9).ethernet()
                        .ipv6("2001:db8::" + (1 + u), "2001:db8::99").ipv6Extension(0, 64).ipv6Extension(60, 32)
                        .udp(50000 + u, 2575).payload(java.util.Arrays.copyOf(chunk, 100)).build());
            }
        }
        return Frames.timed(frames, T0, 100_000); // 10 k packets per second of packet time
    }

    private static byte[] segment(boolean fromClient, String c, int f, long seq, byte[] payload) {
        return fromClient
                ? Frames.ethernet().ipv4(c, "10.9.0.1").tcp(40000 + f, 104).flags(Frames.ACK | Frames.PSH).seq(seq).ack(5001)
                        .payload(payload).build()
                : Frames.ethernet().ipv4("10.9.0.1", c).tcp(104, 40000 + f).flags(Frames.ACK | Frames.PSH).seq(seq).ack(1001)
                        .payload(payload).build();
    }

    @Test
    void decodeFlowsAndReassemblyAllocateNothingPerPacketInSteadyState() throws IOException {
        List<Frames.Timed> frames = longFlows(400);
        for (int warm = 0; warm < 3; warm++) {
            replay(frames, 0, 0);
        }
        long[] measured = replay(frames, frames.size() / 5, frames.size() * 9 / 10);
        long packets = measured[1];
        double perPacket = (double) measured[0] / packets;
        System.out.printf("steady state: %d bytes allocated over %d packets (%.3f bytes/packet)%n", measured[0], packets,
                perPacket);
        assertThat(packets).isGreaterThan(20_000);
        assertThat(perPacket).as("bytes allocated per packet").isLessThan(1.0);
    }

    /** Replays frames through a fresh engine; returns {bytes allocated, packets} between packet indexes from and to. */
    private static long[] replay(List<Frames.Timed> frames, int from, int to) throws IOException {
        FrameSource src = Frames.source(frames);
        Consumer c = new Consumer();
        Engine e = new Engine(EngineConfig.defaults(), c);
        Packet p = new Packet();
        long tid = Thread.currentThread().getId();
        long start = 0, allocated = 0;
        int i = 0;
        while (src.next(p)) {
            if (i == from && to > from) {
                start = THREADS.getThreadAllocatedBytes(tid);
            }
            e.accept(p);
            i++;
            if (i == to && to > from) {
                allocated = THREADS.getThreadAllocatedBytes(tid) - start;
            }
        }
        e.finish();
        assertThat(c.records).isEqualTo(96);
        return new long[] {allocated, to - from};
    }

    /** A capture from the shared hospital traffic generator: flows start and end throughout. */
    @Test
    void aRealisticCaptureAllocatesOnlyPerFlow(@TempDir Path dir) throws Exception {
        Path gen = Requirements.sharedFile("bench/gen_corpus.py");
        Path python = Requirements.command("python3");
        Path pcap = dir.resolve("hosp-20m.pcap");
        Requirements.run(300, python.toString(), gen.toString(), "--out", pcap.toString(), "--size-mb", "20", "--seed", "7");
        long[] warm = run(pcap);
        long[] r = run(pcap);
        long allocated = r[0], packets = r[1], flows = r[2];
        System.out.printf("hospital capture: %d bytes over %d packets and %d flows (%.1f bytes/packet, %.0f bytes/flow)%n",
                allocated, packets, flows, (double) allocated / packets, (double) allocated / flows);
        assertThat(warm[1]).isEqualTo(packets);
        assertThat(allocated).as("allocated bytes against the budget (1 KiB per flow + 1 byte per packet)")
                .isLessThan(flows * 1024 + packets);
    }

    private static long[] run(Path pcap) throws IOException {
        Consumer c = new Consumer();
        long tid = Thread.currentThread().getId();
        try (PacketSource src = CaptureFiles.open(pcap)) {
            Engine e = new Engine(EngineConfig.defaults(), c);
            long before = THREADS.getThreadAllocatedBytes(tid);
            EngineStats s = e.run(src);
            long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
            return new long[] {allocated, s.packets(), s.flows()};
        }
    }
}
