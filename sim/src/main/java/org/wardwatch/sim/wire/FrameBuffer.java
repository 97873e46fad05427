package org.wardwatch.sim.wire;

/**
 * The one scratch buffer every frame is built in, in place, without allocation: a conversation
 * writes its payload at {@link #udpPayloadOffset}/{@link #tcpPayloadOffset}, then a {@code finish...}
 * call writes the Ethernet (802.1Q when tagged), IPv4 and UDP/TCP headers with correct checksums
 * (RFC 791, RFC 768, RFC 793; pseudo-header sums per RFC 1071) and pads the frame to the Ethernet
 * minimum of 60 bytes (FCS not captured).
 *
 * <p>Where a frame is seen: captures model a SPAN of the access VLANs that records each flow once,
 * on the VLAN of the host that opened it. Frames between two VLANs therefore appear with the router's
 * MAC on one side (and, coming back, a TTL the router decremented); broadcasts and multicasts appear
 * on the sender's VLAN.
 */
public final class FrameBuffer {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMP = 1;
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    private static final int MIN_FRAME = 60;

    private final byte[] buf = new byte[70_000];
    private int length;
    // layer-2 decision for the frame being built
    private long dstMac;
    private long srcMac;
    private int vlan;
    private int ttl;
    private int l3;

    public byte[] array() {
        return buf;
    }

    public int length() {
        return length;
    }

    /**
     * Route a unicast IP frame from {@code src} to {@code dst} as seen on the VLAN of {@code viewpoint}
     * (the conversation's initiator, so both directions of a flow carry the same tag). A frame that
     * crossed the router arrives with the router's MAC as source and its TTL one lower; a frame from
     * the internet carries the TTL its host was given (already as seen).
     */
    public FrameBuffer route(Host src, Host dst, Host viewpoint) {
        Host view = viewpoint == null || viewpoint.external() ? (src.external() ? dst : src) : viewpoint;
        vlan = view.vlan();
        if (src == view) {
            srcMac = src.mac();
            dstMac = !dst.external() && dst.vlan() == src.vlan() ? dst.mac() : src.gatewayMac();
            ttl = src.ttl();
        } else if (dst == view) {
            boolean local = !src.external() && src.vlan() == dst.vlan();
            srcMac = local ? src.mac() : dst.gatewayMac();
            dstMac = dst.mac();
            ttl = local || src.external() ? src.ttl() : Math.max(1, src.ttl() - 1);
        } else {
            return route(src, dst, src);
        }
        l3 = vlan == 0 ? 14 : 18;
        return this;
    }

    /** Route a frame as seen on the sender's VLAN. */
    public FrameBuffer route(Host src, Host dst) {
        return route(src, dst, src);
    }

    /** Route a frame from {@code src} to an explicit MAC (broadcast, multicast, or a spoofed target). */
    public FrameBuffer routeTo(Host src, long toMac) {
        vlan = src.vlan();
        srcMac = src.mac();
        dstMac = toMac;
        ttl = src.ttl();
        l3 = vlan == 0 ? 14 : 18;
        return this;
    }

    /** Overrides the TTL of the frame being built (multicast protocols that mandate 1 or 255). */
    public FrameBuffer ttl(int value) {
        ttl = value;
        return this;
    }

    public int udpPayloadOffset() {
        return l3 + 20 + 8;
    }

    public int tcpPayloadOffset(int optionBytes) {
        return l3 + 20 + 20 + optionBytes;
    }

    public void put(int offset, byte[] data) {
        System.arraycopy(data, 0, buf, offset, data.length);
    }

    /** Finishes a UDP datagram whose payload of {@code payloadLen} bytes is already in place. */
    public void finishUdp(int srcIp, int dstIp, int ipId, int srcPort, int dstPort, int payloadLen) {
        int l4 = l3 + 20;
        int udpLen = 8 + payloadLen;
        putShort(l4, srcPort);
        putShort(l4 + 2, dstPort);
        putShort(l4 + 4, udpLen);
        putShort(l4 + 6, 0);
        long sum = pseudoHeaderSum(srcIp, dstIp, PROTO_UDP, udpLen) + onesSum(l4, udpLen);
        int c = fold(sum);
        putShort(l4 + 6, c == 0 ? 0xffff : c); // RFC 768: a computed zero is sent as all ones
        finishIp(srcIp, dstIp, ipId, PROTO_UDP, udpLen);
    }

