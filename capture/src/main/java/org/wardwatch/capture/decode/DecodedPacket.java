package org.wardwatch.capture.decode;

import java.nio.ByteBuffer;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;

/**
 * The decoder's result for one frame: a flyweight of primitives re-filled for every packet.
 * Offsets are absolute indexes into {@link #buf()} (which may be the capture buffer or, for a
 * reassembled IP datagram, the defragmenter's buffer). Tunnels (GRE, ERSPAN, VXLAN) are
 * unwrapped: the fields describe the innermost frame, {@link #tunnelDepth()} says how deep it was.
 *
 * <p>The {@code *Mac()} and {@code *Ip()} object accessors allocate: call them per flow or per
 * observation, never per packet; the primitive accessors are free.
 */
public final class DecodedPacket {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;
    public static final int ETHERTYPE_LLDP = 0x88CC;
    /** Pseudo ethertype for 802.3 frames with an LLC header (CDP, STP); the LLC starts at l3Offset. */
    public static final int ETHERTYPE_LLC = 0;

    // filled by the decoder; public for the decoder's speed, read through the accessors elsewhere
    public ByteBuffer buf;
    public long tsNanos;
    public int frameLength;          // on-wire length
    public boolean hasEthernet;
    public long srcMac, dstMac;      // 48-bit values, 0 when the link has no MAC header
    public int vlanCount;            // tags seen (outer first), up to 2 kept
    public int vlan, innerVlan;      // 0 when untagged
    public int etherType;            // of the innermost frame
    public int tunnelDepth;
    public int l3Offset, l3Length;
    public int ipVersion;            // 0 (not IP), 4 or 6
    public long srcIpHi, srcIpLo, dstIpHi, dstIpLo; // v4 in lo, hi == 0
    public int ipProtocol;           // of the transport header after extension headers
    public int ttl;
    public boolean fragment;         // a fragment that has not been (or could not be) reassembled
    public int l4Offset, l4Length;
    public int srcPort, dstPort;     // 0 for non-TCP/UDP; ICMP type/code go in icmpType/icmpCode
    public int icmpType, icmpCode;
    public int tcpFlags;
    public long tcpSeq, tcpAck;      // unsigned 32-bit values
    public int tcpWindow;
    public int payloadOffset, payloadLength;
    public boolean truncated;        // the snaplen cut the payload

    // added with the decoder (additive): fragments, TCP options, lengths on the wire, provenance
    public int linkType;             // LINKTYPE_* of the capture record
    public long number;              // 1-based packet number in its input (as tshark counts frames)
    public int ipId;                 // IPv4 identification, or IPv6 fragment header identification (unsigned 32)
    public int fragmentOffset;       // in bytes, for fragments
    public boolean moreFragments;
    public int tcpOptionsOffset, tcpOptionsLength;
    public int tcpMss;               // 0 when absent (decoded on SYN segments only)
    public int tcpWindowScale = -1;  // -1 when absent (decoded on SYN segments only)
    public boolean tcpSackPermitted, tcpTimestamps; // (decoded on SYN segments only)
    public int payloadOrigLength;    // L4 payload length per the IP/UDP headers (>= payloadLength when truncated)
    public int anomaly;              // id (in the engine's Anomalies) of the last anomaly this packet raised, 0 if none

    public ByteBuffer buf() { return buf; }
    public long tsNanos() { return tsNanos; }
    public int frameLength() { return frameLength; }
    public long srcMacValue() { return srcMac; }
    public long dstMacValue() { return dstMac; }
    public int vlan() { return vlan; }
    public int innerVlan() { return innerVlan; }
    public int vlanCount() { return vlanCount; }
    public int etherType() { return etherType; }
    public int tunnelDepth() { return tunnelDepth; }
    public int l3Offset() { return l3Offset; }
    public int l3Length() { return l3Length; }
    public int ipVersion() { return ipVersion; }
    public int ipProtocol() { return ipProtocol; }
    public int ttl() { return ttl; }
    public boolean isFragment() { return fragment; }
    public int l4Offset() { return l4Offset; }
    public int l4Length() { return l4Length; }
    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    public int icmpType() { return icmpType; }
    public int icmpCode() { return icmpCode; }
    public int tcpFlags() { return tcpFlags; }
    public long tcpSeq() { return tcpSeq; }
    public long tcpAck() { return tcpAck; }
    public int tcpWindow() { return tcpWindow; }
    public int payloadOffset() { return payloadOffset; }
    public int payloadLength() { return payloadLength; }
    public boolean isTruncated() { return truncated; }
    public int linkType() { return linkType; }
    public long number() { return number; }
    public int ipId() { return ipId; }
    public int fragmentOffset() { return fragmentOffset; }
    public boolean moreFragments() { return moreFragments; }
    public int tcpOptionsOffset() { return tcpOptionsOffset; }
    public int tcpOptionsLength() { return tcpOptionsLength; }
    public int tcpMss() { return tcpMss; }
    public int tcpWindowScale() { return tcpWindowScale; }
    public boolean tcpSackPermitted() { return tcpSackPermitted; }
    public boolean tcpTimestamps() { return tcpTimestamps; }
    public int payloadOrigLength() { return payloadOrigLength; }
    public int anomalyId() { return anomaly; }

