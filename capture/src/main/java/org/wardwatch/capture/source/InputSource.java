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

    InputSource(CaptureInput in, String name, long start) {
        this.in = in;
        this.name = name;
        this.pos = start;
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

    long anomaly(CaptureAnomaly a) {
        return anomalies.get(a);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
