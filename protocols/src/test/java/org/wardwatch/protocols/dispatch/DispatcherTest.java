package org.wardwatch.protocols.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

class DispatcherTest {
    /** A line protocol: "HELO name\n" confirms and emits; anything else is a violation. */
    record Greeted(Instant ts, FlowId flow, String name) implements Observation {
    }

    static final class HeloFactory implements AnalyzerFactory {
        int maxBuffered = 64;

        @Override public String name() { return "helo"; }
        @Override public Transport transport() { return Transport.TCP; }
        @Override public int[] portHints() { return new int[] {2525}; }
        @Override public int maxBufferedBytes() { return maxBuffered; }

        @Override
        public boolean probe(boolean fromClient, byte[] d, int off, int len) {
            return fromClient && len >= 5 && new String(d, off, 5, StandardCharsets.US_ASCII).equals("HELO ");
        }

        @Override
        public Analyzer newAnalyzer() {
            return new Analyzer() {
                @Override
                public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
                    if (!fromClient) {
                        return len;
                    }
                    int consumed = 0;
                    for (int i = off; i < off + len; i++) {
                        if (d[i] == '\n') {
                            String line = new String(d, off + consumed, i - off - consumed, StandardCharsets.US_ASCII);
                            consumed = i - off + 1;
                            if (line.equals("BOOM")) {
                                throw new IllegalStateException("analyzer bug");
                            }
                            if (!line.startsWith("HELO ")) {
                                ctx.violation("not helo");
                                return len;
                            }
                            ctx.confirm();
                            ctx.emit(new Greeted(ctx.ts(), ctx.flow(), line.substring(5)));
                        }
                    }
                    return consumed;
                }
            };
        }
    }

    static final class Flow implements FlowView {
        final int serverPort;
        String app;
        boolean streaming;

        Flow(int serverPort) {
            this.serverPort = serverPort;
        }

        @Override public int slot() { return 7; }
        @Override public long generation() { return 3; }
        @Override public FlowId id() {
            return new FlowId(0, IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"), serverPort, FlowId.TCP);
        }
        @Override public int protocol() { return FlowId.TCP; }
        @Override public int clientPort() { return 40000; }
        @Override public int serverPort() { return serverPort; }
        @Override public int vlan() { return 0; }
        @Override public long firstSeenNanos() { return 0; }
        @Override public long lastSeenNanos() { return 0; }
        @Override public long clientMac() { return 0x020000000001L; }
        @Override public long serverMac() { return 0x020000000002L; }
        @Override public void requestStream() { streaming = true; }
        @Override public void releaseStream() { streaming = false; }
        @Override public void setApplication(String name) { app = name; }
        @Override public String application() { return app; }
    }

    private final List<Observation> out = new ArrayList<>();
    private final HeloFactory factory = new HeloFactory();
    private final Dispatcher dispatcher = new Dispatcher(List.of(factory), List.of(), out::add);

    private void send(Flow flow, boolean fromClient, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        dispatcher.onStreamData(flow, fromClient, ByteBuffer.wrap(b), 0, b.length, 1_000_000_000L);
    }

    private FlowRecord end(Flow flow) {
        Instant t = Instant.ofEpochSecond(1);
        FlowRecord r = new FlowRecord(t, flow.id(), t, t, null, null, 0, 1, 1, 1, 1, 0, 0, 0, 0, "closed", "fin", flow.app);
        dispatcher.onFlowEnd(flow, r);
        return (FlowRecord) out.get(out.size() - 1);
    }

    @Test
    void attachesByPortHintAndConfirmsAcrossSegments() {
        Flow flow = new Flow(2525);
        dispatcher.onFlowStart(flow, new DecodedPacket());
        assertThat(flow.streaming).isTrue();
        send(flow, true, "HEL");
        send(flow, true, "O ward\nHELO w");
        send(flow, true, "atch\n");
        assertThat(out).filteredOn(Greeted.class::isInstance).extracting(o -> ((Greeted) o).name()).containsExactly("ward", "watch");
        assertThat(flow.app).isEqualTo("helo");
        assertThat(end(flow).application()).isEqualTo("helo");
    }

    /** Probes for a keyword at the start of a chunk; its analyzer confirms on whatever it is fed. */
    record KeywordFactory(String name, String keyword, String probedAfter) implements AnalyzerFactory {
        @Override public Transport transport() { return Transport.TCP; }
        @Override public int[] portHints() { return new int[0]; }
        @Override public boolean probesAfter(String application) { return application.equals(probedAfter); }

        @Override
        public boolean probe(boolean fromClient, byte[] d, int off, int len) {
            return len >= keyword.length() && new String(d, off, keyword.length(), StandardCharsets.US_ASCII).equals(keyword);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new Analyzer() {
                @Override
                public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
                    ctx.confirm();
                    return len;
                }
            };
        }
    }

    @Test
    void onceConfirmedOnlyAnalyzersThatCanFollowAreProbed() {
        Dispatcher d = new Dispatcher(List.of(factory, new KeywordFactory("late", "LATE", null),
                new KeywordFactory("wrap", "WRAP", "helo")), List.of(), out::add);
        Flow flow = new Flow(2525);
        d.onFlowStart(flow, new DecodedPacket());
        byte[] helo = "HELO a\n".getBytes(StandardCharsets.US_ASCII);
        d.onStreamData(flow, true, ByteBuffer.wrap(helo), 0, helo.length, 1);
        assertThat(flow.app).isEqualTo("helo");
        for (String chunk : new String[] {"LATE\n", "WRAP\n"}) {
            byte[] b = chunk.getBytes(StandardCharsets.US_ASCII);
            d.onStreamData(flow, true, ByteBuffer.wrap(b), 0, b.length, 2);
        }
        assertThat(d.counters().get("late_attached")).as("a protocol that cannot begin inside helo").isZero();
        assertThat(d.counters().get("wrap_attached")).as("one that can (as TLS after a clear-text negotiation)").isEqualTo(1);
        // before confirmation every analyzer is probed
        Flow other = new Flow(31337);
        d.onFlowStart(other, new DecodedPacket());
        byte[] late = "LATE\n".getBytes(StandardCharsets.US_ASCII);
        d.onStreamData(other, true, ByteBuffer.wrap(late), 0, late.length, 3);
        assertThat(d.counters().get("late_attached")).isEqualTo(1);
    }

    @Test
    void hintedAnalyzerIsMadeOnlyWhenTheFlowCarriesData() {
        Flow silent = new Flow(2525);
        dispatcher.onFlowStart(silent, new DecodedPacket());
        assertThat(end(silent).application()).isNull();
        assertThat(dispatcher.counters().get("helo_attached")).as("a flow without payload (a scan, an unanswered SYN)").isZero();
        Flow talking = new Flow(2525);
        dispatcher.onFlowStart(talking, new DecodedPacket());
        send(talking, true, "HELO x\n");
        assertThat(dispatcher.counters().get("helo_attached")).isEqualTo(1);
        assertThat(talking.app).isEqualTo("helo");
    }

    @Test
    void findsProtocolOnOddPortByProbe() {
        Flow flow = new Flow(31337);
        dispatcher.onFlowStart(flow, new DecodedPacket());
        send(flow, true, "HELO odd\n");
        assertThat(out).filteredOn(Greeted.class::isInstance).hasSize(1);
        assertThat(dispatcher.counters().get("helo_attached")).isEqualTo(1);
    }

    @Test
    void otherBytesOnHintedPortAreAViolationAndReleaseTheStream() {
        Flow flow = new Flow(2525);
        dispatcher.onFlowStart(flow, new DecodedPacket());
        send(flow, true, "GET / HTTP/1.1\r\n\r\n");
        assertThat(dispatcher.counters().get("helo_violation")).isEqualTo(1);
        for (int i = 0; i < Dispatcher.PROBE_CHUNKS; i++) {
            send(flow, true, "x");
            send(flow, false, "y");
        }
        assertThat(flow.streaming).isFalse();
        assertThat(end(flow).application()).isNull();
    }

    @Test
    void unterminatedMessagePastTheBufferCapDetaches() {
        Flow flow = new Flow(2525);
        dispatcher.onFlowStart(flow, new DecodedPacket());
        send(flow, true, "HELO " + "a".repeat(100));
        send(flow, true, "b".repeat(100));
        assertThat(dispatcher.counters().get("helo_buffer_cap")).isEqualTo(1);
    }

    @Test
    void analyzerExceptionIsCountedNotThrown() {
        Flow flow = new Flow(2525);
        dispatcher.onFlowStart(flow, new DecodedPacket());
        send(flow, true, "BOOM\n");
        send(flow, true, "HELO after\n");
        assertThat(dispatcher.counters().get("helo_internal_error")).isEqualTo(1);
        assertThat(out).filteredOn(Greeted.class::isInstance).isEmpty();
    }

    @Test
    void harnessSplitsAtEveryOffsetWithSameResult() {
        byte[] msg = "HELO one\nHELO two\n".getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= msg.length; chunk++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(factory, 2525).feedSplit(true, msg, chunk).end();
            assertThat(h.observations(Greeted.class)).extracting(Greeted::name).containsExactly("one", "two");
            assertThat(h.confirmed()).isTrue();
        }
    }
}
