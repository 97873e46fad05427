package org.wardwatch.protocols.spi;

import org.wardwatch.model.IpAddress;

/** A frame analyzer's context: the link-layer and (for IP packets) network-layer addresses. */
public interface FrameContext extends AnalyzerContext {
    /** Source and destination IP of an IP packet, null otherwise (allocates: call when emitting). */
    IpAddress srcIp();

    IpAddress dstIp();

    /** Hop limit / TTL of an IP packet, -1 otherwise. */
    int ttl();
}
