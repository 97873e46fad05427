package org.wardwatch.capture.frag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.decode.PacketDecoder;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.engine.EngineStats;
import org.wardwatch.capture.engine.PacketListener;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.testkit.Frames;

/** IPv4 and IPv6 fragments reassembled, in any order, with duplicates and hostile overlaps. */
class DefragmenterTest {
    static final long T0 = 1_700_000_000L * 1_000_000_000L;

    static byte[] payload(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Feeds the frames through decoder and defragmenter; returns the payload of the datagram they complete. */
    static final class Harness {
        final Anomalies anomalies = new Anomalies();
        final PacketDecoder decoder = new PacketDecoder(anomalies);
        final Defragmenter defrag = new Defragmenter(anomalies, 8, 30_000_000_000L);
        final DecodedPacket d = new DecodedPacket();
        int completed;
        int srcPort, dstPort;

        byte[] feed(List<byte[]> frames, long ts) {
            byte[] out = null;
            for (byte[] f : frames) {
                int r = decoder.decode(Frames.packet(f, ts), d);
                if (r == PacketDecoder.FRAGMENT && defrag.add(d)) {
                    completed++;
                    assertThat(decoder.decodeDatagram(defrag.buffer(), defrag.offset(), defrag.length(), defrag.version(), d))
                            .isEqualTo(PacketDecoder.IP);
                    srcPort = d.srcPort();
                    dstPort = d.dstPort();
                    out = new byte[d.payloadLength()];
                    d.buf().get(d.payloadOffset(), out, 0, out.length);
                }
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void ipv4FragmentsInAnyOrderWithDuplicatesRebuildTheDatagram(long seed) {
        byte[] data = payload(3000, seed);
        List<byte[]> frags = new ArrayList<>(Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(77)
                .udp(40000, 2049).payload(data).buildFragments(8 * (20 + (int) seed * 13)));
        Random rnd = new Random(seed);
        frags.add(frags.get(rnd.nextInt(frags.size()))); // a duplicate
        Collections.shuffle(frags, rnd);
        Harness h = new Harness();
        byte[] out = h.feed(frags, T0);
        assertThat(out).isEqualTo(data);
        assertThat(h.completed).isEqualTo(1);
        assertThat(h.srcPort).isEqualTo(40000);
        assertThat(h.dstPort).isEqualTo(2049);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void ipv6FragmentsInAnyOrderRebuildTheDatagram(long seed) {
        byte[] data = payload(5000, seed);
        List<byte[]> frags = new ArrayList<>(Frames.ethernet().ipv6("2001:db8::1", "2001:db8::2").ipv6Extension(0, 8)
                .ipId(0x12345678).tcp(40000, 104).flags(Frames.ACK).payload(data).buildFragments(1232));
        Collections.shuffle(frags, new Random(seed));
        Harness h = new Harness();
        assertThat(h.feed(frags, T0)).isEqualTo(data);
        assertThat(h.d.ipVersion()).isEqualTo(6);
        assertThat(h.d.dstPort()).isEqualTo(104);
    }

    @Test
    void overlappingFragmentsKeepTheFirstBytesAndCountTheOverlap() {
        byte[] first = new byte[48];
        byte[] second = new byte[48];
        java.util.Arrays.fill(first, (byte) 'A');
        java.util.Arrays.fill(second, (byte) 'B');
        // UDP header + 40 bytes of 'A' at [0, 48); then 'B' at [24, 72) overlapping [24, 48); then the end
        byte[] udpHeader = {(byte) 0x9c, 0x40, 0, 9, 0, 80, 0, 0};
        System.arraycopy(udpHeader, 0, first, 0, 8);
        Frames.Builder base = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(5).protocol(17);
        byte[] f1 = base.fragment(0, true).payload(first).build();
        byte[] f2 = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(5).protocol(17).fragment(24, true).payload(second).build();
        byte[] f3 = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(5).protocol(17).fragment(72, false)
                .payload(new byte[8]).build();
        Harness h = new Harness();
        byte[] out = h.feed(List.of(f1, f2, f3), T0);
        assertThat(out).hasSize(72);
        for (int i = 0; i < 40; i++) {
            assertThat(out[i]).as("byte %d", i).isEqualTo((byte) 'A');
        }
        for (int i = 40; i < 64; i++) {
            assertThat(out[i]).isEqualTo((byte) 'B');
        }
        assertThat(h.anomalies.get("ip_fragment_overlap")).isEqualTo(1);
    }

    @Test
    void aDatagramPastSixtyFourKibibytesIsDroppedAsPingOfDeath() {
        byte[] tail = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(9).protocol(1).fragment(65528, false)
                .payload(new byte[100]).build();
        byte[] head = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(9).protocol(1).fragment(0, true)
                .payload(new byte[1480]).build();
        Harness h = new Harness();
        assertThat(h.feed(List.of(head, tail), T0)).isNull();
        assertThat(h.anomalies.get("ip_fragment_too_large")).isEqualTo(1);
    }

    @Test
    void incompleteDatagramsExpireByPacketTime() {
        List<byte[]> frags = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(3).udp(1, 2).payload(new byte[2000])
                .buildFragments(1000);
        Harness h = new Harness();
        h.feed(frags.subList(0, 1), T0);
        h.defrag.expire(T0 + 29_000_000_000L);
        assertThat(h.defrag.pending()).isEqualTo(1);
        h.defrag.expire(T0 + 31_000_000_000L);
        assertThat(h.defrag.pending()).isZero();
        assertThat(h.anomalies.get("ip_fragment_timeout")).isEqualTo(1);
        assertThat(h.feed(frags.subList(1, frags.size()), T0 + 32_000_000_000L)).as("the rest alone completes nothing").isNull();
    }

    @Test
    void aFullTableDropsTheOldestDatagram() {
        Harness h = new Harness();
        for (int id = 0; id < 9; id++) {
            List<byte[]> frags = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(id).udp(1, 2).payload(new byte[100])
                    .buildFragments(56);
            h.feed(frags.subList(0, 1), T0 + id);
        }
        assertThat(h.anomalies.get("ip_fragment_table_full")).isEqualTo(1);
        assertThat(h.defrag.pending()).isEqualTo(8);
    }

    @Test
    void fragmentsCutBySnaplenAreCountedNotReassembled() {
        byte[] f = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(4).protocol(17).fragment(0, true)
                .payload(new byte[800]).build();
        org.wardwatch.capture.source.Packet p = Frames.packet(f, T0);
        p.capLen = 200;
        Harness h = new Harness();
        assertThat(h.decoder.decode(p, h.d)).isEqualTo(PacketDecoder.FRAGMENT);
        assertThat(h.defrag.add(h.d)).isFalse();
        assertThat(h.anomalies.get("ip_fragment_truncated")).isEqualTo(1);
    }

    @Test
    void theEngineAccountsAReassembledDatagramOnceWithAllItsBytes() throws IOException {
        List<byte[]> frags = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipId(12).udp(40000, 2049)
                .payload(new byte[4000]).buildFragments(1480);
        List<FlowRecord> records = new ArrayList<>();
        EngineStats stats = new Engine(EngineConfig.defaults(), new PacketListener() {
            @Override
            public void onFlowEnd(FlowView flow, FlowRecord record) {
                records.add(record);
            }
        }).run(Frames.source(Frames.timed(frags, T0, 1000)));
        assertThat(stats.fragments()).isEqualTo(frags.size());
        assertThat(stats.datagramsReassembled()).isEqualTo(1);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).clientPackets()).isEqualTo(1);
        assertThat(records.get(0).clientBytes()).isEqualTo(frags.stream().mapToInt(f -> f.length).sum());
        assertThat(records.get(0).clientPayloadBytes()).isEqualTo(4000);
    }
}
