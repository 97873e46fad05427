package org.wardwatch.capture.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.obs.FlowRecord;

/** A listener that records what the engine told it, for assertions. */
public class Recorder implements PacketListener {
    /** Callbacks in order, as short strings ("start tcp ...", "packet c", "frame 2054", "end fin ..."). */
    public final List<String> events = new ArrayList<>();
    public final List<FlowRecord> records = new ArrayList<>();
    public final List<Integer> frames = new ArrayList<>();
    /** Stream bytes per flow key ("<flow id> c" / "<flow id> s"), gaps written as '?' x missing (capped). */
    public final Map<String, ByteArrayOutputStream> streams = new HashMap<>();
    public final Map<String, Long> gaps = new HashMap<>();
    private final Map<Integer, FlowId> ids = new HashMap<>();
    public boolean requestStreams;

    public Recorder streams() {
        requestStreams = true;
        return this;
    }

    @Override
    public void onFrame(DecodedPacket pkt) {
        frames.add(pkt.etherType());
        events.add("frame " + pkt.etherType());
    }

    @Override
    public void onFlowStart(FlowView flow, DecodedPacket first) {
        ids.put(flow.slot(), flow.id());
        events.add("start " + flow.id());
        if (requestStreams) {
            flow.requestStream();
        }
    }

    @Override
    public void onPacket(FlowView flow, DecodedPacket pkt, boolean fromClient) {
        events.add("packet " + (fromClient ? "c" : "s"));
    }

    @Override
    public void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos) {
        byte[] b = new byte[length];
        buf.get(offset, b, 0, length);
        streams.computeIfAbsent(key(flow, fromClient), k -> new ByteArrayOutputStream()).writeBytes(b);
    }

    @Override
    public void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos) {
        String k = key(flow, fromClient);
        gaps.merge(k, missingBytes, Long::sum);
        events.add("gap " + (fromClient ? "c " : "s ") + missingBytes);
        ByteArrayOutputStream out = streams.computeIfAbsent(k, x -> new ByteArrayOutputStream());
        for (long i = 0; i < Math.min(missingBytes, 1 << 20); i++) {
            out.write('?');
        }
    }

    @Override
    public void onFlowEnd(FlowView flow, FlowRecord record) {
        records.add(record);
        events.add("end " + record.endReason() + " " + record.flow());
    }

    private String key(FlowView flow, boolean fromClient) {
        return ids.getOrDefault(flow.slot(), flow.id()) + (fromClient ? " c" : " s");
    }

    /** The stream bytes of the only flow whose id contains {@code flowText}, one direction. */
    public byte[] stream(String flowText, boolean fromClient) {
        for (Map.Entry<String, ByteArrayOutputStream> e : streams.entrySet()) {
            if (e.getKey().contains(flowText) && e.getKey().endsWith(fromClient ? " c" : " s")) {
                return e.getValue().toByteArray();
            }
        }
        return new byte[0];
    }

    public long gapBytes(boolean fromClient) {
        long n = 0;
        for (Map.Entry<String, Long> e : gaps.entrySet()) {
            if (e.getKey().endsWith(fromClient ? " c" : " s")) {
                n += e.getValue();
            }
        }
        return n;
    }

    public FlowRecord only() {
        if (records.size() != 1) {
            throw new AssertionError("expected one flow record, got " + records);
        }
        return records.get(0);
    }
}
