package org.wardwatch.capture.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.decode.PacketDecoder;
import org.wardwatch.capture.flow.FlowTable;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.capture.frag.Defragmenter;
import org.wardwatch.capture.reassembly.StreamReassembler;
import org.wardwatch.capture.reassembly.StreamSink;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;

/**
 * The packet path: {@link PacketSource} → {@link PacketDecoder} → {@link Defragmenter} →
 * {@link FlowTable} → {@link StreamReassembler} → {@link PacketListener}, on the caller's thread,
 * allocating nothing per packet.
 *
 * <p>Callbacks, in packet order: {@code onFrame} for frames without an IP flow; for IP packets,
 * {@code onFlowStart} (a new flow, before its first packet's {@code onPacket}), {@code onPacket}, then
 * for flows that requested their stream {@code onStreamData}/{@code onStreamGap}; {@code onFlowEnd}
 * when a flow ends (timeouts and evictions happen while later packets are processed; the end of input
 * ends every flow still open with reason {@code end_of_input}). A stream's buffered bytes and holes
 * are delivered before its flow's {@code onFlowEnd}.
 *
 * <pre>{@code
 * Engine engine = new Engine(EngineConfig.defaults(), listener);
 * EngineStats stats = engine.run(List.of(source1, source2)); // in sequence, then end of input
 * }</pre>
 * or, packet by packet (live capture, tests): {@link #accept(Packet)} ... {@link #finish()}.
 *
 * <p>One engine per thread; an engine runs once ({@link #finish()} ends it).
 */
public final class Engine {
    /** Progress of a run, for a progress bar: called every few thousand packets and once at the end. */
    @FunctionalInterface
    public interface Progress {
        /** @param totalBytes the inputs' total size, -1 when unknown (standard input, live capture) */
        void update(long bytesDone, long totalBytes);
    }

    private static final int PROGRESS_EVERY = 1 << 14;
    private static final long SECOND = 1_000_000_000L;

    private final EngineConfig config;
    private final PacketListener listener;
    private final Anomalies anomalies = new Anomalies();
    private final PacketDecoder decoder;
    private final Defragmenter defragmenter;
    private final FlowTable flows;
    private final StreamReassembler reassembler;
    private final FlowTable.Cursor view;
    private final FlowTable.Cursor endView;
    private final DecodedPacket d = new DecodedPacket();
    private Progress progress;
    private volatile boolean stopRequested;

    private long packets, bytes, capturedBytes, ipPackets, nonIp, malformed, truncated, fragments, sourcesRead;
    private long nextHousekeeping = Long.MIN_VALUE;
    private long startNanos = -1, endNanos = -1;
    private boolean finished;

    public Engine(EngineConfig config, PacketListener listener) {
        this.config = config;
        this.listener = listener;
        this.decoder = new PacketDecoder(anomalies, config.maxTunnelDepth(), config.vxlanPort());
        this.defragmenter = new Defragmenter(anomalies, Math.max(1, config.maxFragmentDatagrams()),
                config.fragmentTimeout().toNanos());
        this.flows = new FlowTable(config.flowTableConfig(), anomalies);
        this.view = flows.cursor();
        this.endView = flows.cursor();
        this.reassembler = new StreamReassembler(anomalies, new Sink(), config.streamWindowBytes(),
                config.maxStreamWindows(), config.streamCapBytes(), config.maxStreams());
        flows.setEndHandler(this::flowEnding);
    }

