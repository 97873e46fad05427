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
 *     port (or, for UDP, the client port) is chosen; it is attached tentatively (made) when the
 *     flow's first payload or stream gap arrives, so flows that never carry data (scans,
 *     unanswered SYNs) cost no analyzer.</li>
 * <li>On each of the first {@value #PROBE_CHUNKS} payload chunks of each direction, every other
 *     analyzer's {@link AnalyzerFactory#probe} runs on the chunk; a match attaches it. So a protocol
 *     on a non-standard port is found from its bytes.</li>
 * <li>{@code confirm()} names the flow's application (first confirmation wins); from then on only
 *     the analyzers that can begin inside that application ({@link AnalyzerFactory#probesAfter}: TLS
 *     after a clear-text negotiation, FHIR after plain HTTP) are still probed. {@code violation()}
 *     detaches the analyzer; {@code done()} stops feeding it.</li>
 * <li>A TCP flow's stream is requested at start (probes need its first bytes) and released as soon
 *     as no analyzer is left and probing is over, so bulk transfers cost only the flow table.</li>
 * </ol>
 *
 * <h2>Cost</h2>
 * Port hints are looked up in one table per transport (a bit per analyzer, indexed by port), built
 * once. Per-flow state is one small object (the flow id is made when an analyzer is first called,
 * the MAC address objects only when an analyzer asks for them) and, only for flows with analyzers, a small object per attachment (stream
 * buffers are made only when an analyzer leaves bytes behind). Payload bytes are copied into one
 * scratch array only when some analyzer will read them (analyzers take {@code byte[]}): once a
 * direction's probes are over and its analyzers are done or detached, its bytes are neither
 * copied nor looked at, and a TCP flow's stream is released when both directions are there.
 */
public final class Dispatcher implements PacketListener {
    /** Payload chunks per direction on which unattached analyzers are probed. */
    static final int PROBE_CHUNKS = 4;
    private static final Attachment[] NONE = new Attachment[0];

    private final AnalyzerFactory[] tcp;
    private final AnalyzerFactory[] udp;
    /** Per transport and port: bit i set when analyzer i of that transport hints at the port. */
    private final long[] tcpPorts;
    private final long[] udpPorts;
    /** Lifecycle counter cells per transport and analyzer ({@code <name>_attached} ...). */
    private final long[][] tcpAttachedCount;
    private final long[][] udpAttachedCount;
    private final long[][] tcpConfirmedCount;
    private final long[][] udpConfirmedCount;
    private final long[][] tcpViolationCount;
    private final long[][] udpViolationCount;
    /** Per transport and analyzer i: the analyzers still probed once i has confirmed a flow. */
    private final long[] tcpProbedAfter;
    private final long[] udpProbedAfter;
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
        if (tcp.length > 64 || udp.length > 64) {
            throw new IllegalArgumentException("at most 64 flow analyzers per transport");
        }
        this.tcpPorts = portTable(tcp);
        this.udpPorts = portTable(udp);
        this.tcpAttachedCount = counterCells(tcp, "_attached");
        this.udpAttachedCount = counterCells(udp, "_attached");
        this.tcpConfirmedCount = counterCells(tcp, "_confirmed");
        this.udpConfirmedCount = counterCells(udp, "_confirmed");
        this.tcpViolationCount = counterCells(tcp, "_violation");
        this.udpViolationCount = counterCells(udp, "_violation");
        this.tcpProbedAfter = probedAfter(tcp);
        this.udpProbedAfter = probedAfter(udp);
        this.frameAnalyzers = frameAnalyzers.toArray(FrameAnalyzer[]::new);
        this.sink = sink;
        this.ctx = new DispatchContext(sink, counters, a -> {
            if (confirming != null && confirming.application == null) {
                confirming.application = a.factory.name();
                confirming.unprobed &= a.probedAfter;
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

    private static long[] portTable(AnalyzerFactory[] factories) {
        long[] table = new long[65536];
        for (int i = 0; i < factories.length; i++) {
            for (int port : factories[i].portHints()) {
                if (port >= 0 && port < table.length) {
                    table[port] |= 1L << i;
                }
            }
        }
        return table;
    }

    private static long[] probedAfter(AnalyzerFactory[] factories) {
        long[] out = new long[factories.length];
        for (int i = 0; i < factories.length; i++) {
            for (int j = 0; j < factories.length; j++) {
                if (j != i && factories[j].probesAfter(factories[i].name())) {
                    out[i] |= 1L << j;
                }
            }
        }
        return out;
    }

    private long[][] counterCells(AnalyzerFactory[] factories, String suffix) {
        long[][] out = new long[factories.length][];
        for (int i = 0; i < factories.length; i++) {
            out[i] = counters.cell(factories[i].name() + suffix);
        }
        return out;
    }

    /** Per-flow dispatch state. */
    static final class FlowState {
        long generation;
        private FlowId id;
        private MacAddress clientMac;
        private MacAddress serverMac;
        long clientMacValue;
        long serverMacValue;
        int vlan;
        boolean tcp;
        Attachment[] attached = NONE;
        /** Bit i: analyzer i of the flow's transport is attached (or was, and was detached). */
        long attachedMask;
        /** Bit i: analyzer i is still to be probed (not attached, and not ruled out by the flow's confirmed application). */
        long unprobed;
        /** Bit i: analyzer i was chosen by port hint and is attached with the flow's first payload. */
        long hinted;
        int probedClient;
        int probedServer;
        String application;
        boolean streaming;

        boolean probing() {
            return unprobed != 0 && (probedClient < PROBE_CHUNKS || probedServer < PROBE_CHUNKS);
        }

        boolean probing(boolean fromClient) {
            return unprobed != 0 && (fromClient ? probedClient < PROBE_CHUNKS : probedServer < PROBE_CHUNKS);
        }

        FlowId id(FlowView flow) {
            if (id == null) {
                id = flow.id();
            }
            return id;
        }

        MacAddress clientMac() {
            if (clientMac == null && clientMacValue != 0) {
                clientMac = new MacAddress(clientMacValue);
            }
            return clientMac;
        }

        MacAddress serverMac() {
            if (serverMac == null && serverMacValue != 0) {
                serverMac = new MacAddress(serverMacValue);
            }
            return serverMac;
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
        s.vlan = flow.vlan();
        s.clientMacValue = flow.clientMac();
        s.serverMacValue = flow.serverMac();
        s.unprobed = candidates.length == 64 ? -1L : (1L << candidates.length) - 1;
        long hinted = isTcp ? tcpPorts[flow.serverPort() & 0xFFFF]
                : udpPorts[flow.serverPort() & 0xFFFF] | udpPorts[flow.clientPort() & 0xFFFF];
        s.hinted = hinted;
        s.unprobed &= ~hinted;
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
        if (s.hinted != 0) {
            attachHinted(s, udp, false);
        }
        boolean probing = s.probing(fromClient);
        if (!probing && !s.anyActive()) {
            return;
        }
        int len = copy(pkt.buf(), pkt.payloadOffset(), pkt.payloadLength());
        long ts = pkt.tsNanos();
        if (probing) {
            probe(s, udp, fromClient, len, false);
        }
        for (Attachment a : s.attached) {
            if (a.active()) {
                ctx.forFlow(ts, s.id(flow), s, a);
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
        if (s.hinted != 0) {
            attachHinted(s, tcp, true);
        }
        boolean probing = s.probing(fromClient);
        if (!probing && !s.anyActive()) {
            // nothing will read these bytes: no copy; the stream goes when the other side is done too
            releaseWhenIdle(flow, s);
            return;
        }
        int len = copy(buf, offset, length);
        if (probing) {
            probe(s, tcp, fromClient, len, true);
        }
        for (Attachment a : s.attached) {
            if (a.active()) {
                ctx.forFlow(tsNanos, s.id(flow), s, a);
                confirming = s;
                a.feedStream(fromClient, scratch, 0, len, ctx);
                if (a.active() && a.fed(true) >= a.factory.maxStreamBytes() && a.fed(false) >= a.factory.maxStreamBytes()) {
                    a.state = Attachment.DONE;
                    a.releaseBuffers();
                }
            }
        }
        applyApplication(flow, s);
        releaseWhenIdle(flow, s);
    }

    private static void releaseWhenIdle(FlowView flow, FlowState s) {
        if (s.streaming && !s.probing() && !s.anyActive()) {
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
        if (s.hinted != 0) {
            attachHinted(s, tcp, true);
        }
        for (Attachment a : s.attached) {
            if (a.active()) {
                ctx.forFlow(tsNanos, s.id(flow), s, a);
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
                    ctx.forFlow(record.lastSeen() == null ? 0 : toNanos(record), s.id(flow), s, a);
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

    /** Flows that have dispatch state now. */
    int flowStates() {
        int n = 0;
        for (FlowState s : states) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }

    /** Drops every flow's dispatch state (and so what its analyzers hold): for heap measurements in tests. */
    void forgetFlowStates() {
        Arrays.fill(states, null);
    }

    // ---------------------------------------------------------------- helpers

    private void probe(FlowState s, AnalyzerFactory[] candidates, boolean fromClient, int len, boolean isTcp) {
        if (fromClient) {
            s.probedClient++;
        } else {
            s.probedServer++;
        }
        long todo = s.unprobed;
        while (todo != 0) {
            int i = Long.numberOfTrailingZeros(todo);
            todo &= todo - 1;
            AnalyzerFactory f = candidates[i];
            boolean match;
            try {
                match = f.probe(fromClient, scratch, 0, len);
            } catch (RuntimeException | StackOverflowError e) {
                counters.inc(f.name() + "_probe_error");
                match = false;
            }
            if (match) {
                attach(s, candidates, i, isTcp);
            }
        }
    }

    private void attachHinted(FlowState s, AnalyzerFactory[] candidates, boolean isTcp) {
        long hinted = s.hinted;
        s.hinted = 0;
        while (hinted != 0) {
            int i = Long.numberOfTrailingZeros(hinted);
            hinted &= hinted - 1;
            attach(s, candidates, i, isTcp);
        }
    }

    private void attach(FlowState s, AnalyzerFactory[] candidates, int i, boolean isTcp) {
        AnalyzerFactory f = candidates[i];
        Attachment a;
        try {
            a = new Attachment(f, f.newAnalyzer(), (isTcp ? tcpConfirmedCount : udpConfirmedCount)[i],
                    (isTcp ? tcpViolationCount : udpViolationCount)[i], (isTcp ? tcpProbedAfter : udpProbedAfter)[i]);
        } catch (RuntimeException e) {
            counters.inc(f.name() + "_internal_error");
            return;
        }
        Attachment[] grown = Arrays.copyOf(s.attached, s.attached.length + 1);
        grown[s.attached.length] = a;
        s.attached = grown;
        s.attachedMask |= 1L << i;
        s.unprobed &= ~(1L << i);
        (isTcp ? tcpAttachedCount : udpAttachedCount)[i][0]++;
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
