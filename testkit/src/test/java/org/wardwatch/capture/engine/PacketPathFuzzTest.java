package org.wardwatch.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.model.obs.FlowRecord;

/**
 * The packet path (decoder, defragmenter, flow table, TCP reassembly) on arbitrary frames.
 *
 * <p>Input layout: byte 0 picks the link type ({@link #LINK_TYPES}); byte 1, bit 0, shrinks every bound
 * (8 flows, 2 fragment datagrams, 4 streams of 1 KiB windows, 2 windows, 4 KiB per stream) so that
 * eviction and caps are reached; then frames, each as a 2-byte length, a 2-byte time step in
 * milliseconds and the frame's bytes. Every TCP stream is requested.
 *
 * <p>Properties: no exception escapes; callbacks only describe bytes inside their buffer; the table
 * and the pools stay under their bounds; every flow that started ends once.
 *
 * <p>Regression mode (every {@code mvn verify}) replays the inputs committed under
 * {@code src/test/resources/org/wardwatch/capture/engine/PacketPathFuzzTestInputs/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn -pl testkit -am test -Dtest=PacketPathFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PacketPathFuzzTest {
    static final int[] LINK_TYPES = {1, 113, 276, 101, 0, 108, 9, 104, 228, 229, 12, 147};
    static final long T0 = 1_700_000_000L * 1_000_000_000L;

    @FuzzTest(maxDuration = "30s")
    void anyFramesRunThroughThePacketPathWithinBounds(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int linkType = LINK_TYPES[(data[0] & 0xFF) % LINK_TYPES.length];
        boolean small = (data[1] & 1) != 0;
        EngineConfig config = small
                ? EngineConfig.defaults().withMaxFlows(8).withFragments(2, Duration.ofSeconds(30)).withStreams(1024, 2, 4096, 4)
                : EngineConfig.defaults();
        Checker checker = new Checker();
        Engine engine = new Engine(config, checker);
        ByteBuffer buf = ByteBuffer.wrap(data);
        Packet p = new Packet();
        long ts = T0;
        int pos = 2;
        long n = 0;
        while (pos + 4 <= data.length) {
            int len = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            ts += (((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF)) * 1_000_000L;
            pos += 4;
            int cap = Math.min(len, data.length - pos);
            p.set(buf, pos, cap, len, ts, linkType);
            p.number = ++n;
            engine.accept(p);
            pos += cap;
            assertThat(engine.flowTable().size()).isLessThanOrEqualTo(config.maxFlows());
            assertThat(engine.reassembler().windowsInUse()).isLessThanOrEqualTo(config.maxStreamWindows());
            assertThat(engine.reassembler().liveStreams()).isLessThanOrEqualTo(config.maxStreams());
        }
        EngineStats s = engine.finish();
        assertThat(s.packets()).isEqualTo(n);
        assertThat(checker.starts).isEqualTo(checker.ends).isEqualTo(s.flows());
        assertThat(engine.flowTable().size()).isZero();
        assertThat(engine.reassembler().windowsInUse()).isZero();
    }

    /** Checks what the engine hands over stays inside its buffer. */
    static final class Checker implements PacketListener {
        long starts, ends;

        @Override
        public void onFrame(DecodedPacket pkt) {
            inside(pkt.buf(), pkt.l3Offset(), pkt.l3Length());
        }

        @Override
        public void onFlowStart(FlowView flow, DecodedPacket first) {
            starts++;
            flow.id();
            flow.requestStream();
        }

        @Override
        public void onPacket(FlowView flow, DecodedPacket pkt, boolean fromClient) {
            inside(pkt.buf(), pkt.payloadOffset(), pkt.payloadLength());
            assertThat(pkt.payloadOrigLength()).isGreaterThanOrEqualTo(pkt.payloadLength());
        }

        @Override
        public void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos) {
            assertThat(length).isPositive();
            inside(buf, offset, length);
        }

        @Override
        public void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos) {
            assertThat(missingBytes).isPositive();
        }

        @Override
        public void onFlowEnd(FlowView flow, FlowRecord record) {
            ends++;
            assertThat(record.clientPackets() + record.serverPackets()).isPositive();
        }

        private static void inside(ByteBuffer buf, int offset, int length) {
            assertThat(offset).isNotNegative();
            assertThat(length).isNotNegative();
            assertThat((long) offset + length).isLessThanOrEqualTo(buf.limit());
        }
    }

    /** Writes a seed input: {@code linkType} index, flags, then frames with 1 ms steps. */
    static byte[] seed(int linkTypeIndex, boolean small, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(linkTypeIndex);
        out.write(small ? 1 : 0);
        for (byte[] f : frames) {
            out.write(f.length >>> 8);
            out.write(f.length);
            out.write(0);
            out.write(1);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    static void write(Path dir, String name, byte[] seed) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), seed);
    }
}
