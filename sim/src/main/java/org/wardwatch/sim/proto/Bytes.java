package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte builder for protocol messages: big- and little-endian integers, text, back-patching. */
public final class Bytes {
    private byte[] buf;
    private int len;

    public Bytes() {
        this(256);
    }

    public Bytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    public int length() {
        return len;
    }

    public Bytes u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public Bytes u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public Bytes u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public Bytes u32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public Bytes u16le(int v) {
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        return this;
    }

    public Bytes u32le(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public Bytes u64le(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public Bytes bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public Bytes bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public Bytes zeros(int n) {
        ensure(n);
        Arrays.fill(buf, len, len + n, (byte) 0);
        len += n;
        return this;
    }

    public Bytes ascii(String s) {
        return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    public Bytes utf8(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public Bytes utf16le(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_16LE));
    }

    /** Pads with zeros to a multiple of {@code n} measured from {@code base}. */
    public Bytes align(int base, int n) {
        while ((len - base) % n != 0) {
            u8(0);
        }
        return this;
    }

    public void setU8(int at, int v) {
        buf[at] = (byte) v;
    }

    public void setU16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    public void setU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public void setU16le(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
    }

    public void setU32le(int at, long v) {
        for (int i = 0; i < 4; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
    }

    public byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
