package org.wardwatch.capture.decode;

import java.nio.ByteBuffer;
import org.wardwatch.capture.source.Packet;

/**
 * Decodes one captured frame into a {@link DecodedPacket}, link layer to transport header, without
 * allocating: it reads the source's buffer in place and writes primitives into the flyweight.
 *
 * <p>Followed: IEEE 802.3 (Ethernet II and 802.3 length/LLC frames), IEEE 802.1Q / 802.1ad VLAN tags
 * (also the pre-standard 0x9100 QinQ tag), Linux cooked capture v1/v2 (tcpdump.org LINKTYPE_LINUX_SLL
 * and SLL2), BSD loopback (LINKTYPE_NULL, host byte order; LINKTYPE_LOOP, network order), raw IP,
 * PPP (RFC 1661/1662) and Cisco HDLC, PPPoE sessions (RFC 2516), MPLS label stacks (RFC 3032, IP payloads
 * only), IPv4 (RFC 791; options skipped by IHL, header checksum verified), IPv6 (RFC 8200, extension
 * header chain of hop-by-hop, routing, destination options, fragment, AH (RFC 4302), mobility, HIP,
 * shim6), TCP (RFC 9293; options decoded on SYN segments), UDP (RFC 768), ICMP (RFC 792),
 * ICMPv6 (RFC 4443, neighbor discovery RFC 4861 included as plain types), GRE (RFC 2784/2890; version 0),
 * transparent Ethernet bridging over GRE (0x6558), ERSPAN type I, II (0x88BE) and III (0x22EB)
 * (draft-foschiano-erspan-03), VXLAN (RFC 7348, UDP port 4789 by default), IP-in-IP (protocol 4)
 * and IPv6-in-IPv4 (protocol 41).
 *
 * <p>Tunnels are unwrapped to the innermost frame ({@link DecodedPacket#tunnelDepth} counts the
 * layers, bounded by {@code maxTunnelDepth}). When an inner frame turns out malformed, the outer
 * packet is kept (its flow is the tunnel's) and the inner anomaly counted.
 *
 * <p>Every length from the wire is checked against the captured bytes before use. A malformed header
 * counts a named anomaly (stable API, listed in {@code docs/flows.md}) and the decoder returns
 * {@link #MALFORMED}; it never throws on packet content.
 *
 * <p>Known gaps: TCP and UDP checksums are not verified (captures taken on a sending host carry
 * offloaded, i.e. wrong, checksums); IPv4 options are not interpreted; ICMP error messages are not
 * matched to the flow they quote; MPLS pseudowires (Ethernet over MPLS) are not unwrapped; SCTP and
 * other transports get no ports.
 */
public final class PacketDecoder {
    // tcpdump.org LINKTYPE_* values (and the raw-IP DLT numbers some old files carry)
    public static final int LINKTYPE_NULL = 0;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_PPP = 9;
    public static final int DLT_RAW_12 = 12;
    public static final int DLT_RAW_14 = 14;
    public static final int LINKTYPE_PPP_HDLC = 50;
    public static final int LINKTYPE_RAW = 101;
    public static final int LINKTYPE_C_HDLC = 104;
    public static final int LINKTYPE_LOOP = 108;
    public static final int LINKTYPE_LINUX_SLL = 113;
    public static final int LINKTYPE_IPV4 = 228;
    public static final int LINKTYPE_IPV6 = 229;
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    /** Result: the frame could not be decoded (anomaly counted). */
    public static final int MALFORMED = 0;
    /** Result: a frame without an IP flow (ARP, LLDP, LLC/CDP/STP, other ethertypes). */
    public static final int FRAME = 1;
    /** Result: an IP packet, transport header decoded as far as its protocol goes. */
    public static final int IP = 2;
    /** Result: an IP fragment (fragment fields set, {@code l4Offset}/{@code l4Length} = fragment data). */
    public static final int FRAGMENT = 3;
    /** Result: a well-formed link-layer frame that carries nothing decoded here (e.g. PPP LCP). */
    public static final int OTHER = 4;

    public static final int DEFAULT_VXLAN_PORT = 4789;
    private static final int MAX_VLAN_TAGS = 8;
    private static final int MAX_MPLS_LABELS = 8;
    private static final int MAX_IPV6_EXTENSIONS = 8;

    private final Anomalies anomalies;
    private final int maxTunnelDepth;
    private final int vxlanPort;
    private final DecodedPacket saved = new DecodedPacket();