    /**
     * Finishes a TCP segment whose options ({@code options}, a multiple of 4 bytes, may be null) are
     * written here and whose payload of {@code payloadLen} bytes is already in place.
     */
    public void finishTcp(int srcIp, int dstIp, int ipId, int srcPort, int dstPort, long seq, long ack,
                          int flags, int window, byte[] options, int payloadLen) {
        int l4 = l3 + 20;
        int optLen = options == null ? 0 : options.length;
        int hdr = 20 + optLen;
        putShort(l4, srcPort);
        putShort(l4 + 2, dstPort);
        putInt(l4 + 4, (int) seq);
        putInt(l4 + 8, (flags & TCP_ACK) != 0 ? (int) ack : 0);
        buf[l4 + 12] = (byte) ((hdr / 4) << 4);
        buf[l4 + 13] = (byte) flags;
        putShort(l4 + 14, window);
        putShort(l4 + 16, 0);
        putShort(l4 + 18, 0);
        if (optLen > 0) {
            System.arraycopy(options, 0, buf, l4 + 20, optLen);
        }
        int segLen = hdr + payloadLen;
        long sum = pseudoHeaderSum(srcIp, dstIp, PROTO_TCP, segLen) + onesSum(l4, segLen);
        putShort(l4 + 16, fold(sum));
        finishIp(srcIp, dstIp, ipId, PROTO_TCP, segLen);
    }

    /** Finishes an ICMP message (type/code/rest already at {@code l3 + 20}). */
    public void finishIcmp(int srcIp, int dstIp, int ipId, int icmpLen) {
        int l4 = l3 + 20;
        putShort(l4 + 2, 0);
        putShort(l4 + 2, fold(onesSum(l4, icmpLen)));
        finishIp(srcIp, dstIp, ipId, PROTO_ICMP, icmpLen);
    }

    public int icmpOffset() {
        return l3 + 20;
    }

    /** An ARP packet (RFC 826, Ethernet/IPv4) in its own frame; routed with {@link #routeTo}. */
    public void arp(int op, long senderMac, int senderIp, long targetMac, int targetIp) {
        int p = l3;
        putShort(p, 1);
        putShort(p + 2, ETHERTYPE_IPV4);
        buf[p + 4] = 6;
        buf[p + 5] = 4;
        putShort(p + 6, op);
        putMac(p + 8, senderMac);
        putInt(p + 14, senderIp);
        putMac(p + 18, targetMac);
        putInt(p + 24, targetIp);
        writeEthernet(ETHERTYPE_ARP);
        pad(p + 28);
    }

    private void finishIp(int srcIp, int dstIp, int ipId, int proto, int l4Len) {
        int p = l3;
        int total = 20 + l4Len;
        buf[p] = 0x45;
        buf[p + 1] = 0;
        putShort(p + 2, total);
        putShort(p + 4, ipId);
        putShort(p + 6, 0x4000); // DF: every simulated datagram fits the MTU
        buf[p + 8] = (byte) ttl;
        buf[p + 9] = (byte) proto;
        putShort(p + 10, 0);
        putInt(p + 12, srcIp);
        putInt(p + 16, dstIp);
        putShort(p + 10, fold(onesSum(p, 20)));
        writeEthernet(ETHERTYPE_IPV4);
        pad(p + total);
    }

    private void writeEthernet(int etherType) {
        putMac(0, dstMac);
        putMac(6, srcMac);
        if (vlan != 0) {
            putShort(12, 0x8100);
            putShort(14, vlan & 0x0fff);
            putShort(16, etherType);
        } else {
            putShort(12, etherType);
        }
    }

    private void pad(int end) {
        if (end < MIN_FRAME) {
            java.util.Arrays.fill(buf, end, MIN_FRAME, (byte) 0);
            length = MIN_FRAME;
        } else {
            length = end;
        }
    }

    private long pseudoHeaderSum(int srcIp, int dstIp, int proto, int len) {
        return (long) (srcIp >>> 16) + (srcIp & 0xffff) + (dstIp >>> 16) + (dstIp & 0xffff) + proto + len;
    }

    private long onesSum(int off, int len) {
        long sum = 0;
        int end = off + (len & ~1);
        for (int i = off; i < end; i += 2) {
            sum += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (buf[off + len - 1] & 0xff) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    private void putShort(int off, int v) {
        buf[off] = (byte) (v >>> 8);
        buf[off + 1] = (byte) v;
    }

    private void putInt(int off, int v) {
        buf[off] = (byte) (v >>> 24);
        buf[off + 1] = (byte) (v >>> 16);
        buf[off + 2] = (byte) (v >>> 8);
        buf[off + 3] = (byte) v;
    }

    private void putMac(int off, long mac) {
        for (int i = 0; i < 6; i++) {
            buf[off + i] = (byte) (mac >>> (8 * (5 - i)));
        }
    }
}
