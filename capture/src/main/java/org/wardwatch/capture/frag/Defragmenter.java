package org.wardwatch.capture.frag;

import java.nio.ByteBuffer;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;

/**
 * Reassembles IPv4 (RFC 791) and IPv6 (RFC 8200 section 4.5) fragments into whole datagrams, in
 * bounded memory, without allocating per packet.
 *
 * <p>Bounds: at most {@code maxDatagrams} datagrams in reassembly at once (their 64 KiB buffers are
 * allocated on first use and then reused); a datagram may not extend past 65,535 bytes of payload
 * (anomaly {@code ip_fragment_too_large}, the "ping of death" case: the datagram is dropped); at most
 * {@value #MAX_PIECES} disjoint pieces per datagram ({@code ip_fragment_too_many_pieces}); a datagram
 * not complete {@code timeoutNanos} of packet time after its first fragment is dropped
 * ({@code ip_fragment_timeout}); when every slot is busy the oldest datagram is dropped to make room
 * ({@code ip_fragment_table_full}).
 *
 * <p>Overlap policy: <b>first wins</b>. Bytes already received are kept; a later fragment only fills
 * the bytes still missing, and the overlap counts {@code ip_fragment_overlap} (overlapping fragments
 * are how IDS evasion and teardrop-style attacks look). A second, different end of datagram counts
 * {@code ip_fragment_inconsistent_length} and is ignored. Fragments whose captured bytes were cut by
 * the snaplen cannot be reassembled ({@code ip_fragment_truncated}).
 *
 * <p>Key: IP version, source, destination, identification, VLAN (and the protocol for IPv4, as
 * RFC 791 says). The rebuilt datagram carries the header of the offset-0 fragment (IPv4: total
 * length, flags and checksum rewritten; IPv6: the fixed header with payload length and next header
 * set from the fragment header; extension headers before the fragment header are dropped).
 *
 * <p>Time comes from the packets: call {@link #expire} as packet time advances.
 */
public final class Defragmenter {
    /** Room before the payload for the rebuilt IP header (IPv4 header at most 60 bytes). */
    private static final int HEADROOM = 64;
    private static final int MAX_PAYLOAD = 65535;
    public static final int MAX_PIECES = 64;

    private final Anomalies anomalies;
    private final int maxDatagrams;
    private final long timeoutNanos;

    // one slot per datagram in reassembly (struct of arrays)
    private final boolean[] used;
    private final int[] version, ipId, protocol, vlan;
    private final long[] srcHi, srcLo, dstHi, dstLo;
    private final long[] firstTs;
    private final int[] totalLength;   // payload length once the last fragment arrived, else -1
    private final int[] headerLength;  // rebuilt header length once the offset-0 fragment arrived, else 0
    private final int[] pieceCount;
    private final int[] pieceStart, pieceEnd; // sorted, disjoint, MAX_PIECES per slot
    private final int[] fragments;
    private final long[] wireBytes;
    private final byte[][] data;
    private final ByteBuffer[] views;
    private final int[] active;        // used slot ids, compact
    private int activeCount;

    // the last completed datagram
    private ByteBuffer doneBuf;
    private int doneOffset, doneLength, doneVersion, doneFragments;
    private long doneWireBytes;

    private long reassembled;

    private final int aOverlap, aTooLarge, aTooManyPieces, aTimeout, aTableFull, aInconsistent, aTruncated, aBadLength,
            aIncomplete;

    public Defragmenter(Anomalies anomalies, int maxDatagrams, long timeoutNanos) {
        if (maxDatagrams < 1) {
            throw new IllegalArgumentException("maxDatagrams must be positive");
        }
        this.anomalies = anomalies;
        this.maxDatagrams = maxDatagrams;
        this.timeoutNanos = timeoutNanos;
        used = new boolean[maxDatagrams];
        version = new int[maxDatagrams];
        ipId = new int[maxDatagrams];
        protocol = new int[maxDatagrams];
        vlan = new int[maxDatagrams];
        srcHi = new long[maxDatagrams];
        srcLo = new long[maxDatagrams];
        dstHi = new long[maxDatagrams];
        dstLo = new long[maxDatagrams];
        firstTs = new long[maxDatagrams];
        totalLength = new int[maxDatagrams];
        headerLength = new int[maxDatagrams];
        pieceCount = new int[maxDatagrams];
        pieceStart = new int[maxDatagrams * MAX_PIECES];
        pieceEnd = new int[maxDatagrams * MAX_PIECES];
        fragments = new int[maxDatagrams];
        wireBytes = new long[maxDatagrams];
        data = new byte[maxDatagrams][];
        views = new ByteBuffer[maxDatagrams];
        active = new int[maxDatagrams];
        aOverlap = anomalies.id("ip_fragment_overlap");
        aTooLarge = anomalies.id("ip_fragment_too_large");
        aTooManyPieces = anomalies.id("ip_fragment_too_many_pieces");
        aTimeout = anomalies.id("ip_fragment_timeout");
        aTableFull = anomalies.id("ip_fragment_table_full");
        aInconsistent = anomalies.id("ip_fragment_inconsistent_length");
        aTruncated = anomalies.id("ip_fragment_truncated");
        aBadLength = anomalies.id("ip_fragment_bad_length");
        aIncomplete = anomalies.id("ip_fragment_incomplete_at_end");
    }

