package org.wardwatch.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.engine.EngineStats;
import org.wardwatch.capture.engine.PacketListener;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.CaptureFormatException;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.obs.FlowRecord;

/**
 * Every capture under {@code corpus/malformed/} (crash regressions of nDPI, Zeek and Wireshark,
 * fuzzer finds) runs through the whole engine, every TCP stream reassembled, every field and view a
 * listener may touch touched: no exception may escape; damage shows as counted anomalies. A file
 * whose header cannot be read at all may only fail with {@link CaptureFormatException}.
 */
class MalformedCorpusTest {
    @TestFactory
    Stream<DynamicTest> everyMalformedCaptureRunsThroughTheEngineWithoutException() throws IOException {
        List<Path> files = CorpusFiles.captures("malformed");
        assertThat(files).isNotEmpty();
        return files.stream().map(p -> DynamicTest.dynamicTest(CorpusFiles.name(p), () -> check(p)));
    }

    private static void check(Path capture) throws IOException {
        Toucher t = new Toucher();
        PacketSource src;
        try {
            src = CaptureFiles.open(capture);
        } catch (CaptureFormatException unreadable) {
            assertThat(unreadable.getMessage()).contains(capture.toString());
            return;
        }
        EngineStats s;
        try (src) {
            s = new Engine(EngineConfig.defaults(), t).run(src);
        }
        assertThat(t.records).isEqualTo(s.flows());
        assertThat(s.decodedPackets()).isBetween(0L, s.packets());
        assertThat(s.anomalies().values()).allSatisfy(v -> assertThat(v).isPositive());
    }

    /** Requests every stream and reads everything a listener may read. */
    private static final class Toucher implements PacketListener {
        long records, sum;

        @Override
        public void onFrame(DecodedPacket pkt) {
            sum += pkt.l3Offset() + pkt.l3Length() + pkt.etherType();
            if (pkt.l3Length() > 0) {
                sum += pkt.buf().get(pkt.l3Offset() + pkt.l3Length() - 1);
            }
        }

        @Override
        public void onFlowStart(FlowView flow, DecodedPacket first) {
            sum += flow.id().hashCode();
            flow.requestStream();
        }

        @Override
        public void onPacket(FlowView flow, DecodedPacket pkt, boolean fromClient) {
            sum += pkt.srcPort() + pkt.dstPort() + pkt.payloadLength() + pkt.tcpFlags() + pkt.ttl();
            if (pkt.payloadLength() > 0) {
                sum += pkt.buf().get(pkt.payloadOffset()) + pkt.buf().get(pkt.payloadOffset() + pkt.payloadLength() - 1);
            }
            if (pkt.srcIp() != null) {
                sum += pkt.srcIp().hashCode() + pkt.dstIp().hashCode();
            }
        }

        @Override
        public void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos) {
            assertThat(length).isPositive();
            sum += buf.get(offset) + buf.get(offset + length - 1);
        }

        @Override
        public void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos) {
            assertThat(missingBytes).isPositive();
        }

        @Override
        public void onFlowEnd(FlowView flow, FlowRecord record) {
            records++;
            sum += record.toString().length();
        }
    }
}