    private ByteBuffer b;
    private DecodedPacket d;
    /*
     * The frame's first bytes, copied with one bulk get per packet and decoded from the array: plain
     * array reads stay cheap in the interpreter and C1 while the JIT warms up, and C2 compiles less.
     * More is copied on demand (deep tunnels, long option lists); never past the captured length.
     */
    private static final int HEADER_COPY = 128;
    private final byte[] h = new byte[HEADER_COPY];
    private byte[] more;    // allocated on the first frame whose headers run past HEADER_COPY, then reused
    private byte[] big = h; // h or more: where the bytes of this frame are
    private int base, have, limit;

    private final int aFrameOutOfBuffer, aLinkTypeUnsupported, aEthernetTruncated, aVlanTruncated, aVlanTooDeep,
            aLlcLengthInvalid, aSllTruncated, aNullTruncated, aNullFamily, aRawVersion, aPppTruncated, aMplsTruncated,
            aMplsTooDeep, aPppoeTruncated, aIpv4Truncated, aIpv4Version, aIpv4HeaderLength, aIpv4TotalLength,
            aIpv4TotalLengthZero, aIpv4LengthExceeds, aIpv4Checksum, aIpv6Truncated, aIpv6Version,
            aIpv6LengthExceeds, aIpv6PayloadLengthZero, aIpv6ExtTruncated, aIpv6ExtTooLong, aIpv6HopByHopNotFirst,
            aTcpTruncated, aTcpDataOffset, aTcpOptionLength, aUdpTruncated, aUdpLength, aUdpLengthExceeds,
            aIcmpTruncated, aIcmpv6Truncated, aGreTruncated, aGreRouting, aErspanTruncated, aErspanVersion,
            aErspanFrameType, aVxlanTruncated, aVxlanFlags, aTunnelTooDeep;

    public PacketDecoder(Anomalies anomalies) {
        this(anomalies, 4, DEFAULT_VXLAN_PORT);
    }

    /**
     * @param maxTunnelDepth how many tunnel layers are unwrapped before the packet is kept as the tunnel's
     * @param vxlanPort      UDP destination port decoded as VXLAN (0: none)
     */
    public PacketDecoder(Anomalies anomalies, int maxTunnelDepth, int vxlanPort) {
        this.anomalies = anomalies;
        this.maxTunnelDepth = maxTunnelDepth;
        this.vxlanPort = vxlanPort;
        aFrameOutOfBuffer = anomalies.id("frame_out_of_buffer");
        aLinkTypeUnsupported = anomalies.id("link_type_unsupported");
        aEthernetTruncated = anomalies.id("ethernet_header_truncated");
        aVlanTruncated = anomalies.id("vlan_header_truncated");
        aVlanTooDeep = anomalies.id("vlan_stack_too_deep");
        aLlcLengthInvalid = anomalies.id("ethernet_8023_length_exceeds_frame");
        aSllTruncated = anomalies.id("sll_header_truncated");
        aNullTruncated = anomalies.id("loopback_header_truncated");
        aNullFamily = anomalies.id("loopback_unknown_family");
        aRawVersion = anomalies.id("raw_ip_unknown_version");
        aPppTruncated = anomalies.id("ppp_header_truncated");
        aMplsTruncated = anomalies.id("mpls_header_truncated");
        aMplsTooDeep = anomalies.id("mpls_stack_too_deep");
        aPppoeTruncated = anomalies.id("pppoe_header_truncated");
        aIpv4Truncated = anomalies.id("ipv4_header_truncated");
        aIpv4Version = anomalies.id("ipv4_bad_version");
        aIpv4HeaderLength = anomalies.id("ipv4_bad_header_length");
        aIpv4TotalLength = anomalies.id("ipv4_bad_total_length");
        aIpv4TotalLengthZero = anomalies.id("ipv4_total_length_zero");
        aIpv4LengthExceeds = anomalies.id("ipv4_total_length_exceeds_frame");
        aIpv4Checksum = anomalies.id("ipv4_bad_header_checksum");
        aIpv6Truncated = anomalies.id("ipv6_header_truncated");
        aIpv6Version = anomalies.id("ipv6_bad_version");
        aIpv6LengthExceeds = anomalies.id("ipv6_payload_length_exceeds_frame");
        aIpv6PayloadLengthZero = anomalies.id("ipv6_payload_length_zero");
        aIpv6ExtTruncated = anomalies.id("ipv6_extension_header_truncated");
        aIpv6ExtTooLong = anomalies.id("ipv6_extension_chain_too_long");
        aIpv6HopByHopNotFirst = anomalies.id("ipv6_hop_by_hop_not_first");
        aTcpTruncated = anomalies.id("tcp_header_truncated");
        aTcpDataOffset = anomalies.id("tcp_bad_data_offset");
        aTcpOptionLength = anomalies.id("tcp_bad_option_length");
        aUdpTruncated = anomalies.id("udp_header_truncated");
        aUdpLength = anomalies.id("udp_bad_length");
        aUdpLengthExceeds = anomalies.id("udp_length_exceeds_ip_payload");
        aIcmpTruncated = anomalies.id("icmp_header_truncated");
        aIcmpv6Truncated = anomalies.id("icmpv6_header_truncated");
        aGreTruncated = anomalies.id("gre_header_truncated");
        aGreRouting = anomalies.id("gre_routing_unsupported");
        aErspanTruncated = anomalies.id("erspan_header_truncated");
        aErspanVersion = anomalies.id("erspan_bad_version");
        aErspanFrameType = anomalies.id("erspan_frame_type_unsupported");
        aVxlanTruncated = anomalies.id("vxlan_header_truncated");
        aVxlanFlags = anomalies.id("vxlan_bad_flags");
        aTunnelTooDeep = anomalies.id("tunnel_too_deep");
    }

