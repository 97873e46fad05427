package org.wardwatch.protocols.dispatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.engine.PacketListener;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.AnalyzerFactory.Transport;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/**
 * Bridges the packet engine to the protocol analyzers: decides which analyzers look at a flow,
 * feeds them datagrams and reassembled stream bytes, and forwards their observations and the
 * flow records to one sink.
 *
 * <h2>Which analyzers see a flow (after Zeek's dynamic protocol detection)</h2>
 * <ol>
 * <li>At flow start, every analyzer of the flow's transport whose port hints contain the server
 *     port (or, for UDP, the client port) is attached tentatively.</li>
 * <li>On each of the first {@value #PROBE_CHUNKS} payload chunks of each direction, every other
 *     analyzer's {@link AnalyzerFactory#probe} runs on the chunk; a match attaches it. So a protocol
 *     on a non-standard port is found from its bytes.</li>
 * <li>{@code confirm()} names the flow's application (first confirmation wins); {@code violation()}
 *     detaches the analyzer; {@code done()} stops feeding it.</li>
 * <li>A TCP flow's stream is requested at start (probes need its first bytes) and released as soon
 *     as no analyzer is left and probing is over, so bulk transfers cost only the flow table.</li>
 * </ol>
 *
 * <h2>Cost</h2>
 * Per-flow state is an array slot and, only for flows with analyzers, a small object per
 * attachment. Payload bytes are copied into one scratch array per call (analyzers take
 * {@code byte[]}); flows without analyzers copy nothing.
 */
public final class Dispatcher implements PacketListener {
    /** Payload chunks per direction on which unattached analyzers are probed. */
    static final int PROBE_CHUNKS = 4;
    private static final Attachment[] NONE = new Attachment[0];

    private final AnalyzerFactory[] tcp;
    private final AnalyzerFactory[] udp;
    private final FrameAnalyzer[] frameAnalyzers;
    private final Consumer<Observation> sink;
    private final AnalyzerCounters counters = new AnalyzerCounters();
    private final DispatchContext ctx;
    private FlowState[] states = new FlowState[1024];
    private byte[] scratch = new byte[65536];
    private FlowState confirming;

    public Dispatcher(List<AnalyzerFactory> flowAnalyzers, List<FrameAnalyzer> frameAnalyzers, Consumer<Observation> sink) {
        List<AnalyzerFactory> t = new ArrayList<>();
        List<AnalyzerFactory> u = new ArrayList<>();
        for (AnalyzerFactory f : flowAnalyzers) {
            (f.transport() == Transport.TCP ? t : u).add(f);
        }
        this.tcp = t.toArray(AnalyzerFactory[]::new);
        this.udp = u.toArray(AnalyzerFactory[]::new);
        this.frameAnalyzers = frameAnalyzers.toArray(FrameAnalyzer[]::new);
        this.sink = sink;
        this.ctx = new DispatchContext(sink, counters, a -> {
            if (confirming != null && confirming.application == null) {
                confirming.application = a.factory.name();
            }
        });
    }

    public AnalyzerCounters counters() {
        return counters;
    }

    /** Observations the analyzers emitted so far. */
    public long observationsEmitted() {
        return ctx.emitted();
    }

    /** Per-flow dispatch state. */
    private static final class FlowState {
        long generation;
        FlowId id;
        MacAddress clientMac;
        MacAddress serverMac;
        int vlan;
        boolean tcp;
        Attachment[] attached = NONE;
        int probedClient;
        int probedServer;
        String application;
        boolean streaming;

        boolean probing() {
            return probedClient < PROBE_CHUNKS || probedServer < PROBE_CHUNKS;
        }