    /**
     * Adds the fragment in {@code d} (decoded with {@code fragment == true}).
     *
     * @return true when this fragment completed its datagram: then {@link #buffer()}, {@link #offset()},
     * {@link #length()} and {@link #version()} describe the rebuilt datagram until the next call
     */
    public boolean add(DecodedPacket d) {
        if (d.truncated || d.l4Length < d.payloadOrigLength) {
            anomalies.count(aTruncated);
            d.anomaly = aTruncated;
            return false;
        }
        int start = d.fragmentOffset;
        int len = d.l4Length;
        int end = start + len;
        if (end > MAX_PAYLOAD) {
            anomalies.count(aTooLarge);
            d.anomaly = aTooLarge;
            int s = find(d);
            if (s >= 0) {
                release(s);
            }
            return false;
        }
        if (d.moreFragments && (len & 7) != 0) {
            anomalies.count(aBadLength);
            d.anomaly = aBadLength;
        }
        int s = find(d);
        if (s < 0) {
            s = allocate(d);
        }
        fragments[s]++;
        wireBytes[s] += d.frameLength;
        if (!d.moreFragments) {
            if (totalLength[s] < 0) {
                if (end < maxReceivedEnd(s)) {
                    note(d, aInconsistent);
                } else {
                    totalLength[s] = end;
                }
            } else if (totalLength[s] != end) {
                note(d, aInconsistent);
            }
        }
        if (totalLength[s] >= 0 && end > totalLength[s]) {
            note(d, aInconsistent);
            end = totalLength[s];
            if (end <= start) {
                return false;
            }
        }
        if (start == 0 && headerLength[s] == 0) {
            storeHeader(s, d);
        }
        if (!insert(s, d, start, end)) {
            return false;
        }
        if (totalLength[s] >= 0 && headerLength[s] > 0 && pieceCount[s] == 1
                && pieceStart[s * MAX_PIECES] == 0 && pieceEnd[s * MAX_PIECES] == totalLength[s]) {
            complete(s);
            return true;
        }
        return false;
    }

    private void note(DecodedPacket d, int anomaly) {
        anomalies.count(anomaly);
        d.anomaly = anomaly;
    }

    private int maxReceivedEnd(int s) {
        return pieceCount[s] == 0 ? 0 : pieceEnd[s * MAX_PIECES + pieceCount[s] - 1];
    }

    private int find(DecodedPacket d) {
        int v = d.ipVersion, id = d.ipId, proto = d.ipVersion == 4 ? d.ipProtocol : 0, vl = d.vlan;
        for (int i = 0; i < activeCount; i++) {
            int s = active[i];
            if (ipId[s] == id && srcLo[s] == d.srcIpLo && dstLo[s] == d.dstIpLo && version[s] == v
                    && srcHi[s] == d.srcIpHi && dstHi[s] == d.dstIpHi && protocol[s] == proto && vlan[s] == vl) {
                return s;
            }
        }
        return -1;
    }

    private int allocate(DecodedPacket d) {
        int s = -1;
        if (activeCount == maxDatagrams) {
            // every slot busy: drop the oldest datagram
            int oldest = active[0];
            for (int i = 1; i < activeCount; i++) {
                if (firstTs[active[i]] < firstTs[oldest]) {
                    oldest = active[i];
                }
            }
            anomalies.count(aTableFull);
            release(oldest);
        }
        for (int i = 0; i < maxDatagrams; i++) {
            if (!used[i]) {
                s = i;
                break;
            }
        }
        used[s] = true;
        active[activeCount++] = s;
        version[s] = d.ipVersion;
        ipId[s] = d.ipId;
        protocol[s] = d.ipVersion == 4 ? d.ipProtocol : 0;
        vlan[s] = d.vlan;
        srcHi[s] = d.srcIpHi;
        srcLo[s] = d.srcIpLo;
        dstHi[s] = d.dstIpHi;
        dstLo[s] = d.dstIpLo;
        firstTs[s] = d.tsNanos;
        totalLength[s] = -1;
        headerLength[s] = 0;
        pieceCount[s] = 0;
        fragments[s] = 0;
        wireBytes[s] = 0;
        if (data[s] == null) {
            data[s] = new byte[HEADROOM + MAX_PAYLOAD];
            views[s] = ByteBuffer.wrap(data[s]);
        }
        return s;
    }

    private void release(int s) {
        used[s] = false;
        for (int i = 0; i < activeCount; i++) {
            if (active[i] == s) {
                active[i] = active[--activeCount];
                break;
            }
        }
    }