    /**
     * Decodes {@code p} into {@code out} (cleared first).
     *
     * @return {@link #IP}, {@link #FRAGMENT}, {@link #FRAME}, {@link #OTHER} or {@link #MALFORMED}
     */
    public int decode(Packet p, DecodedPacket out) {
        out.clear();
        ByteBuffer buf = p.buf;
        this.d = out;
        this.b = buf;
        out.buf = buf;
        out.tsNanos = p.tsNanos;
        out.frameLength = p.origLen;
        out.linkType = p.linkType;
        out.number = p.number;
        int off = p.offset;
        int capLen = p.capLen;
        if (buf == null || off < 0 || capLen < 0 || (long) off + capLen > buf.limit()) {
            return malformed(aFrameOutOfBuffer);
        }
        out.truncated = capLen < p.origLen;
        load(off, capLen);
        int end = off + capLen;
        switch (p.linkType) {
            case LINKTYPE_ETHERNET:
                return ethernet(off, end);
            case LINKTYPE_LINUX_SLL:
                return sll(off, end);
            case LINKTYPE_LINUX_SLL2:
                return sll2(off, end);
            case LINKTYPE_RAW:
            case DLT_RAW_12:
            case DLT_RAW_14:
                return rawIp(off, end);
            case LINKTYPE_IPV4:
                return ipv4(off, end);
            case LINKTYPE_IPV6:
                return ipv6(off, end);
            case LINKTYPE_NULL:
            case LINKTYPE_LOOP:
                return loopback(off, end, p.linkType == LINKTYPE_LOOP);
            case LINKTYPE_PPP:
            case LINKTYPE_PPP_HDLC:
                return ppp(off, end);
            case LINKTYPE_C_HDLC:
                if (end - off < 4) {
                    return malformed(aPppTruncated);
                }
                return etherPayload(u16(off + 2), off + 4, end);
            default:
                return malformed(aLinkTypeUnsupported);
        }
    }

    /**
     * Decodes an IP datagram that the defragmenter rebuilt in {@code buf} at {@code off}, keeping the
     * link-layer fields already in {@code out} (those of the datagram's last fragment).
     */
    public int decodeDatagram(ByteBuffer buf, int off, int len, int ipVersion, DecodedPacket out) {
        this.d = out;
        this.b = buf;
        out.buf = buf;
        out.fragment = false;
        out.fragmentOffset = 0;
        out.moreFragments = false;
        out.srcPort = out.dstPort = out.icmpType = out.icmpCode = out.tcpFlags = out.tcpWindow = 0;
        out.tcpSeq = out.tcpAck = 0;
        out.payloadOffset = out.payloadLength = out.payloadOrigLength = 0;
        out.truncated = false;
        if (off < 0 || len < 0 || (long) off + len > buf.limit()) {
            return malformed(aFrameOutOfBuffer);
        }
        load(off, len);
        return ipVersion == 4 ? ipv4(off, off + len) : ipv6(off, off + len);
    }

    // ---- reading ----

    /** Copies the first bytes of the frame at {@code off} ({@code length} captured bytes). */
    private void load(int off, int length) {
        base = off;
        limit = length;
        int n = Math.min(length, HEADER_COPY);
        b.get(off, h, 0, n);
        big = h;
        have = n;
    }

    /** Makes bytes up to relative index {@code j} (exclusive) available; callers checked {@code j <= limit}. */
    private void need(int j) {
        int n = Math.min(limit, Math.max(j, have * 2));
        if (more == null || more.length < n) {
            byte[] nb = new byte[Math.max(n, 4096)]; // once (or when a frame's headers are longer still)
            System.arraycopy(big, 0, nb, 0, have);
            more = nb;
        } else if (big == h) {
            System.arraycopy(h, 0, more, 0, have);
        }
        big = more;
        b.get(base + have, big, have, n - have);
        have = n;
    }

    private int u8(int i) {
        int j = i - base;
        if (j >= have) {
            need(j + 1);
        }
        return big[j] & 0xFF;
    }