    public MacAddress srcMac() { return hasEthernet ? new MacAddress(srcMac) : null; }
    public MacAddress dstMac() { return hasEthernet ? new MacAddress(dstMac) : null; }

    public IpAddress srcIp() {
        return ipVersion == 4 ? IpAddress.ofV4((int) srcIpLo) : ipVersion == 6 ? IpAddress.ofV6(srcIpHi, srcIpLo) : null;
    }

    public IpAddress dstIp() {
        return ipVersion == 4 ? IpAddress.ofV4((int) dstIpLo) : ipVersion == 6 ? IpAddress.ofV6(dstIpHi, dstIpLo) : null;
    }

    /** Resets every field before decoding the next frame. */
    public void clear() {
        buf = null;
        tsNanos = 0;
        frameLength = 0;
        hasEthernet = false;
        srcMac = dstMac = 0;
        vlanCount = vlan = innerVlan = 0;
        etherType = 0;
        tunnelDepth = 0;
        l3Offset = l3Length = 0;
        ipVersion = 0;
        srcIpHi = srcIpLo = dstIpHi = dstIpLo = 0;
        ipProtocol = 0;
        ttl = 0;
        fragment = false;
        l4Offset = l4Length = 0;
        srcPort = dstPort = 0;
        icmpType = icmpCode = 0;
        tcpFlags = 0;
        tcpSeq = tcpAck = 0;
        tcpWindow = 0;
        payloadOffset = payloadLength = 0;
        truncated = false;
        linkType = 0;
        number = 0;
        ipId = 0;
        fragmentOffset = 0;
        moreFragments = false;
        tcpOptionsOffset = tcpOptionsLength = 0;
        tcpMss = 0;
        tcpWindowScale = -1;
        tcpSackPermitted = tcpTimestamps = false;
        payloadOrigLength = 0;
        anomaly = 0;
    }

    /** Copies every field of {@code o} into this packet (the decoder saves the outer frame of a tunnel). */
    public void copyFrom(DecodedPacket o) {
        buf = o.buf;
        tsNanos = o.tsNanos;
        frameLength = o.frameLength;
        hasEthernet = o.hasEthernet;
        srcMac = o.srcMac;
        dstMac = o.dstMac;
        vlanCount = o.vlanCount;
        vlan = o.vlan;
        innerVlan = o.innerVlan;
        etherType = o.etherType;
        tunnelDepth = o.tunnelDepth;
        l3Offset = o.l3Offset;
        l3Length = o.l3Length;
        ipVersion = o.ipVersion;
        srcIpHi = o.srcIpHi;
        srcIpLo = o.srcIpLo;
        dstIpHi = o.dstIpHi;
        dstIpLo = o.dstIpLo;
        ipProtocol = o.ipProtocol;
        ttl = o.ttl;
        fragment = o.fragment;
        l4Offset = o.l4Offset;
        l4Length = o.l4Length;
        srcPort = o.srcPort;
        dstPort = o.dstPort;
        icmpType = o.icmpType;
        icmpCode = o.icmpCode;
        tcpFlags = o.tcpFlags;
        tcpSeq = o.tcpSeq;
        tcpAck = o.tcpAck;
        tcpWindow = o.tcpWindow;
        payloadOffset = o.payloadOffset;
        payloadLength = o.payloadLength;
        truncated = o.truncated;
        linkType = o.linkType;
        number = o.number;
        ipId = o.ipId;
        fragmentOffset = o.fragmentOffset;
        moreFragments = o.moreFragments;
        tcpOptionsOffset = o.tcpOptionsOffset;
        tcpOptionsLength = o.tcpOptionsLength;
        tcpMss = o.tcpMss;
        tcpWindowScale = o.tcpWindowScale;
        tcpSackPermitted = o.tcpSackPermitted;
        tcpTimestamps = o.tcpTimestamps;
        payloadOrigLength = o.payloadOrigLength;
        anomaly = o.anomaly;
    }
}
