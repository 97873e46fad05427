package org.wardwatch.capture.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-built pcap and pcapng bytes in either byte order, for reader tests: every field is written
 * here by the test, independent of the reader and of the project's writers.
 */
public final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    private CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    /** A classic pcap header: magic 0xa1b2c3d4 (micro), 0xa1b23c4d (nano) or 0xa1b2cd34 (Kuznetzov). */
    public static CaptureBytes pcap(ByteOrder order, int magic, int snaplen, int linkType) {
        CaptureBytes b = new CaptureBytes(order);
        b.put(ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snaplen).putInt(linkType));
        return b;
    }

    /** A pcap record (16-byte header) with {@code data} as its captured bytes. */
    public CaptureBytes record(long seconds, long fraction, int origLen, byte[] data) {
        return record(seconds, fraction, data.length, origLen, data);
    }

    /** A pcap record whose header may lie about its captured length. */
    public CaptureBytes record(long seconds, long fraction, int capLenField, int origLen, byte[] data) {
        put(ByteBuffer.allocate(16).order(order).putInt((int) seconds).putInt((int) fraction).putInt(capLenField).putInt(origLen));
        out.writeBytes(data);
        return this;
    }

    /** A Kuznetzov record (24-byte header: ifindex, protocol, pkt_type, pad). */
    public CaptureBytes kuznetzovRecord(long seconds, long micros, byte[] data) {
        put(ByteBuffer.allocate(24).order(order).putInt((int) seconds).putInt((int) micros).putInt(data.length).putInt(data.length)
                .putInt(3).putShort((short) 0x0800).put((byte) 0).put((byte) 0));
        out.writeBytes(data);
        return this;
    }

    /** A pcapng stream starting with a Section Header Block in {@code order}. */
    public static CaptureBytes pcapng(ByteOrder order) {
        return new CaptureBytes(order).section(order);
    }

    /** A new Section Header Block (a new section, possibly with another byte order). */
    public CaptureBytes section(ByteOrder newOrder) {
        this.order = newOrder;
        ByteBuffer body = ByteBuffer.allocate(16).order(order).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
        return block(0x0A0D0D0A, body.array());
    }

    /** An Interface Description Block; {@code tsresol} is the if_tsresol byte, or -1 for none; tsOffset seconds or 0 for none. */
    public CaptureBytes interfaceBlock(int linkType, int snaplen, int tsresol, long tsOffsetSeconds) {
        ByteBuffer body = ByteBuffer.allocate(64).order(order).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        if (tsresol >= 0) {
            body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        if (tsOffsetSeconds != 0) {
            body.putShort((short) 14).putShort((short) 8).putLong(tsOffsetSeconds);
        }
        body.putShort((short) 0).putShort((short) 0); // opt_endofopt
        return block(1, java.util.Arrays.copyOf(body.array(), body.position()));
    }

    /** An Enhanced Packet Block; {@code units} is the timestamp in the interface's resolution. */
    public CaptureBytes enhancedPacket(int interfaceId, long units, int origLen, byte[] data) {
        ByteBuffer body = ByteBuffer.allocate(20 + pad(data.length)).order(order).putInt(interfaceId)
                .putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(origLen).put(data);
        return block(6, body.array());
    }

    /** A Simple Packet Block. */
    public CaptureBytes simplePacket(int origLen, byte[] data) {
        ByteBuffer body = ByteBuffer.allocate(4 + pad(data.length)).order(order).putInt(origLen).put(data);
        return block(3, body.array());
    }

    /** An obsolete Packet Block (type 2). */
    public CaptureBytes obsoletePacket(int interfaceId, long units, int origLen, byte[] data) {
        ByteBuffer body = ByteBuffer.allocate(20 + pad(data.length)).order(order).putShort((short) interfaceId).putShort((short) 0)
                .putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(origLen).put(data);
        return block(2, body.array());
    }

    /** Any block with a correct length and trailer (custom, statistics, unknown types). */
    public CaptureBytes block(int type, byte[] body) {
        int length = 12 + pad(body.length);
        ByteBuffer b = ByteBuffer.allocate(length).order(order).putInt(type).putInt(length).put(body);
        b.position(length - 4);
        b.putInt(length);
        return put(b);
    }

    /** Raw bytes, e.g. damage. */
    public CaptureBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A 32-bit value in the current byte order. */
    public CaptureBytes u32(int v) {
        return put(ByteBuffer.allocate(4).order(order).putInt(v));
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private CaptureBytes put(ByteBuffer b) {
        out.write(b.array(), 0, b.array().length);
        return this;
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    /** A frame of {@code n} bytes with a recognisable pattern ({@code seed + i}). */
    public static byte[] frame(int n, int seed) {
        byte[] f = new byte[n];
        for (int i = 0; i < n; i++) {
            f[i] = (byte) (seed + i);
        }
        return f;
    }
}
