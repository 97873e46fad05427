package org.wardwatch.protocols.spi;

/**
 * An analyzer of frames that carry no IP flow (ARP, LLDP, CDP), or of IP packets that are looked at
 * alone (ICMPv6 neighbor discovery). One instance for the whole run: it keeps no per-packet state
 * beyond bounded tables of its own.
 */
public interface FrameAnalyzer {
    String name();

    /**
     * Whether this analyzer wants the frame. {@code etherType} is the innermost ethertype, or 0 for
     * an 802.3/LLC frame; {@code ipProtocol} is the IP protocol for IP packets, else -1.
     */
    boolean accepts(int etherType, int ipProtocol);

    /**
     * The frame's payload after its link-layer header(s) (for IP packets: the L4 header and payload,
     * i.e. ICMPv6 message). {@code srcIp}/{@code dstIp} given as text-free primitives via the context.
     */
    void onFrame(byte[] data, int offset, int length, FrameContext ctx);
}