    private int u16(int i) {
        int j = i - base;
        if (j + 2 > have) {
            need(j + 2);
        }
        byte[] a = big;
        return ((a[j] & 0xFF) << 8) | (a[j + 1] & 0xFF);
    }

    private long u32(int i) {
        int j = i - base;
        if (j + 4 > have) {
            need(j + 4);
        }
        byte[] a = big;
        return ((long) (a[j] & 0xFF) << 24) | ((a[j + 1] & 0xFF) << 16) | ((a[j + 2] & 0xFF) << 8) | (a[j + 3] & 0xFF);
    }

    private long u64(int i) {
        return (u32(i) << 32) | u32(i + 4);
    }

    private long mac(int i) {
        return ((long) u16(i) << 32) | u32(i + 2);
    }

    private int malformed(int anomaly) {
        anomalies.count(anomaly);
        d.anomaly = anomaly;
        return MALFORMED;
    }

    private void note(int anomaly) {
        anomalies.count(anomaly);
        d.anomaly = anomaly;
    }

    // ---- link layers ----

    private int ethernet(int off, int end) {
        if (end - off < 14) {
            return malformed(aEthernetTruncated);
        }
        d.hasEthernet = true;
        d.dstMac = mac(off);
        d.srcMac = mac(off + 6);
        return etherPayload(u16(off + 12), off + 14, end);
    }

    /** The payload of an ethertype (after any link header): VLAN tags, then the network layer. */
    private int etherPayload(int type, int off, int end) {
        int tags = 0;
        while (type == DecodedPacket.ETHERTYPE_VLAN || type == DecodedPacket.ETHERTYPE_QINQ || type == 0x9100) {
            if (end - off < 4) {
                return malformed(aVlanTruncated);
            }
            if (tags == MAX_VLAN_TAGS) {
                return malformed(aVlanTooDeep);
            }
            int vid = u16(off) & 0x0FFF;
            if (tags == 0) {
                d.vlan = vid;
            } else if (tags == 1) {
                d.innerVlan = vid;
            }
            tags++;
            type = u16(off + 2);
            off += 4;
        }
        d.vlanCount = tags;
        if (type < 0x0600) {
            // IEEE 802.3 length field: an LLC frame (CDP, STP, ...), handed on as a frame
            d.etherType = DecodedPacket.ETHERTYPE_LLC;
            d.l3Offset = off;
            int avail = end - off;
            if (type > avail && !d.truncated) {
                note(aLlcLengthInvalid);
            }
            d.l3Length = Math.min(type, avail);
            return FRAME;
        }
        return network(type, off, end);
    }

    private int network(int type, int off, int end) {
        d.etherType = type;
        switch (type) {
            case DecodedPacket.ETHERTYPE_IPV4:
                return ipv4(off, end);
            case DecodedPacket.ETHERTYPE_IPV6:
                return ipv6(off, end);
            case 0x8847:
            case 0x8848:
                return mpls(off, end);
            case 0x8864:
                return pppoeSession(off, end);
            default:
                d.l3Offset = off;
                d.l3Length = end - off;
                return FRAME;
        }
    }

    private int sll(int off, int end) {
        if (end - off < 16) {
            return malformed(aSllTruncated);
        }
        int hatype = u16(off + 2);
        int alen = u16(off + 4);
        if (hatype == 1 && alen == 6) {
            d.srcMac = mac(off + 6);
        }
        return sllProtocol(u16(off + 14), off + 16, end);
    }

    private int sll2(int off, int end) {
        if (end - off < 20) {
            return malformed(aSllTruncated);
        }
        int hatype = u16(off + 8);
        int alen = u8(off + 11);
        if (hatype == 1 && alen == 6) {
            d.srcMac = mac(off + 12);
        }
        return sllProtocol(u16(off), off + 20, end);
    }

    private int sllProtocol(int protocol, int off, int end) {
        if (protocol == 0x0004 || protocol == 0x0001) {
            // LINUX_SLL_P_802_2 / LINUX_SLL_P_802_3: an LLC (or Novell raw 802.3) frame without a length field
            d.etherType = DecodedPacket.ETHERTYPE_LLC;
            d.l3Offset = off;
            d.l3Length = end - off;
            return FRAME;
        }
        if (protocol < 0x0600) {
            d.l3Offset = off;
            d.l3Length = end - off;
            return OTHER;
        }
        return etherPayload(protocol, off, end);
    }

    private int rawIp(int off, int end) {
        if (end - off < 1) {
            return malformed(aIpv4Truncated);
        }
        int version = u8(off) >>> 4;
        if (version == 4) {
            return ipv4(off, end);
        }
        if (version == 6) {
            return ipv6(off, end);
        }
        return malformed(aRawVersion);
    }

