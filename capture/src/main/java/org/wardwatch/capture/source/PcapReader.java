package org.wardwatch.capture.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Classic libpcap files.
 *
 * <p>Spec: draft-ietf-opsawg-pcap (the tcpdump.org "pcap-savefile" format). Magic 0xa1b2c3d4
 * (microsecond) or 0xa1b23c4d (nanosecond), in either byte order; the "modified" format of Alexey
 * Kuznetzov's patched libpcap (magic 0xa1b2cd34, 24-byte record headers carrying ifindex, protocol
 * and packet type, which are ignored). The link type is the header's LinkType field without its FCS
 * bits (mask 0x03ffffff, as libpcap's LT_LINKTYPE).
 *
 * <p>Damage: a record cut by the end of the input ends reading ({@code pcap_record_truncated}); a
 * record claiming more than {@link CaptureFiles#MAX_PACKET_BYTES} ends reading
 * ({@code pcap_record_too_large}: pcap has no block markers to resynchronise on); captured length
 * above the wire length or the snaplen is counted and the record delivered. Versions before 2.3
 * whose records have caplen &gt; len get them swapped, as libpcap does for those old writers.
 *
 * <p>Known gaps: the other variants that share magic 0xa1b2c3d4 (Nokia IPSO, SuSE 6.3 "ss990915",
 * Red Hat 6.1) are read as standard pcap and will stop at the first record whose lengths are impossible.
 */
final class PcapReader extends InputSource {
    static final int MAGIC_MICRO = 0xa1b2c3d4;
    static final int MAGIC_NANO = 0xa1b23c4d;
    static final int MAGIC_KUZNETZOV = 0xa1b2cd34;
    static final int HEADER_BYTES = 24;

    private final long fracToNanos;
    private final int recordHeaderBytes;
    private final int snaplen;
    private final int linkType;
    private final boolean oldVersion;
    private long number;

    PcapReader(CaptureInput in, String name) throws IOException {
        super(in, name, HEADER_BYTES);
        int i = in.require(0, HEADER_BYTES);
        if (i < 0) {
            throw new CaptureFormatException(name, 0, "pcap file header is cut short (fewer than 24 bytes)");
        }
        ByteBuffer b = in.buf;
        int magic = b.getInt(i);
        int swapped = Integer.reverseBytes(magic);
        if (magic == MAGIC_MICRO || magic == MAGIC_NANO || magic == MAGIC_KUZNETZOV) {
            swap = false;
        } else if (swapped == MAGIC_MICRO || swapped == MAGIC_NANO || swapped == MAGIC_KUZNETZOV) {
            swap = true;
            magic = swapped;
        } else {
            throw new CaptureFormatException(name, 0, String.format("not a pcap file (magic 0x%08x)", magic));
        }
        fracToNanos = magic == MAGIC_NANO ? 1 : 1000;
        recordHeaderBytes = magic == MAGIC_KUZNETZOV ? 24 : 16;
        int major = u16(b, i + 4);
        int minor = u16(b, i + 6);
        if (major != 2) {
            throw new CaptureFormatException(name, 4, "unsupported pcap version " + major + "." + minor);
        }
        oldVersion = minor < 3;
        snaplen = u32(b, i + 16);
        linkType = u32(b, i + 20) & 0x03ffffff;
    }

    @Override
    public boolean next(Packet p) throws IOException {
        if (ended) {
            return false;
        }
        int h = recordHeaderBytes;
        int i = in.require(pos, h);
        if (i < 0) {
            return end(in.atEnd(pos) ? null : CaptureAnomaly.PCAP_RECORD_TRUNCATED);
        }
        ByteBuffer b = in.buf;
        long seconds = u32(b, i) & 0xffffffffL;
        long fraction = u32(b, i + 4) & 0xffffffffL;
        int capLen = u32(b, i + 8);
        int origLen = u32(b, i + 12);
        if (fraction * fracToNanos >= 1_000_000_000L) {
            anomalies.add(CaptureAnomaly.PCAP_TIMESTAMP_INVALID);
        }
        if (oldVersion && Integer.compareUnsigned(capLen, origLen) > 0) {
            int t = capLen;
            capLen = origLen;
            origLen = t;
        }
        if (capLen < 0 || capLen > CaptureFiles.MAX_PACKET_BYTES) {
            return end(CaptureAnomaly.PCAP_RECORD_TOO_LARGE);
        }
        if (Integer.compareUnsigned(capLen, origLen) > 0) {
            anomalies.add(CaptureAnomaly.PCAP_CAPLEN_EXCEEDS_ORIGLEN);
        }
        if (capLen > snaplen && snaplen > 0) {
            anomalies.add(CaptureAnomaly.PCAP_CAPLEN_EXCEEDS_SNAPLEN);
        }
        i = in.require(pos, h + capLen);
        if (i < 0) {
            return end(CaptureAnomaly.PCAP_RECORD_TRUNCATED);
        }
        p.buf = in.buf;
        p.offset = i + h;
        p.capLen = capLen;
        p.origLen = origLen < 0 ? Integer.MAX_VALUE : origLen; // above 2^31 on the wire is garbage: clamp, as Wireshark shows it
        p.tsNanos = seconds * 1_000_000_000L + fraction * fracToNanos;
        p.linkType = linkType;
        p.interfaceId = 0;
        p.fileOffset = pos;
        p.number = ++number;
        pos += h + capLen;
        prefetch(b, i + h + capLen);
        return true;
    }


    /** The file header's link type (LINKTYPE_* value). */
    int linkType() {
        return linkType;
    }

}
