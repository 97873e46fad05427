package org.wardwatch.capture.write;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.wardwatch.capture.source.Packet;

/**
 * Writes pcapng (draft-ietf-opsawg-pcapng) as a stream: one Section Header Block, an Interface
 * Description Block per {@link #addInterface} (with {@code if_tsresol} = 9, nanoseconds, and an
 * optional {@code if_name}), and an Enhanced Packet Block per packet. Bounded memory whatever the
 * size; a path ending in {@code .gz} is gzip-compressed. Either byte order (readers must honour the
 * section's byte-order magic; tests use big-endian to prove ours does).
 *
 * <p>Interfaces may be added at any time, before the first packet that uses them; several link types
 * in one file are fine.
 */
public final class PcapngWriter implements Closeable {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int EPB = 6;
    private final OutputStream out;
    private final ByteOrder order;
    private final ByteBuffer header;
    private final byte[] copy = new byte[1 << 16];
    private final byte[] padding = new byte[4];
    private int[] snaplens = new int[4];
    private int interfaces;
    private long packets;

    /** Starts a section on {@code out} in the given byte order. */
    public PcapngWriter(OutputStream out, ByteOrder order) throws IOException {
        this.out = out;
        this.order = order;
        this.header = ByteBuffer.allocate(28).order(order);
        ByteBuffer shb = ByteBuffer.allocate(28).order(order);
        shb.putInt(SHB).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).putInt(28);
        out.write(shb.array());
    }

    /** A little-endian file at {@code path}, gzip-compressed when the name ends in {@code .gz}. */
    public static PcapngWriter create(Path path) throws IOException {
        return create(path, ByteOrder.LITTLE_ENDIAN);
    }

    public static PcapngWriter create(Path path, ByteOrder order) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        if (path.getFileName().toString().endsWith(".gz")) {
            os = new BufferedOutputStream(new GZIPOutputStream(os, 1 << 16), 1 << 16);
        }
        return new PcapngWriter(os, order);
    }

    /**
     * Describes an interface and returns its id for {@link #write}.
     *
     * @param linkType a LINKTYPE_* value
     * @param snaplen  bytes kept per packet (0: no limit)
     * @param name     {@code if_name}, or null
     */
    public int addInterface(int linkType, int snaplen, String name) throws IOException {
        byte[] nameBytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 0xffff) {
            throw new IllegalArgumentException("interface name too long");
        }
        int options = 8 /* if_tsresol */ + (nameBytes.length == 0 ? 0 : 4 + pad(nameBytes.length)) + 4 /* end */;
        int length = 20 + options;
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        b.putInt(IDB).putInt(length).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        b.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]);
        if (nameBytes.length > 0) {
            b.putShort((short) 2).putShort((short) nameBytes.length).put(nameBytes).put(new byte[pad(nameBytes.length) - nameBytes.length]);
        }
        b.putShort((short) 0).putShort((short) 0).putInt(length);
        out.write(b.array());
        if (interfaces == snaplens.length) {
            snaplens = java.util.Arrays.copyOf(snaplens, interfaces * 2);
        }
        snaplens[interfaces] = snaplen;
        return interfaces++;
    }

    /** Writes a whole frame seen at {@code tsNanos} on interface {@code interfaceId} (cut to its snaplen). */
    public void write(int interfaceId, long tsNanos, byte[] frame, int offset, int length) throws IOException {
        int cap = capLen(interfaceId, length);
        epbHeader(interfaceId, tsNanos, cap, length);
        out.write(frame, offset, cap);
        trailer(cap);
    }

    public void write(int interfaceId, long tsNanos, byte[] frame) throws IOException {
        write(interfaceId, tsNanos, frame, 0, frame.length);
    }

    /** Copies a packet read from a {@link org.wardwatch.capture.source.PacketSource}, keeping its wire length. */
    public void write(int interfaceId, Packet p) throws IOException {
        int cap = capLen(interfaceId, p.capLen);
        epbHeader(interfaceId, p.tsNanos, cap, Math.max(p.origLen, cap));
        ByteBuffer src = p.buf;
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + p.offset, cap);
        } else {
            for (int done = 0; done < cap; ) {
                int n = Math.min(copy.length, cap - done);
                src.get(p.offset + done, copy, 0, n);
                out.write(copy, 0, n);
                done += n;
            }
        }
        trailer(cap);
    }

    private int capLen(int interfaceId, int length) {
        if (interfaceId < 0 || interfaceId >= interfaces) {
            throw new IllegalArgumentException("no interface " + interfaceId + " (add it first)");
        }
        int snaplen = snaplens[interfaceId];
        return snaplen > 0 ? Math.min(length, snaplen) : length;
    }

    private void epbHeader(int interfaceId, long tsNanos, int cap, int origLen) throws IOException {
        int length = 32 + pad(cap);
        header.clear();
        header.putInt(EPB).putInt(length).putInt(interfaceId).putInt((int) (tsNanos >>> 32)).putInt((int) tsNanos)
                .putInt(cap).putInt(origLen);
        out.write(header.array(), 0, 28);
    }

    private void trailer(int cap) throws IOException {
        out.write(padding, 0, pad(cap) - cap);
        header.clear();
        header.putInt(32 + pad(cap));
        out.write(header.array(), 0, 4);
        packets++;
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    public long packets() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