        boolean anyActive() {
            for (Attachment a : attached) {
                if (a.active()) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---------------------------------------------------------------- frames

    @Override
    public void onFrame(DecodedPacket pkt) {
        if (frameAnalyzers.length == 0) {
            return;
        }
        int et = pkt.etherType();
        MacAddress src = null;
        MacAddress dst = null;
        for (FrameAnalyzer fa : frameAnalyzers) {
            if (!fa.accepts(et, -1)) {
                continue;
            }
            if (src == null) {
                src = pkt.srcMac();
                dst = pkt.dstMac();
            }
            int len = copy(pkt.buf(), pkt.l3Offset(), pkt.l3Length());
            ctx.forFrame(pkt.tsNanos(), src, dst, pkt.vlan(), fa.name(), null, null, -1);
            callFrame(fa, len);
        }
    }

    private void callFrame(FrameAnalyzer fa, int len) {
        try {
            fa.onFrame(scratch, 0, len, ctx);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.frameError(fa.name());
        }
    }

    // ---------------------------------------------------------------- flows

    @Override
    public void onFlowStart(FlowView flow, DecodedPacket first) {
        int proto = flow.protocol();
        boolean isTcp = proto == FlowId.TCP;
        if (!isTcp && proto != FlowId.UDP) {
            return;
        }
        AnalyzerFactory[] candidates = isTcp ? tcp : udp;
        if (candidates.length == 0) {
            return;
        }
        FlowState s = new FlowState();
        s.generation = flow.generation();
        s.tcp = isTcp;
        s.id = flow.id();
        s.vlan = flow.vlan();
        s.clientMac = flow.clientMac() != 0 ? new MacAddress(flow.clientMac()) : null;
        s.serverMac = flow.serverMac() != 0 ? new MacAddress(flow.serverMac()) : null;
        int sp = flow.serverPort();
        int cp = flow.clientPort();
        for (AnalyzerFactory f : candidates) {
            if (hinted(f, sp) || (!isTcp && hinted(f, cp))) {
                attach(s, f);
            }
        }
        put(flow.slot(), s);
        if (isTcp) {
            flow.requestStream();
            s.streaming = true;
        }
    }

    @Override
    public void onPacket(FlowView flow, DecodedPacket pkt, boolean fromClient) {
        int proto = pkt.ipProtocol();
        if (proto != FlowId.UDP) {
            if (proto != FlowId.TCP && frameAnalyzers.length > 0) {
                ipFrame(pkt);
            }
            return;
        }
        FlowState s = get(flow);
        if (s == null || pkt.payloadLength() == 0) {
            return;
        }
        int len = copy(pkt.buf(), pkt.payloadOffset(), pkt.payloadLength());
        long ts = pkt.tsNanos();
        if (fromClient ? s.probedClient < PROBE_CHUNKS : s.probedServer < PROBE_CHUNKS) {
            probe(s, udp, fromClient, len);
        }
        for (Attachment a : s.attached) {
            if (a.active()) {
                ctx.forFlow(ts, s.id, s.clientMac, s.serverMac, s.vlan, a);
                confirming = s;
                try {
                    a.analyzer.onDatagram(fromClient, scratch, 0, len, ctx);
                } catch (RuntimeException | StackOverflowError e) {
                    ctx.internalError(a, e);
                }
            }
        }
        applyApplication(flow, s);
    }

    private void ipFrame(DecodedPacket pkt) {
        int proto = pkt.ipProtocol();
        int et = pkt.etherType();
        for (FrameAnalyzer fa : frameAnalyzers) {
            if (!fa.accepts(et, proto)) {
                continue;
            }
            int len = copy(pkt.buf(), pkt.l4Offset(), pkt.l4Length());
            ctx.forFrame(pkt.tsNanos(), pkt.srcMac(), pkt.dstMac(), pkt.vlan(), fa.name(), pkt.srcIp(), pkt.dstIp(), pkt.ttl());
            callFrame(fa, len);
        }
    }

    @Override
    public void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos) {
        FlowState s = get(flow);
        if (s == null || length <= 0) {
            return;
        }
        int len = copy(buf, offset, length);
        if (fromClient ? s.probedClient < PROBE_CHUNKS : s.probedServer < PROBE_CHUNKS) {
            probe(s, tcp, fromClient, len);
        }
        for (Attachment a : s.attached) {
            if (a.active()) {
                ctx.forFlow(tsNanos, s.id, s.clientMac, s.serverMac, s.vlan, a);
                confirming = s;
                a.feedStream(fromClient, scratch, 0, len, ctx);
                if (a.active() && a.fed(true) >= a.factory.maxStreamBytes() && a.fed(false) >= a.factory.maxStreamBytes()) {
                    a.state = Attachment.DONE;
                }
            }
        }
        applyApplication(flow, s);
        if (!s.probing() && !s.anyActive() && s.streaming) {
            flow.releaseStream();
            s.streaming = false;
        }
    }

    @Override
    public void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos) {
        FlowState s = get(flow);
        if (s == null) {
            return;
        }
        for (Attachment a : s.attached) {
            if (a.active()) {
                ctx.forFlow(tsNanos, s.id, s.clientMac, s.serverMac, s.vlan, a);
                a.gap(fromClient, missingBytes, ctx);
            }
        }
    }