    private int loopback(int off, int end, boolean networkOrder) {
        if (end - off < 4) {
            return malformed(aNullTruncated);
        }
        int family;
        if (networkOrder) {
            family = (int) u32(off);
        } else {
            // LINKTYPE_NULL: the capturing host's byte order, unknown here; families are small numbers
            int b0 = u8(off), b1 = u8(off + 1), b2 = u8(off + 2), b3 = u8(off + 3);
            family = (b2 == 0 && b3 == 0) ? (b0 | (b1 << 8)) : ((b2 << 8) | b3);
        }
        switch (family) {
            case 2:
                d.etherType = DecodedPacket.ETHERTYPE_IPV4;
                return ipv4(off + 4, end);
            case 10: // Linux
            case 24: // NetBSD, OpenBSD, BSD/OS
            case 28: // FreeBSD, DragonFly
            case 30: // macOS
                d.etherType = DecodedPacket.ETHERTYPE_IPV6;
                return ipv6(off + 4, end);
            default:
                return malformed(aNullFamily);
        }
    }

    private int ppp(int off, int end) {
        if (end - off < 2) {
            return malformed(aPppTruncated);
        }
        if (u16(off) == 0xFF03) { // HDLC address and control (RFC 1662)
            off += 2;
        }
        if (end - off < 1) {
            return malformed(aPppTruncated);
        }
        int protocol;
        if ((u8(off) & 1) != 0) { // protocol field compressed to one byte (RFC 1661 section 6.5)
            protocol = u8(off);
            off += 1;
        } else {
            if (end - off < 2) {
                return malformed(aPppTruncated);
            }
            protocol = u16(off);
            off += 2;
        }
        return pppProtocol(protocol, off, end);
    }

    private int pppProtocol(int protocol, int off, int end) {
        if (protocol == 0x0021) {
            d.etherType = DecodedPacket.ETHERTYPE_IPV4;
            return ipv4(off, end);
        }
        if (protocol == 0x0057) {
            d.etherType = DecodedPacket.ETHERTYPE_IPV6;
            return ipv6(off, end);
        }
        d.l3Offset = off;
        d.l3Length = end - off;
        return OTHER;
    }

    private int pppoeSession(int off, int end) {
        if (end - off < 8) {
            return malformed(aPppoeTruncated);
        }
        return pppProtocol(u16(off + 6), off + 8, end);
    }

    private int mpls(int off, int end) {
        for (int labels = 0; ; labels++) {
            if (labels == MAX_MPLS_LABELS) {
                return malformed(aMplsTooDeep);
            }
            if (end - off < 4) {
                return malformed(aMplsTruncated);
            }
            boolean bottom = (u8(off + 2) & 1) != 0;
            off += 4;
            if (bottom) {
                break;
            }
        }
        if (end - off >= 1) {
            int version = u8(off) >>> 4;
            if (version == 4) {
                d.etherType = DecodedPacket.ETHERTYPE_IPV4;
                return ipv4(off, end);
            }
            if (version == 6) {
                d.etherType = DecodedPacket.ETHERTYPE_IPV6;
                return ipv6(off, end);
            }
        }
        d.l3Offset = off;
        d.l3Length = end - off;
        return OTHER;
    }

    // ---- network layer ----

    private int ipv4(int off, int end) {
        int avail = end - off;
        if (avail < 20) {
            return malformed(aIpv4Truncated);
        }
        int vihl = u8(off);
        if ((vihl >>> 4) != 4) {
            return malformed(aIpv4Version);
        }
        int ihl = (vihl & 0x0F) << 2;
        if (ihl < 20) {
            return malformed(aIpv4HeaderLength);
        }
        if (ihl > avail) {
            return malformed(aIpv4Truncated);
        }
        int total = u16(off + 2);
        int ipEnd;
        if (total < ihl) {
            if (total != 0) {
                return malformed(aIpv4TotalLength);
            }
            // total length 0: a segment captured before TCP segmentation offload split it
            note(aIpv4TotalLengthZero);
            total = avail;
            ipEnd = end;
        } else if (total > avail) {
            if (!d.truncated) {
                note(aIpv4LengthExceeds);
            }
            ipEnd = end;
        } else {
            ipEnd = off + total;
        }
        d.etherType = DecodedPacket.ETHERTYPE_IPV4;
        d.ipVersion = 4;
        d.l3Offset = off;
        d.l3Length = total;
        d.ttl = u8(off + 8);
        int protocol = u8(off + 9);
        d.ipProtocol = protocol;
        d.srcIpHi = 0;
        d.srcIpLo = u32(off + 12);
        d.dstIpHi = 0;
        d.dstIpLo = u32(off + 16);
        if (!checksumOk(off, ihl)) {
            note(aIpv4Checksum);
        }
        int fragField = u16(off + 6);
        d.ipId = u16(off + 4);
        int l4 = off + ihl;
        if ((fragField & 0x3FFF) != 0) { // MF set or a non-zero offset
            d.fragment = true;
            d.moreFragments = (fragField & 0x2000) != 0;
            d.fragmentOffset = (fragField & 0x1FFF) << 3;
            d.l4Offset = l4;
            d.l4Length = ipEnd - l4;
            d.payloadOrigLength = total - ihl;
            return FRAGMENT;
        }
        return transport(protocol, l4, ipEnd, total - ihl);
    }