    private void storeHeader(int s, DecodedPacket d) {
        byte[] out = data[s];
        if (d.ipVersion == 4) {
            int ihl = d.l4Offset - d.l3Offset;
            d.buf.get(d.l3Offset, out, HEADROOM - ihl, ihl);
            headerLength[s] = ihl;
        } else {
            d.buf.get(d.l3Offset, out, HEADROOM - 40, 40);
            out[HEADROOM - 40 + 6] = (byte) d.ipProtocol; // next header: the fragment header's
            headerLength[s] = 40;
        }
    }

    /** Copies the bytes of [start, end) not yet received (first wins) and records the piece. */
    private boolean insert(int s, DecodedPacket d, int start, int end) {
        int base = s * MAX_PIECES;
        int n = pieceCount[s];
        boolean overlap = false;
        // copy the uncovered parts
        int cursor = start;
        for (int i = 0; i < n && cursor < end; i++) {
            int ps = pieceStart[base + i], pe = pieceEnd[base + i];
            if (pe <= cursor) {
                continue;
            }
            if (ps >= end) {
                break;
            }
            if (ps > cursor) {
                copy(s, d, start, cursor, ps);
            }
            overlap = true;
            cursor = Math.max(cursor, pe);
        }
        if (cursor < end) {
            copy(s, d, start, cursor, end);
        }
        if (overlap) {
            note(d, aOverlap);
        }
        // merge [start, end) into the sorted piece list
        int i = 0;
        while (i < n && pieceEnd[base + i] < start) {
            i++;
        }
        int j = i;
        int ms = start, me = end;
        while (j < n && pieceStart[base + j] <= end) {
            ms = Math.min(ms, pieceStart[base + j]);
            me = Math.max(me, pieceEnd[base + j]);
            j++;
        }
        int removed = j - i;
        if (removed == 0 && n == MAX_PIECES) {
            note(d, aTooManyPieces);
            release(s);
            return false;
        }
        int newCount = n - removed + 1;
        if (removed != 1) {
            System.arraycopy(pieceStart, base + j, pieceStart, base + i + 1, n - j);
            System.arraycopy(pieceEnd, base + j, pieceEnd, base + i + 1, n - j);
        }
        pieceStart[base + i] = ms;
        pieceEnd[base + i] = me;
        pieceCount[s] = newCount;
        return true;
    }

    private void copy(int s, DecodedPacket d, int fragStart, int from, int to) {
        d.buf.get(d.l4Offset + (from - fragStart), data[s], HEADROOM + from, to - from);
    }

    private void complete(int s) {
        byte[] out = data[s];
        int hl = headerLength[s];
        int total = totalLength[s];
        int h = HEADROOM - hl;
        if (version[s] == 4) {
            int length = hl + total;
            out[h + 2] = (byte) (length >>> 8);
            out[h + 3] = (byte) length;
            out[h + 6] = 0; // flags and fragment offset: a whole datagram now
            out[h + 7] = 0;
            out[h + 10] = 0;
            out[h + 11] = 0;
            int sum = 0;
            for (int i = 0; i < hl; i += 2) {
                sum += ((out[h + i] & 0xFF) << 8) | (out[h + i + 1] & 0xFF);
            }
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xFFFF) + (sum >>> 16);
            }
            sum = ~sum & 0xFFFF;
            out[h + 10] = (byte) (sum >>> 8);
            out[h + 11] = (byte) sum;
        } else {
            out[h + 4] = (byte) (total >>> 8);
            out[h + 5] = (byte) total;
        }
        doneBuf = views[s];
        doneOffset = h;
        doneLength = hl + total;
        doneVersion = version[s];
        doneFragments = fragments[s];
        doneWireBytes = wireBytes[s];
        reassembled++;
        release(s); // the bytes stay valid until the next add()
    }

    /** Drops datagrams whose first fragment is older than the timeout at packet time {@code nowNanos}. */
    public void expire(long nowNanos) {
        for (int i = activeCount - 1; i >= 0; i--) {
            int s = active[i];
            if (nowNanos - firstTs[s] >= timeoutNanos) {
                anomalies.count(aTimeout);
                release(s);
            }
        }
    }

    /** End of input: datagrams still incomplete are counted and dropped. */
    public void flush() {
        for (int i = activeCount - 1; i >= 0; i--) {
            anomalies.count(aIncomplete);
            release(active[i]);
        }
    }

    public ByteBuffer buffer() {
        return doneBuf;
    }

    public int offset() {
        return doneOffset;
    }

    public int length() {
        return doneLength;
    }

    public int version() {
        return doneVersion;
    }

    /** Fragments that made the last completed datagram. */
    public int fragments() {
        return doneFragments;
    }

    /** Sum of the on-wire lengths of the frames that made the last completed datagram. */
    public long wireBytes() {
        return doneWireBytes;
    }

    /** Datagrams reassembled so far. */
    public long reassembled() {
        return reassembled;
    }

    /** Datagrams in reassembly now. */
    public int pending() {
        return activeCount;
    }
}