    @Override
    public void onFlowEnd(FlowView flow, FlowRecord record) {
        FlowState s = get(flow);
        if (s != null) {
            for (Attachment a : s.attached) {
                if (a.state != Attachment.DETACHED) {
                    ctx.forFlow(record.lastSeen() == null ? 0 : toNanos(record), s.id, s.clientMac, s.serverMac, s.vlan, a);
                    confirming = s;
                    try {
                        a.analyzer.onEnd(ctx);
                    } catch (RuntimeException | StackOverflowError e) {
                        ctx.internalError(a, e);
                    }
                }
            }
            states[flow.slot()] = null;
            if (record.application() == null && s.application != null) {
                record = withApplication(record, s.application);
            }
        }
        sink.accept(record);
    }

    private static long toNanos(FlowRecord r) {
        return r.lastSeen().getEpochSecond() * 1_000_000_000L + r.lastSeen().getNano();
    }

    private static FlowRecord withApplication(FlowRecord r, String app) {
        return new FlowRecord(r.ts(), r.flow(), r.firstSeen(), r.lastSeen(), r.clientMac(), r.serverMac(), r.innerVlan(),
                r.clientPackets(), r.clientBytes(), r.serverPackets(), r.serverBytes(), r.clientPayloadBytes(),
                r.serverPayloadBytes(), r.clientTcpFlags(), r.serverTcpFlags(), r.state(), r.endReason(), app);
    }

    // ---------------------------------------------------------------- helpers

    private void probe(FlowState s, AnalyzerFactory[] candidates, boolean fromClient, int len) {
        if (fromClient) {
            s.probedClient++;
        } else {
            s.probedServer++;
        }
        for (AnalyzerFactory f : candidates) {
            if (isAttached(s, f)) {
                continue;
            }
            boolean match;
            try {
                match = f.probe(fromClient, scratch, 0, len);
            } catch (RuntimeException | StackOverflowError e) {
                counters.inc(f.name() + "_probe_error");
                match = false;
            }
            if (match) {
                attach(s, f);
            }
        }
    }

    private void attach(FlowState s, AnalyzerFactory f) {
        Attachment a;
        try {
            a = new Attachment(f, f.newAnalyzer());
        } catch (RuntimeException e) {
            counters.inc(f.name() + "_internal_error");
            return;
        }
        Attachment[] grown = Arrays.copyOf(s.attached, s.attached.length + 1);
        grown[s.attached.length] = a;
        s.attached = grown;
        counters.inc(f.name() + "_attached");
    }

    private static boolean isAttached(FlowState s, AnalyzerFactory f) {
        for (Attachment a : s.attached) {
            if (a.factory == f) {
                return true;
            }
        }
        return false;
    }

    private static boolean hinted(AnalyzerFactory f, int port) {
        for (int p : f.portHints()) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    private void applyApplication(FlowView flow, FlowState s) {
        if (s.application != null && flow.application() == null) {
            flow.setApplication(s.application);
        }
    }

    private FlowState get(FlowView flow) {
        int slot = flow.slot();
        if (slot >= states.length) {
            return null;
        }
        FlowState s = states[slot];
        return s != null && s.generation == flow.generation() ? s : null;
    }

    private void put(int slot, FlowState s) {
        if (slot >= states.length) {
            int size = states.length;
            while (size <= slot) {
                size *= 2;
            }
            states = Arrays.copyOf(states, size);
        }
        states[slot] = s;
    }

    private int copy(ByteBuffer buf, int offset, int length) {
        if (length > scratch.length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buf.get(offset, scratch, 0, length);
        return length;
    }
}