    /**
     * RFC 1071 over the header, 32 bits at a time: the one's complement sum does not depend on the byte
     * order it is computed in, and a correct header sums to 0xFFFF either way.
     */
    private boolean checksumOk(int off, int ihl) {
        long sum = 0;
        for (int i = 0; i < ihl; i += 4) {
            sum += u32(off + i);
        }
        sum = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return sum == 0xFFFF;
    }

    private int ipv6(int off, int end) {
        int avail = end - off;
        if (avail < 40) {
            return malformed(aIpv6Truncated);
        }
        if ((u8(off) >>> 4) != 6) {
            return malformed(aIpv6Version);
        }
        int payloadLength = u16(off + 4);
        int next = u8(off + 6);
        d.etherType = DecodedPacket.ETHERTYPE_IPV6;
        d.ipVersion = 6;
        d.l3Offset = off;
        d.ttl = u8(off + 7);
        d.srcIpHi = u64(off + 8);
        d.srcIpLo = u64(off + 16);
        d.dstIpHi = u64(off + 24);
        d.dstIpLo = u64(off + 32);
        int ipEnd;
        if (payloadLength == 0 && next != 59) {
            // a jumbogram (RFC 2675) or a segment captured before offload: take what was captured
            if (next != 0) {
                note(aIpv6PayloadLengthZero);
            }
            payloadLength = avail - 40;
            ipEnd = end;
        } else if (payloadLength > avail - 40) {
            if (!d.truncated) {
                note(aIpv6LengthExceeds);
            }
            ipEnd = end;
        } else {
            ipEnd = off + 40 + payloadLength;
        }
        d.l3Length = 40 + payloadLength;
        int p = off + 40;
        for (int count = 0; ; count++) {
            int len;
            switch (next) {
                case 0:
                    if (count != 0) {
                        note(aIpv6HopByHopNotFirst);
                    }
                    // fall through
                case 43:  // routing
                case 60:  // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (ipEnd - p < 8) {
                        return malformed(aIpv6ExtTruncated);
                    }
                    len = (u8(p + 1) + 1) << 3;
                    break;
                case 51: // AH: length in 4-octet units minus 2
                    if (ipEnd - p < 8) {
                        return malformed(aIpv6ExtTruncated);
                    }
                    len = (u8(p + 1) + 2) << 2;
                    break;
                case 44: { // fragment
                    if (ipEnd - p < 8) {
                        return malformed(aIpv6ExtTruncated);
                    }
                    int offFlags = u16(p + 2);
                    int fragOffset = offFlags & 0xFFF8;
                    boolean more = (offFlags & 1) != 0;
                    if (fragOffset == 0 && !more) {
                        // an atomic fragment (RFC 6946): the whole datagram, decode on
                        len = 8;
                        break;
                    }
                    d.fragment = true;
                    d.moreFragments = more;
                    d.fragmentOffset = fragOffset;
                    d.ipId = (int) u32(p + 4);
                    d.ipProtocol = u8(p);
                    d.l4Offset = p + 8;
                    d.l4Length = ipEnd - (p + 8);
                    d.payloadOrigLength = off + 40 + payloadLength - (p + 8);
                    return FRAGMENT;
                }
                default:
                    d.ipProtocol = next;
                    return transport(next, p, ipEnd, off + 40 + payloadLength - p);
            }
            if (count == MAX_IPV6_EXTENSIONS) {
                return malformed(aIpv6ExtTooLong);
            }
            if (ipEnd - p < len) {
                return malformed(aIpv6ExtTruncated);
            }
            next = u8(p);
            p += len;
        }
    }

    // ---- transport layer ----

    /**
     * @param off     first byte of the transport header
     * @param end     end of the captured bytes of the IP payload
     * @param origLen length of the IP payload according to the IP header
     */
    private int transport(int protocol, int off, int end, int origLen) {
        d.ipProtocol = protocol;
        d.l4Offset = off;
        d.l4Length = end - off;
        switch (protocol) {
            case 6:
                return tcp(off, end, origLen);
            case 17:
                return udp(off, end, origLen);
            case 1:
                return icmp(off, end, origLen, aIcmpTruncated);
            case 58:
                return icmp(off, end, origLen, aIcmpv6Truncated);
            case 47:
                return gre(off, end, origLen);
            case 4:
            case 41:
                return ipInIp(protocol, off, end, origLen);
            default:
                d.payloadOffset = off;
                d.payloadLength = end - off;
                d.payloadOrigLength = origLen;
                return IP;
        }
    }

    private int tcp(int off, int end, int origLen) {
        int avail = end - off;
        if (avail < 20) {
            return malformed(aTcpTruncated);
        }
        int dataOffset = (u8(off + 12) >>> 4) << 2;
        if (dataOffset < 20) {
            return malformed(aTcpDataOffset);
        }
        if (dataOffset > avail) {
            return malformed(d.truncated ? aTcpTruncated : aTcpDataOffset);
        }
        d.srcPort = u16(off);
        d.dstPort = u16(off + 2);
        d.tcpSeq = u32(off + 4);
        d.tcpAck = u32(off + 8);
        int flags = ((u8(off + 12) & 0x0F) << 8) | u8(off + 13);
        d.tcpFlags = flags;
        d.tcpWindow = u16(off + 14);
        d.tcpOptionsOffset = off + 20;
        d.tcpOptionsLength = dataOffset - 20;
        if ((flags & 0x02) != 0 && dataOffset > 20) {
            tcpOptions(off + 20, off + dataOffset);
        }
        d.payloadOffset = off + dataOffset;
        d.payloadLength = avail - dataOffset;
        d.payloadOrigLength = Math.max(origLen - dataOffset, d.payloadLength);
        return IP;
    }

    private void tcpOptions(int o, int end) {
        while (o < end) {
            int kind = u8(o);
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (end - o < 2) {
                note(aTcpOptionLength);
                return;
            }
            int len = u8(o + 1);
            if (len < 2 || len > end - o) {
                note(aTcpOptionLength);
                return;
            }
            switch (kind) {
                case 2:
                    if (len == 4) {
                        d.tcpMss = u16(o + 2);
                    }
                    break;
                case 3:
                    if (len == 3) {
                        d.tcpWindowScale = u8(o + 2);
                    }
                    break;
                case 4:
                    d.tcpSackPermitted = true;
                    break;
                case 8:
                    d.tcpTimestamps = true;
                    break;
                default:
                    break;
            }
            o += len;
        }
    }

    private int udp(int off, int end, int origLen) {
        int avail = end - off;
        if (avail < 8) {
            return malformed(aUdpTruncated);
        }
        d.srcPort = u16(off);
        d.dstPort = u16(off + 2);
        int length = u16(off + 4);
        int datagram;
        if (length < 8) {
            note(aUdpLength);
            datagram = origLen;
        } else if (length > origLen) {
            note(aUdpLengthExceeds);
            datagram = origLen;
        } else {
            datagram = length;
        }
        d.payloadOffset = off + 8;
        d.payloadOrigLength = Math.max(datagram - 8, 0);
        d.payloadLength = Math.min(d.payloadOrigLength, avail - 8);
        if (d.dstPort == vxlanPort && vxlanPort != 0) {
            return vxlan(off + 8, off + 8 + d.payloadLength);
        }
        return IP;
    }

    private int icmp(int off, int end, int origLen, int truncatedAnomaly) {
        int avail = end - off;
        if (avail < 4) {
            return malformed(truncatedAnomaly);
        }
        d.icmpType = u8(off);
        d.icmpCode = u8(off + 1);
        int header = Math.min(8, avail);
        d.payloadOffset = off + header;
        d.payloadLength = avail - header;
        d.payloadOrigLength = Math.max(origLen - 8, d.payloadLength);
        return IP;
    }

    // ---- tunnels ----

    private int gre(int off, int end, int origLen) {
        d.payloadOffset = off;
        d.payloadLength = end - off;
        d.payloadOrigLength = origLen;
        int avail = end - off;
        if (avail < 4) {
            note(aGreTruncated);
            return IP;
        }
        int flags = u16(off);
        int protocol = u16(off + 2);
        if ((flags & 0x7) != 0) {
            return IP; // version 1 is PPTP's enhanced GRE: kept as a GRE flow
        }
        if ((flags & 0x4000) != 0) {
            note(aGreRouting); // RFC 1701 source routing, obsolete
            return IP;
        }
        int header = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0) + ((flags & 0x1000) != 0 ? 4 : 0);
        if (header > avail) {
            note(aGreTruncated);
            return IP;
        }
        int p = off + header;
        switch (protocol) {
            case 0x6558: // transparent Ethernet bridging
                return tunnelEthernet(p, end, -1);
            case DecodedPacket.ETHERTYPE_IPV4:
                return tunnelIp(4, p, end);
            case DecodedPacket.ETHERTYPE_IPV6:
                return tunnelIp(6, p, end);
            case 0x88BE:
                if ((flags & 0x1000) == 0) {
                    return tunnelEthernet(p, end, -1); // ERSPAN type I: no ERSPAN header
                }
                if (end - p < 8) {
                    note(aErspanTruncated);
                    return IP;
                }
                if ((u8(p) >>> 4) != 1) {
                    note(aErspanVersion);
                    return IP;
                }
                return tunnelEthernet(p + 8, end, u16(p) & 0x0FFF);
            case 0x22EB: {
                if (end - p < 12) {
                    note(aErspanTruncated);
                    return IP;
                }
                if ((u8(p) >>> 4) != 2) {
                    note(aErspanVersion);
                    return IP;
                }
                int vlan = u16(p) & 0x0FFF;
                int word3 = u16(p + 10);
                int frameType = (word3 >>> 10) & 0x1F;
                boolean platformSubheader = (word3 & 1) != 0;
                int h = 12 + (platformSubheader ? 8 : 0);
                if (end - p < h) {
                    note(aErspanTruncated);
                    return IP;
                }
                if (frameType != 0) {
                    note(aErspanFrameType);
                    return IP;
                }
                return tunnelEthernet(p + h, end, vlan);
            }
            default:
                return IP;
        }
    }

    private int vxlan(int off, int end) {
        if (end - off < 8) {
            note(aVxlanTruncated);
            return IP;
        }
        if ((u8(off) & 0x08) == 0) { // the I flag: a valid VNI (RFC 7348 section 5)
            note(aVxlanFlags);
            return IP;
        }
        return tunnelEthernet(off + 8, end, -1);
    }

    private int ipInIp(int protocol, int off, int end, int origLen) {
        d.payloadOffset = off;
        d.payloadLength = end - off;
        d.payloadOrigLength = origLen;
        return tunnelIp(protocol == 4 ? 4 : 6, off, end);
    }

    /**
     * Decodes an Ethernet frame carried in a tunnel at {@code off}. {@code erspanVlan} (>= 0) is the
     * VLAN an ERSPAN header reports for the mirrored frame: it names the VLAN when the frame itself
     * arrives untagged (the switch stripped the tag before mirroring).
     */
    private int tunnelEthernet(int off, int end, int erspanVlan) {
        if (d.tunnelDepth >= maxTunnelDepth) {
            note(aTunnelTooDeep);
            return IP;
        }
        saved.copyFrom(d);
        d.tunnelDepth++;
        d.hasEthernet = false;
        d.srcMac = d.dstMac = 0;
        d.vlan = d.innerVlan = d.vlanCount = 0;
        clearNetwork();
        int r = ethernet(off, end);
        if (r == MALFORMED) {
            int anomaly = d.anomaly;
            d.copyFrom(saved);
            d.anomaly = anomaly;
            return IP;
        }
        if (d.vlanCount == 0 && erspanVlan > 0) {
            d.vlan = erspanVlan;
        }
        return r;
    }

    /** Decodes an IP packet carried in a tunnel without a link layer (GRE, IP-in-IP). */
    private int tunnelIp(int version, int off, int end) {
        if (d.tunnelDepth >= maxTunnelDepth) {
            note(aTunnelTooDeep);
            return IP;
        }
        saved.copyFrom(d);
        d.tunnelDepth++;
        // the outer link layer belongs to the tunnel endpoints, not to the inner addresses
        d.hasEthernet = false;
        d.srcMac = d.dstMac = 0;
        clearNetwork();
        int r = version == 4 ? ipv4(off, end) : ipv6(off, end);
        if (r == MALFORMED) {
            int anomaly = d.anomaly;
            d.copyFrom(saved);
            d.anomaly = anomaly;
            return IP;
        }
        return r;
    }

    private void clearNetwork() {
        d.etherType = 0;
        d.l3Offset = d.l3Length = 0;
        d.ipVersion = 0;
        d.srcIpHi = d.srcIpLo = d.dstIpHi = d.dstIpLo = 0;
        d.ipProtocol = 0;
        d.ttl = 0;
        d.fragment = false;
        d.ipId = d.fragmentOffset = 0;
        d.moreFragments = false;
        d.l4Offset = d.l4Length = 0;
        d.srcPort = d.dstPort = d.icmpType = d.icmpCode = 0;
        d.tcpFlags = d.tcpWindow = 0;
        d.tcpSeq = d.tcpAck = 0;
        d.tcpOptionsOffset = d.tcpOptionsLength = d.tcpMss = 0;
        d.tcpWindowScale = -1;
        d.tcpSackPermitted = d.tcpTimestamps = false;
        d.payloadOffset = d.payloadLength = d.payloadOrigLength = 0;
    }
}
