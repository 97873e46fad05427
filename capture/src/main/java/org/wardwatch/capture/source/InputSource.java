package org.wardwatch.capture.source;

import java.io.IOException;
import java.util.Map;

/**
 * What the pcap and pcapng readers share: the bytes under them ({@link CaptureInput}, mapped or
 * streamed), the read position, the input's name and the anomaly counters, with the
 * {@link PacketSource} plumbing over them. Subclasses parse records and advance {@link #pos}.
 */
abstract class InputSource implements PacketSource {
    protected final CaptureInput in;
    protected final String name;
    protected final CaptureAnomaly.Counters anomalies = new CaptureAnomaly.Counters();
    /** Byte offset of the next record in the input. */
    protected long pos;
    /** The input's byte order is the opposite of the network order that {@link #u16}/{@link #u32} return. */
    protected boolean swap;
    /** Reading has ended (end of input, or a record that cannot be skipped). */
    protected boolean ended;
    /** The first byte of the record after the one just returned (see {@link #prefetch}); never read. */
    @SuppressWarnings("unused")
    private byte prefetched;

    InputSource(CaptureInput in, String name, long start) {
        this.in = in;
        this.name = name;
        this.pos = start;
    }

    /**
     * Loads the byte at {@code index} of the current window, if there is one: called with the next
     * record's header when a record is returned. That header's address depends on this record's
     * length, so without this load the CPU could not fetch it before the packet's decoding and flow
     * lookup are done; with it, the fetch overlaps them.
     */
    protected final void prefetch(java.nio.ByteBuffer b, int index) {
        if (index < b.limit()) {
            prefetched = b.get(index);
        }
    }

    /** The bytes under this reader (tests check its memory bound). */
    CaptureInput input() {
        return in;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long sizeBytes() {
        return in.sizeBytes();
    }

    @Override
    public long position() {
        return in.position(pos);
    }

    @Override
    public Map<String, Long> anomalies() {
        return anomalies.toMap();
    }

    /** Ends reading, counting {@code why} when given; returns false for {@code next}. */
    protected final boolean end(CaptureAnomaly why) {
        if (why != null) {
            anomalies.add(why);
        }
        ended = true;
        return false;
    }

    protected final int u32(java.nio.ByteBuffer b, int i) {
        int v = b.getInt(i);
        return swap ? Integer.reverseBytes(v) : v;
    }

    protected final int u16(java.nio.ByteBuffer b, int i) {
        short v = b.getShort(i);
        return (swap ? Short.reverseBytes(v) : v) & 0xffff;
    }

    long anomaly(CaptureAnomaly a) {
        return anomalies.get(a);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
