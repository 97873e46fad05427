package org.wardwatch.protocols.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.protocols.Analyzers;
import org.wardwatch.protocols.dispatch.PerFlowStateMemoryTest.Chunk;
import org.wardwatch.protocols.dispatch.PerFlowStateMemoryTest.Exchange;
import org.wardwatch.testkit.FrameSource;
import org.wardwatch.testkit.Frames;

/**
 * Once a flow is classified and its analyzers have what they want, its bulk packets cost no
 * allocation: TLS 1.2 and 1.3 handshakes (recorded from OpenSSL) and an SSH key exchange (OpenSSH)
 * on many concurrent flows, then hundreds of bulk segments on each (TLS application data, SSH
 * ciphertext), with every registered analyzer on. After JIT warm-up runs, the bytes the analysis
 * thread allocates while the bulk segments go through the engine and the dispatcher are measured:
 * under 1 byte per packet (zero, give or take the JVM's bookkeeping).
 */
class ClassifiedFlowAllocationTest {
    private static final String NET = "/org/wardwatch/protocols/nettest/NetworkAnalyzersFuzzTestInputs/analyzersNeverThrowAndStayBounded/";
    private static final int FLOWS = 60;
    private static final int BULK = 120;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void bulkPacketsOfClassifiedFlowsAllocateNothing() throws IOException {
        List<Exchange> exchanges = List.of(
                new Exchange("tls1_2", true, 443, PerFlowStateMemoryTest.chunks(NET + "07-tls-openssl-tls1_2")),
                new Exchange("tls1_3", true, 443, PerFlowStateMemoryTest.chunks(NET + "07-tls-openssl-tls1_3")),
                new Exchange("ssh", true, 22, PerFlowStateMemoryTest.chunks(NET + "08-ssh-openssh")));
        List<Frames.Timed> frames = new ArrayList<>();
        int bulkStart = build(exchanges, frames);
        long measured = 0;
        long counted = 0;
        for (int run = 0; run < 6; run++) {
            long[] at = new long[2];
            Dispatcher dispatcher = new Dispatcher(Analyzers.flowAnalyzers(), Analyzers.frameAnalyzers(), o -> { });
            PacketSource source = new Marked(new FrameSource(frames, 1), bulkStart, frames.size(),
                    () -> at[0] = allocated(), () -> at[1] = allocated());
            new Engine(EngineConfig.defaults(), dispatcher).run(source);
            assertThat(dispatcher.counters().get("tls_confirmed")).isEqualTo(2L * FLOWS / 3);
            assertThat(dispatcher.counters().get("ssh_confirmed")).isEqualTo(FLOWS / 3);
            if (run >= 3) { // JIT warm
                measured += at[1] - at[0];
                counted += frames.size() - bulkStart;
            }
        }
        double perPacket = measured / (double) counted;
        System.out.printf("classified flows' bulk packets: %d packets, %.3f bytes allocated per packet%n", counted, perPacket);
        assertThat(perPacket).as("bytes allocated per bulk packet of a classified flow").isLessThan(1.0);
    }

    private static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Handshakes of every flow first, then the bulk segments round-robin; returns the first bulk frame's index. */
    private static int build(List<Exchange> exchanges, List<Frames.Timed> out) {
        long ts = 1_700_000_000_000_000_000L;
        long[] cseq = new long[FLOWS];
        long[] sseq = new long[FLOWS];
        for (int f = 0; f < FLOWS; f++) {
            Exchange e = exchanges.get(f % exchanges.size());
            int cp = 20000 + f;
            cseq[f] = 1000;
            sseq[f] = 5000;
            out.add(new Frames.Timed(ts += 1000, c(f, e, cp).flags(Frames.SYN).seq(cseq[f]).build()));
            out.add(new Frames.Timed(ts += 1000, s(f, e, cp).flags(Frames.SYN | Frames.ACK).seq(sseq[f]).ack(cseq[f] + 1).build()));
            cseq[f]++;
            sseq[f]++;
            out.add(new Frames.Timed(ts += 1000, c(f, e, cp).flags(Frames.ACK).seq(cseq[f]).ack(sseq[f]).build()));
            for (Chunk chunk : e.chunks()) {
                byte[] d = chunk.data();
                for (int off = 0; off < d.length; off += 1400) {
                    byte[] piece = Arrays.copyOfRange(d, off, Math.min(d.length, off + 1400));
                    if (chunk.fromClient()) {
                        out.add(new Frames.Timed(ts += 1000, c(f, e, cp).flags(Frames.ACK | Frames.PSH).seq(cseq[f]).ack(sseq[f])
                                .payload(piece).build()));
                        cseq[f] += piece.length;
                    } else {
                        out.add(new Frames.Timed(ts += 1000, s(f, e, cp).flags(Frames.ACK | Frames.PSH).seq(sseq[f]).ack(cseq[f])
                                .payload(piece).build()));
                        sseq[f] += piece.length;
                    }
                }
            }
        }
        int bulkStart = out.size();
        byte[] record = new byte[600];
        record[0] = 23; // TLS application data record header; for SSH, ciphertext bytes alike
        record[1] = 3;
        record[2] = 3;
        record[3] = (byte) ((record.length - 5) >> 8);
        record[4] = (byte) (record.length - 5);
        for (int i = 0; i < BULK; i++) {
            for (int f = 0; f < FLOWS; f++) {
                Exchange e = exchanges.get(f % exchanges.size());
                int cp = 20000 + f;
                if (i % 4 == 0) {
                    out.add(new Frames.Timed(ts += 1000, c(f, e, cp).flags(Frames.ACK | Frames.PSH).seq(cseq[f]).ack(sseq[f])
                            .payload(record).build()));
                    cseq[f] += record.length;
                } else {
                    out.add(new Frames.Timed(ts += 1000, s(f, e, cp).flags(Frames.ACK | Frames.PSH).seq(sseq[f]).ack(cseq[f])
                            .payload(record).build()));
                    sseq[f] += record.length;
                }
            }
        }
        return bulkStart;
    }

    private static Frames.Builder c(int f, Exchange e, int cp) {
        return Frames.ethernet("02:00:00:00:01:0a", "02:00:00:00:01:14").ipv4("10.7.0." + (1 + f), "10.7.1.1").tcp(cp, e.serverPort());
    }

    private static Frames.Builder s(int f, Exchange e, int cp) {
        return Frames.ethernet("02:00:00:00:01:14", "02:00:00:00:01:0a").ipv4("10.7.1.1", "10.7.0." + (1 + f)).tcp(e.serverPort(), cp);
    }

    /** A source that runs {@code atStart} before frame {@code start} is returned and {@code atEnd} when the frames run out. */
    private static final class Marked implements PacketSource {
        private final PacketSource inner;
        private final int start;
        private final int total;
        private final Runnable atStart;
        private final Runnable atEnd;
        private int n;

        Marked(PacketSource inner, int start, int total, Runnable atStart, Runnable atEnd) {
            this.inner = inner;
            this.start = start;
            this.total = total;
            this.atStart = atStart;
            this.atEnd = atEnd;
        }

        @Override
        public boolean next(Packet into) throws IOException {
            if (n == start) {
                atStart.run();
            }
            if (n == total) {
                atEnd.run();
                n++;
            }
            if (!inner.next(into)) {
                return false;
            }
            n++;
            return true;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