    /** Sets the progress callback (before {@link #run}). */
    public Engine progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** Asks a running {@link #run} to stop after the current packet (from another thread). */
    public void stop() {
        stopRequested = true;
    }

    /** Reads one source to its end, then ends every flow (see {@link #run(List)}). */
    public EngineStats run(PacketSource source) throws IOException {
        return run(List.of(source));
    }

    /**
     * Reads the sources one after the other (as one capture: flows continue across them), then ends
     * every flow still open ({@code end_of_input}) and returns the run's statistics. The caller
     * closes the sources. A {@link org.wardwatch.capture.source.CaptureFormatException} from a source
     * propagates after the flows seen so far were ended.
     */
    public EngineStats run(List<? extends PacketSource> sources) throws IOException {
        long total = 0;
        for (PacketSource s : sources) {
            long size = s.sizeBytes();
            if (size < 0) {
                total = -1;
                break;
            }
            total += size;
        }
        Packet p = new Packet();
        long doneBefore = 0;
        try {
            for (PacketSource source : sources) {
                try {
                    long n = 0;
                    while (!stopRequested && source.next(p)) {
                        accept(p);
                        if ((++n & (PROGRESS_EVERY - 1)) == 0 && progress != null) {
                            long pos = source.position();
                            progress.update(doneBefore + Math.max(pos, 0), total);
                        }
                    }
                } finally {
                    sourcesRead++;
                    for (Map.Entry<String, Long> e : source.anomalies().entrySet()) {
                        anomalies.add(e.getKey(), e.getValue());
                    }
                    long size = source.sizeBytes();
                    doneBefore += size >= 0 ? size : Math.max(source.position(), 0);
                }
                if (stopRequested) {
                    break;
                }
            }
        } finally {
            if (progress != null) {
                progress.update(doneBefore, total);
            }
            if (!finished) {
                finish();
            }
        }
        return stats();
    }

    /** Processes one packet (the {@link Packet} is not kept). */
    public void accept(Packet p) {
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
        packets++;
        bytes += p.origLen;
        capturedBytes += p.capLen;
        DecodedPacket d = this.d;
        int r = decoder.decode(p, d);
        if (d.truncated) {
            truncated++;
        }
        long ts = d.tsNanos;
        if (ts >= nextHousekeeping) {
            housekeeping(ts);
        }
        switch (r) {
            case PacketDecoder.IP:
                flowPacket(d);
                break;
            case PacketDecoder.FRAME:
                nonIp++;
                listener.onFrame(d);
                break;
            case PacketDecoder.FRAGMENT:
                fragments++;
                if (defragmenter.add(d)) {
                    d.frameLength = (int) Math.min(Integer.MAX_VALUE, defragmenter.wireBytes());
                    int r2 = decoder.decodeDatagram(defragmenter.buffer(), defragmenter.offset(), defragmenter.length(),
                            defragmenter.version(), d);
                    if (r2 == PacketDecoder.IP) {
                        flowPacket(d);
                    } else if (r2 == PacketDecoder.FRAME) {
                        nonIp++;
                        listener.onFrame(d);
                    } else if (r2 == PacketDecoder.MALFORMED) {
                        malformed++;
                    }
                }
                break;
            case PacketDecoder.OTHER:
                nonIp++;
                break;
            default:
                malformed++;
                break;
        }
    }

    /** Once per second of packet time: flows and fragments past their timeouts end. */
    private void housekeeping(long ts) {
        if (nextHousekeeping != Long.MIN_VALUE) {
            flows.expire(ts);
            defragmenter.expire(ts);
        }
        nextHousekeeping = ts + SECOND;
    }

    private void flowPacket(DecodedPacket d) {
        ipPackets++;
        int slot = flows.packet(d);
        FlowTable.Cursor v = view.point(slot);
        if (flows.lastCreated()) {
            listener.onFlowStart(v, d);
        }
        boolean fromClient = flows.lastFromClient();
        listener.onPacket(v, d, fromClient);
        if (d.ipProtocol == 6) {
            int h = flows.streamHandle(slot);
            if (flows.streamRequested(slot)) {
                if (h < 0) {
                    h = reassembler.open();
                    if (h < 0) {
                        flows.setStreamRequested(slot, false);
                        return;
                    }
                    flows.setStreamHandle(slot, h);
                }
                reassembler.segment(h, v, fromClient, d);
            } else if (h >= 0) {
                reassembler.release(h);
                flows.setStreamHandle(slot, -1);
            }
        }
    }

    private void flowEnding(int slot, int reason) {
        FlowTable.Cursor v = endView.point(slot);
        int h = flows.streamHandle(slot);
        if (h >= 0) {
            if (flows.streamRequested(slot)) {
                reassembler.close(h, v, flows.lastSeenNanos(slot));
            } else {
                reassembler.release(h);
            }
            flows.setStreamHandle(slot, -1);
        }
        listener.onFlowEnd(v, flows.record(slot, reason));
    }

    /** Forwards reassembled bytes to the listener while the flow still wants them. */
    private final class Sink implements StreamSink {
        @Override
        public void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos) {
            if (flows.streamRequested(flow.slot())) {
                listener.onStreamData(flow, fromClient, buf, offset, length, tsNanos);
            }
        }

        @Override
        public void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos) {
            if (flows.streamRequested(flow.slot())) {
                listener.onStreamGap(flow, fromClient, missingBytes, tsNanos);
            }
        }
    }

    /** Ends the input: incomplete fragments are dropped, every open flow ends with {@code end_of_input}. */
    public EngineStats finish() {
        if (!finished) {
            finished = true;
            defragmenter.flush();
            flows.flush(FlowTable.END_OF_INPUT);
            endNanos = System.nanoTime();
            if (startNanos < 0) {
                startNanos = endNanos;
            }
        }
        return stats();
    }

    /** The statistics so far (final after {@link #finish()}). */
    public EngineStats stats() {
        Map<String, Long> ends = new LinkedHashMap<>();
        for (int r = FlowTable.END_FIN; r <= FlowTable.END_OF_INPUT; r++) {
            ends.put(FlowTable.endReasonName(r), flows.ended(r));
        }
        long elapsed = startNanos < 0 ? 0 : (endNanos >= 0 ? endNanos : System.nanoTime()) - startNanos;
        return new EngineStats(packets, bytes, capturedBytes, ipPackets, nonIp, malformed, truncated, fragments,
                defragmenter.reassembled(), flows.flowsCreated(), flows.peakFlows(), flows.evicted(), flows.evictedPackets(),
                flows.evictedBytes(), ends, reassembler.bytesDelivered(), reassembler.gaps(), anomalies.snapshot(),
                (int) sourcesRead, elapsed);
    }

    public EngineConfig config() {
        return config;
    }

    /** The engine's anomaly counters (live). */
    public Anomalies anomalies() {
        return anomalies;
    }

    /** The flow table (for inspection in tests and benchmarks). */
    public FlowTable flowTable() {
        return flows;
    }

    public StreamReassembler reassembler() {
        return reassembler;
    }
}
