package org.wardwatch.testkit;

import java.nio.ByteBuffer;
import java.util.List;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;

/**
 * A {@link PacketSource} over frames held in memory (built with {@link Frames}), for tests that feed
 * the engine without a capture file. All frames share one buffer, as a memory-mapped file would.
 */
public final class FrameSource implements PacketSource {
    private final ByteBuffer buf;
    private final int[] offsets;
    private final int[] lengths;
    private final long[] times;
    private final int linkType;
    private int next;

    public FrameSource(List<Frames.Timed> frames, int linkType) {
        int total = 0;
        for (Frames.Timed t : frames) {
            total += t.frame().length;
        }
        buf = ByteBuffer.allocate(Math.max(total, 1));
        offsets = new int[frames.size()];
        lengths = new int[frames.size()];
        times = new long[frames.size()];
        int pos = 0;
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i).frame();
            buf.put(pos, f);
            offsets[i] = pos;
            lengths[i] = f.length;
            times[i] = frames.get(i).tsNanos();
            pos += f.length;
        }
        this.linkType = linkType;
    }

    @Override
    public boolean next(Packet into) {
        if (next == offsets.length) {
            return false;
        }
        into.set(buf, offsets[next], lengths[next], lengths[next], times[next], linkType);
        into.number = next + 1;
        into.fileOffset = offsets[next];
        next++;
        return true;
    }

    @Override
    public String name() {
        return "frames";
    }

    @Override
    public long sizeBytes() {
        return buf.capacity();
    }

    @Override
    public long position() {
        return next == 0 ? 0 : offsets[next - 1] + lengths[next - 1];
    }

    @Override
    public void close() {
    }
}
