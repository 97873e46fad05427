package org.wardwatch.capture.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * pcapng files.
 *
 * <p>Spec: draft-ietf-opsawg-pcapng (the "PCAP Now Generic" format). Blocks read: Section Header
 * (byte order per section, version 1.x), Interface Description (link type, snaplen, {@code if_tsresol}
 * in powers of 10 or 2, {@code if_tsoffset}), Enhanced Packet, Simple Packet (snaplen of interface 0,
 * no timestamp: the previous packet's time is used), and the obsolete Packet Block. Every other block
 * (name resolution, statistics, decryption secrets, custom, systemd journal, unknown) is skipped.
 *
 * <p>{@link Packet#interfaceId} is global across sections (section 2's first interface follows
 * section 1's last), as Wireshark numbers {@code frame.interface_id}.
 *
 * <p>Damage: a block length below 12, not a multiple of 4 or above {@link CaptureFiles#MAX_BLOCK_BYTES}
 * (packet blocks) / {@link #MAX_OTHER_BLOCK_BYTES} (others), or a trailing length that differs from the
 * leading one, ends reading (the block chain cannot be trusted after that; Wireshark stops there too).
 * A packet block that is malformed inside a sound block length, names an unknown interface or claims
 * more than {@link CaptureFiles#MAX_PACKET_BYTES} is skipped and counted.
 *
 * <p>Known gaps: the trailing length of a packet block bigger than {@link CaptureFiles#MAX_BLOCK_BYTES}
 * (huge options) is not checked; packet options (epb_flags, comments) are not exposed.
 */
final class PcapngReader extends InputSource {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** Blocks that are skipped may be this large (Wireshark's limit too); beyond it the length is garbage. */
    static final int MAX_OTHER_BLOCK_BYTES = 16 * 1024 * 1024;
    /** Interfaces kept per section; beyond, IDBs are counted and ignored. */
    static final int MAX_INTERFACES = 65536;
    private static final int TS_MUL = 0;
    private static final int TS_DIV = 1;
    private static final int TS_BIN = 2;

    private long number;
    private long lastTsNanos;

    // interfaces of the current section, struct-of-arrays
    private int interfaceCount;
    private int sectionBase;
    private int[] linkTypes = new int[4];
    private int[] snaplens = new int[4];
    private int[] tsModes = new int[4];
    private long[] tsFactors = new long[4];
    private long[] tsOffsetNanos = new long[4];

    PcapngReader(CaptureInput in, String name) throws IOException {
        super(in, name, 0);
        readSectionHeader(true);
    }

    @Override
    public boolean next(Packet p) throws IOException {
        while (!ended) {
            int i = in.require(pos, 8);
            if (i < 0) {
                return end(in.atEnd(pos) ? null : CaptureAnomaly.PCAPNG_BLOCK_TRUNCATED);
            }
            ByteBuffer b = in.buf;
            int type = u32(b, i);
            if (type == SHB) {
                readSectionHeader(false);
                continue;
            }
            int length = u32(b, i + 4);
            boolean packetBlock = type == EPB || type == SPB || type == OPB;
            if (length < 12 || (length & 3) != 0 || length > MAX_OTHER_BLOCK_BYTES) {
                return end(CaptureAnomaly.PCAPNG_BLOCK_LENGTH_INVALID);
            }
            if (packetBlock) {
                if (readPacketBlock(type, length, p)) {
                    return true;
                }
            } else {
                if (type == IDB) {
                    readInterface(length);
                }
                if (!ended && !checkTrailer(length)) {
                    return false;
                }
                pos += length;
            }
        }
        return false;
    }

    /** Reads the packet block at {@link #pos}; true when it filled {@code p}. Advances {@link #pos} or ends. */
    private boolean readPacketBlock(int type, int length, Packet p) throws IOException {
        int fixed = type == SPB ? 16 : 32;
        if (length < fixed) {
            return skipBlock(length, CaptureAnomaly.PCAPNG_BLOCK_MALFORMED);
        }
        int i = in.require(pos, fixed - 4);
        if (i < 0) {
            return end(CaptureAnomaly.PCAPNG_BLOCK_TRUNCATED);
        }
        ByteBuffer b = in.buf;
        int localInterface;
        long units = 0;
        int capLen;
        int origLen;
        if (type == EPB) {
            localInterface = u32(b, i + 8);
            units = ((u32(b, i + 12) & 0xffffffffL) << 32) | (u32(b, i + 16) & 0xffffffffL);
            capLen = u32(b, i + 20);
            origLen = u32(b, i + 24);
        } else if (type == OPB) {
            localInterface = u16(b, i + 8);
            units = ((u32(b, i + 12) & 0xffffffffL) << 32) | (u32(b, i + 16) & 0xffffffffL);
            capLen = u32(b, i + 20);
            origLen = u32(b, i + 24);
        } else {
            localInterface = 0;
            origLen = u32(b, i + 8);
            capLen = (int) Math.min(origLen & 0xffffffffL, length - 16);
            if (interfaceCount > 0 && snaplens[0] > 0) {
                capLen = Math.min(capLen, snaplens[0]);
            }
        }
        if (localInterface < 0 || localInterface >= interfaceCount) {
            return skipBlock(length, CaptureAnomaly.PCAPNG_UNKNOWN_INTERFACE);
        }
        if (capLen < 0 || capLen > length - fixed) {
            return skipBlock(length, CaptureAnomaly.PCAPNG_BLOCK_MALFORMED);
        }
        if (capLen > CaptureFiles.MAX_PACKET_BYTES) {
            return skipBlock(length, CaptureAnomaly.PCAPNG_PACKET_TOO_LARGE);
        }
        int dataStart = fixed - 4;
        if (length <= CaptureFiles.MAX_BLOCK_BYTES) {
            i = in.require(pos, length);
            if (i < 0) {
                return end(CaptureAnomaly.PCAPNG_BLOCK_TRUNCATED);
            }
            if (u32(in.buf, i + length - 4) != length) {
                return end(CaptureAnomaly.PCAPNG_BLOCK_LENGTH_MISMATCH);
            }
        } else {
            // options make the block bigger than the buffer: keep the data, trust the length
            i = in.require(pos, dataStart + capLen);
            if (i < 0) {
                return end(CaptureAnomaly.PCAPNG_BLOCK_TRUNCATED);
            }
        }
        if (Integer.compareUnsigned(capLen, origLen) > 0) {
            anomalies.add(CaptureAnomaly.PCAPNG_CAPLEN_EXCEEDS_ORIGLEN);
        }
        long ts = type == SPB ? lastTsNanos : toNanos(localInterface, units);
        lastTsNanos = ts;
        p.buf = in.buf;
        p.offset = i + dataStart;
        p.capLen = capLen;
        p.origLen = origLen < 0 ? Integer.MAX_VALUE : origLen; // above 2^31 on the wire is garbage: clamp, as Wireshark shows it
        p.tsNanos = ts;
        p.linkType = linkTypes[localInterface];
        p.interfaceId = sectionBase + localInterface;
        p.fileOffset = pos;
        p.number = ++number;
        pos += length;
        prefetch(in.buf, i + length);
        return true;
    }

    private boolean skipBlock(int length, CaptureAnomaly why) throws IOException {
        anomalies.add(why);
        if (checkTrailer(length)) {
            pos += length;
        }
        return false;
    }

    /** Checks the trailing length of the block at {@link #pos}; false (reading ended) when wrong or cut. */
    private boolean checkTrailer(int length) throws IOException {
        int i = in.require(pos + length - 4, 4);
        if (i < 0) {
            return end(CaptureAnomaly.PCAPNG_BLOCK_TRUNCATED);
        }
        if (u32(in.buf, i) != length) {
            return end(CaptureAnomaly.PCAPNG_BLOCK_LENGTH_MISMATCH);
        }
        return true;
    }

    /** Parses the SHB at {@link #pos}: sets the byte order, starts a new interface list, moves past it. */
    private void readSectionHeader(boolean first) throws IOException {
        int i = in.require(pos, 28);
        if (i < 0) {
            if (first) {
                throw new CaptureFormatException(name, pos, "pcapng section header is cut short");
            }
            end(CaptureAnomaly.PCAPNG_BLOCK_TRUNCATED);
            return;
        }
        ByteBuffer b = in.buf;
        int magic = b.getInt(i + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            swap = false;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            swap = true;
        } else {
            if (first) {
                throw new CaptureFormatException(name, pos + 8, String.format("pcapng byte-order magic is 0x%08x", magic));
            }
            end(CaptureAnomaly.PCAPNG_SECTION_HEADER_INVALID);
            return;
        }
        int length = u32(b, i + 4);
        int major = u16(b, i + 12);
        if (major != 1) {
            if (first) {
                throw new CaptureFormatException(name, pos + 12, "unsupported pcapng version " + major + "." + u16(b, i + 14));
            }
            end(CaptureAnomaly.PCAPNG_SECTION_HEADER_INVALID);
            return;
        }
        if (length < 28 || (length & 3) != 0 || length > MAX_OTHER_BLOCK_BYTES) {
            if (first) {
                throw new CaptureFormatException(name, pos + 4, "pcapng section header length " + Integer.toUnsignedString(length) + " is invalid");
            }
            end(CaptureAnomaly.PCAPNG_BLOCK_LENGTH_INVALID);
            return;
        }
        if (!checkTrailer(length)) {
            if (first) {
                throw new CaptureFormatException(name, pos, "pcapng section header is cut short or its lengths differ");
            }
            return;
        }
        sectionBase += interfaceCount;
        interfaceCount = 0;
        pos += length;
    }

    /** Parses the IDB at {@link #pos} (options included, up to the buffer size) into the interface arrays. */
    private void readInterface(int length) throws IOException {
        if (length < 20) {
            anomalies.add(CaptureAnomaly.PCAPNG_BLOCK_MALFORMED);
            return;
        }
        if (interfaceCount >= MAX_INTERFACES) {
            anomalies.add(CaptureAnomaly.PCAPNG_TOO_MANY_INTERFACES);
            return;
        }
        int have = Math.min(length, CaptureFiles.MAX_BLOCK_BYTES);
        int i = in.require(pos, have);
        if (i < 0) {
            end(CaptureAnomaly.PCAPNG_BLOCK_TRUNCATED);
            return;
        }
        ByteBuffer b = in.buf;
        if (interfaceCount == linkTypes.length) {
            int n = interfaceCount * 2;
            linkTypes = Arrays.copyOf(linkTypes, n);
            snaplens = Arrays.copyOf(snaplens, n);
            tsModes = Arrays.copyOf(tsModes, n);
            tsFactors = Arrays.copyOf(tsFactors, n);
            tsOffsetNanos = Arrays.copyOf(tsOffsetNanos, n);
        }
        int k = interfaceCount++;
        linkTypes[k] = u16(b, i + 8);
        snaplens[k] = u32(b, i + 12);
        tsModes[k] = TS_MUL;
        tsFactors[k] = 1000; // default resolution: microseconds
        tsOffsetNanos[k] = 0;
        // options: code(2) length(2) value padded to 4, until opt_endofopt or the block's end
        int o = i + 16;
        int end = i + Math.min(have, length - 4);
        while (o + 4 <= end) {
            int code = u16(b, o);
            int optLen = u16(b, o + 2);
            if (code == 0 || o + 4 + optLen > end) {
                break;
            }
            if (code == 9 && optLen >= 1) {
                setResolution(k, b.get(o + 4) & 0xff);
            } else if (code == 14 && optLen >= 8) {
                long hi = u32(b, o + 4) & 0xffffffffL;
                long lo = u32(b, o + 8) & 0xffffffffL;
                long seconds = swap ? (lo << 32) | hi : (hi << 32) | lo;
                tsOffsetNanos[k] = seconds * 1_000_000_000L;
            }
            o += 4 + ((optLen + 3) & ~3);
        }
    }

    private void setResolution(int k, int tsresol) {
        int exponent = tsresol & 0x7f;
        if ((tsresol & 0x80) != 0) {
            if (exponent > 63) {
                anomalies.add(CaptureAnomaly.PCAPNG_TSRESOL_UNSUPPORTED);
                return;
            }
            tsModes[k] = TS_BIN;
            tsFactors[k] = exponent;
        } else if (exponent <= 9) {
            tsModes[k] = TS_MUL;
            tsFactors[k] = pow10(9 - exponent);
        } else if (exponent <= 9 + 18) {
            tsModes[k] = TS_DIV;
            tsFactors[k] = pow10(exponent - 9);
        } else {
            anomalies.add(CaptureAnomaly.PCAPNG_TSRESOL_UNSUPPORTED);
        }
    }

    private static long pow10(int n) {
        long v = 1;
        for (int j = 0; j < n; j++) {
            v *= 10;
        }
        return v;
    }

    /** Timestamp units of interface {@code k} to nanoseconds since the epoch (floor, like Wireshark). */
    private long toNanos(int k, long units) {
        long nanos;
        switch (tsModes[k]) {
            case TS_MUL:
                nanos = units * tsFactors[k];
                break;
            case TS_DIV:
                nanos = Long.divideUnsigned(units, tsFactors[k]);
                break;
            default: {
                int shift = (int) tsFactors[k];
                if (shift == 0) {
                    nanos = units * 1_000_000_000L;
                    break;
                }
                long seconds = units >>> shift;
                long fraction = units & ((1L << shift) - 1);
                // fraction * 1e9 / 2^shift, with the 128-bit product
                long lo = fraction * 1_000_000_000L;
                long hi = Math.multiplyHigh(fraction, 1_000_000_000L);
                long fracNanos = shift == 64 ? hi : (hi << (64 - shift)) | (lo >>> shift);
                nanos = seconds * 1_000_000_000L + fracNanos;
            }
        }
        return nanos + tsOffsetNanos[k];
    }


}
