package org.wardwatch.capture.reassembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.engine.EngineStats;
import org.wardwatch.capture.engine.Recorder;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.capture.write.PcapWriter;
import org.wardwatch.testkit.Frames;

/**
 * TCP reassembly through the engine: ordered bytes per direction despite splits, reordering,
 * duplicates and overlaps (seeded random properties), and holes reported, never waited on forever.
 */
class StreamReassemblerTest {
    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Recorder run(EngineConfig config, List<Frames.Timed> frames) throws IOException {
        Recorder r = new Recorder().streams();
        new Engine(config, r).run(Frames.source(frames));
        return r;
    }

    static Recorder run(List<Frames.Timed> frames) throws IOException {
        return run(EngineConfig.defaults(), frames);
    }

    /** Cuts {@code [0, n)} into random pieces of 1..max bytes. */
    static List<int[]> pieces(int n, int max, Random rnd) {
        List<int[]> out = new ArrayList<>();
        for (int off = 0; off < n; ) {
            int len = Math.min(n - off, 1 + rnd.nextInt(max));
            out.add(new int[] {off, len});
            off += len;
        }
        return out;
    }

    /**
     * Property: whatever the segmentation, order (within the window), duplicates and overlapping
     * retransmissions (same bytes), each direction's stream is delivered whole, once, without gaps.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomSplitsReordersDuplicatesAndOverlapsDeliverTheSameBytes(long seed) throws IOException {
        Random rnd = new Random(seed);
        // some seeds put the initial sequence numbers just below the 32-bit wrap
        long cIsn = seed % 4 == 0 ? 0xFFFF_FF00L : rnd.nextInt() & 0xFFFF_FFFFL;
        long sIsn = seed % 4 == 1 ? 0xFFFF_FFF0L : rnd.nextInt() & 0xFFFF_FFFFL;
        TcpScript s = new TcpScript(cIsn, sIsn).handshake();
        byte[] c = random(20_000 + rnd.nextInt(20_000), seed);
        byte[] sv = random(10_000 + rnd.nextInt(30_000), seed + 100);
        List<byte[]> segs = new ArrayList<>();
        for (boolean client : new boolean[] {true, false}) {
            byte[] data = client ? c : sv;
            for (int[] p : pieces(data.length, 1460, rnd)) {
                segs.add(s.segment(client, data, p[0], p[1], 0));
                if (rnd.nextInt(20) == 0) {
                    segs.add(s.segment(client, data, p[0], p[1], 0)); // a duplicate
                }
                if (rnd.nextInt(20) == 0) {
                    int from = Math.max(0, p[0] - rnd.nextInt(2000));
                    int to = Math.min(data.length, p[0] + p[1] + rnd.nextInt(2000));
                    segs.add(s.segment(client, data, from, to - from, 0)); // an overlapping retransmission
                }
            }
        }
        Collections.shuffle(segs, rnd); // both streams stay under the 64 KiB window: any order fits
        segs.forEach(s::add);
        s.add(s.fin(true, c.length, sv.length)).add(s.fin(false, sv.length, c.length + 1));
        Recorder r = run(s.frames);
        assertThat(r.stream("10.0.0.1:40000", true)).isEqualTo(c);
        assertThat(r.stream("10.0.0.1:40000", false)).isEqualTo(sv);
        assertThat(r.gaps).isEmpty();
    }

    @Test
    void inOrderSegmentsAreDeliveredAsTheyCome() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] req = Frames.ascii("A-ASSOCIATE-RQ");
        byte[] resp = Frames.ascii("A-ASSOCIATE-AC");
        s.add(s.segment(true, req, 0, req.length, 0)).add(s.segment(false, resp, 0, resp.length, req.length));
        Recorder r = run(s.frames);
        assertThat(new String(r.stream("10.0.0.1", true))).isEqualTo("A-ASSOCIATE-RQ");
        assertThat(new String(r.stream("10.0.0.1", false))).isEqualTo("A-ASSOCIATE-AC");
    }

    @Test
    void contradictingOverlapKeepsTheFirstBytesAndCountsTheMismatch() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] a = Frames.ascii("0123456789AAAA");
        byte[] b = Frames.ascii("0123456789BBBBBBBB");
        s.add(s.segment(true, a, 10, 4, 0)); // "AAAA" at [10, 14): out of order, buffered first
        s.add(s.segment(true, b, 0, 18, 0)); // "0123456789BBBBBBBB" at [0, 18): contradicts [10, 14)
        Recorder r = new Recorder().streams();
        EngineStats st = new Engine(EngineConfig.defaults(), r).run(Frames.source(s.frames));
        assertThat(new String(r.stream("10.0.0.1", true))).isEqualTo("0123456789AAAABBBB");
        assertThat(st.anomalies()).containsEntry("tcp_overlap_mismatch", 1L);
    }

    @Test
    void aHoleIsGivenUpWhenTheWindowOverflows() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] data = random(3000, 7);
        for (int off = 100; off < 3000; off += 100) { // [0, 100) never captured
            s.add(s.segment(true, data, off, 100, 0));
        }
        Recorder r = run(EngineConfig.defaults().withStreams(1024, 16, 1 << 20, 100), s.frames);
        byte[] got = r.stream("10.0.0.1", true);
        assertThat(r.gapBytes(true)).isEqualTo(100);
        assertThat(Arrays.copyOfRange(got, 100, got.length)).isEqualTo(Arrays.copyOfRange(data, 100, 3000));
        // the hole was given up while packets still came, not at the end of the flow
        assertThat(r.events.indexOf("gap c 100")).isLessThan(r.events.size() - 5);
    }

    @Test
    void aHoleIsGivenUpWhenThePeerAcknowledgesPastIt() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] data = random(300, 8);
        s.add(s.segment(true, data, 100, 100, 0)); // [0, 100) lost by the capture
        s.add(s.ack(false, 0, 200)); // the server got everything up to 200
        s.add(s.segment(true, data, 200, 100, 0));
        Recorder r = run(s.frames);
        assertThat(r.events).containsSubsequence("gap c 100", "packet c");
        assertThat(Arrays.copyOfRange(r.stream("10.0.0.1", true), 100, 300)).isEqualTo(Arrays.copyOfRange(data, 100, 300));
    }

    @Test
    void theFlowEndReportsHolesAndAcknowledgedBytesNeverSeen() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] data = random(400, 9);
        s.add(s.segment(true, data, 0, 100, 0));
        s.add(s.segment(true, data, 200, 100, 0)); // [100, 200) lost
        s.add(s.ack(false, 0, 100));               // acknowledges only up to the hole
        s.add(s.ack(false, 0, 100));
        s.add(s.fin(true, 400, 0));                 // [300, 400) never seen either
        s.add(s.ack(false, 0, 401));
        Recorder r = run(s.frames);
        byte[] got = r.stream("10.0.0.1", true);
        assertThat(got).hasSize(400);
        assertThat(Arrays.copyOfRange(got, 0, 100)).isEqualTo(Arrays.copyOfRange(data, 0, 100));
        assertThat(Arrays.copyOfRange(got, 200, 300)).isEqualTo(Arrays.copyOfRange(data, 200, 300));
        assertThat(r.gapBytes(true)).isEqualTo(200);
    }

    @Test
    void theStreamCapStopsDeliveryAtItsPosition() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] data = random(5000, 10);
        for (int off = 0; off < 5000; off += 500) {
            s.add(s.segment(true, data, off, 500, 0));
        }
        Recorder r = run(EngineConfig.defaults().withStreamCapBytes(1234), s.frames);
        assertThat(r.stream("10.0.0.1", true)).isEqualTo(Arrays.copyOf(data, 1234));
    }

    @Test
    void aStreamPickedUpMidwayStartsAtTheFirstSegmentSeen() throws IOException {
        TcpScript s = new TcpScript(77_000, 99_000); // no handshake captured
        byte[] data = random(1000, 11);
        s.add(s.segment(true, data, 300, 200, 0)).add(s.segment(true, data, 500, 500, 0));
        s.add(s.segment(true, data, 0, 300, 0)); // older bytes: before the pickup point, dropped
        Recorder r = run(s.frames);
        assertThat(r.stream("10.0.0.1", true)).isEqualTo(Arrays.copyOfRange(data, 300, 1000));
        assertThat(r.gaps).isEmpty();
    }

    @Test
    void dataOnTheSynStartsTheStream() throws IOException {
        TcpScript s = new TcpScript(1000, 5000);
        s.add(Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 104).flags(Frames.SYN).seq(1000)
                .payload("fast open").build());
        byte[] more = Frames.ascii("xxxxxxxxx and more");
        s.add(s.segment(true, more, 9, more.length - 9, 0));
        Recorder r = run(s.frames);
        assertThat(new String(r.stream("10.0.0.1", true))).isEqualTo("fast open and more");
    }

    @Test
    void bytesCutByTheSnaplenAreReportedAsAGap(@TempDir Path dir) throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] data = random(1000, 12);
        s.add(s.segment(true, data, 0, 1000, 0)).add(s.segment(true, Frames.ascii("tail"), 0, 4, 0));
        Path pcap = dir.resolve("snap.pcap");
        try (PcapWriter w = new PcapWriter(java.nio.file.Files.newOutputStream(pcap), PcapWriter.LINKTYPE_ETHERNET, 554)) {
            for (Frames.Timed t : s.frames) {
                w.write(t.tsNanos(), t.frame());
            }
        }
        Recorder r = new Recorder().streams();
        try (PacketSource src = CaptureFiles.open(pcap)) {
            EngineStats st = new Engine(EngineConfig.defaults(), r).run(src);
            assertThat(st.truncatedPackets()).isEqualTo(1);
        }
        byte[] got = r.stream("10.0.0.1", true);
        assertThat(Arrays.copyOf(got, 500)).isEqualTo(Arrays.copyOf(data, 500)); // 554 - 54 bytes of headers
        assertThat(r.gapBytes(true)).isEqualTo(500);
    }

    @Test
    void aReleasedStreamGetsNoMoreBytes() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] data = random(3000, 13);
        for (int off = 0; off < 3000; off += 1000) {
            s.add(s.segment(true, data, off, 1000, 0));
        }
        Recorder r = new Recorder() {
            @Override
            public void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long ts) {
                super.onStreamData(flow, fromClient, buf, offset, length, ts);
                flow.releaseStream();
            }
        }.streams();
        EngineStats st = new Engine(EngineConfig.defaults(), r).run(Frames.source(s.frames));
        assertThat(r.stream("10.0.0.1", true)).hasSize(1000);
        assertThat(st.streamBytes()).isEqualTo(1000);
    }

    @Test
    void outOfOrderBuffersAreReturnedToThePool() throws IOException {
        TcpScript s = new TcpScript(1000, 5000).handshake();
        byte[] data = random(4000, 14);
        for (int round = 0; round < 50; round++) {
            int base = 0;
            // each round: a segment out of order, then the one that fills the hole
            s.add(s.segment(true, data, base + 2000, 2000, 0)).add(s.segment(true, data, base, 2000, 0));
        }
        Recorder r = new Recorder().streams();
        Engine e = new Engine(EngineConfig.defaults(), r);
        e.run(Frames.source(s.frames));
        assertThat(r.stream("10.0.0.1", true)).isEqualTo(data);
        assertThat(e.reassembler().windowsAllocated()).isEqualTo(1);
        assertThat(e.reassembler().windowsInUse()).isZero();
        assertThat(e.reassembler().liveStreams()).isZero();
    }
}
