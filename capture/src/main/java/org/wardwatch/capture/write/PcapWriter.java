package org.wardwatch.capture.write;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes classic pcap (little-endian, nanosecond timestamps, magic 0xa1b23c4d) as a stream: bounded
 * memory whatever the size. A path ending in {@code .gz} is gzip-compressed.
 */
public final class PcapWriter implements Closeable {
    public static final int LINKTYPE_ETHERNET = 1;
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final int snaplen;
    private long packets;

    public PcapWriter(OutputStream out, int linkType, int snaplen) throws IOException {
        this.out = out;
        this.snaplen = snaplen;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
        out.write(h.array());
    }

    public static PcapWriter create(Path path, int linkType) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        if (path.getFileName().toString().endsWith(".gz")) {
            os = new BufferedOutputStream(new GZIPOutputStream(os, 1 << 16), 1 << 16);
        }
        return new PcapWriter(os, linkType, 262144);
    }

    /** Writes one frame captured at {@code tsNanos} (nanoseconds since the epoch). */
    public void write(long tsNanos, byte[] frame, int offset, int length) throws IOException {
        int cap = Math.min(length, snaplen);
        header.clear();
        header.putInt((int) Math.floorDiv(tsNanos, 1_000_000_000L)).putInt((int) Math.floorMod(tsNanos, 1_000_000_000L))
                .putInt(cap).putInt(length);
        out.write(header.array(), 0, 16);
        out.write(frame, offset, cap);
        packets++;
    }

    public void write(long tsNanos, byte[] frame) throws IOException {
        write(tsNanos, frame, 0, frame.length);
    }

    public long packets() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
