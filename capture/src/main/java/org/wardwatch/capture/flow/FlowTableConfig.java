package org.wardwatch.capture.flow;

/**
 * Bounds and timeouts of a {@link FlowTable}, all in packet time (nanoseconds).
 *
 * @param maxFlows              concurrent flows kept; a new flow past it evicts one ({@code flow_evicted})
 * @param tcpOpeningTimeout     idle timeout of TCP flows that have not completed a handshake (SYN sent, SYN-ACK seen)
 * @param tcpEstablishedTimeout idle timeout of established (or picked up mid-stream) TCP flows
 * @param tcpClosedTimeout      how long a TCP flow closed by FIN from both sides or by RST lingers for stray packets
 * @param udpTimeout            idle timeout of UDP flows
 * @param otherTimeout          idle timeout of ICMP and other IP protocols
 * @param activeTimeout         a flow longer than this is reported ({@code active_timeout}) and restarted
 */
public record FlowTableConfig(int maxFlows, long tcpOpeningTimeout, long tcpEstablishedTimeout, long tcpClosedTimeout,
                              long udpTimeout, long otherTimeout, long activeTimeout) {
    private static final long S = 1_000_000_000L;

    public FlowTableConfig {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be positive");
        }
        if (tcpOpeningTimeout <= 0 || tcpEstablishedTimeout <= 0 || tcpClosedTimeout <= 0 || udpTimeout <= 0
                || otherTimeout <= 0 || activeTimeout <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** 1,048,576 flows; TCP opening 30 s, established 5 min, closed 10 s; UDP 60 s; other 60 s; active 30 min. */
    public static FlowTableConfig defaults() {
        return new FlowTableConfig(1 << 20, 30 * S, 300 * S, 10 * S, 60 * S, 60 * S, 1800 * S);
    }

    public FlowTableConfig withMaxFlows(int n) {
        return new FlowTableConfig(n, tcpOpeningTimeout, tcpEstablishedTimeout, tcpClosedTimeout, udpTimeout, otherTimeout,
                activeTimeout);
    }
}
