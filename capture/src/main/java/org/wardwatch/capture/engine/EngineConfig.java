package org.wardwatch.capture.engine;

import java.time.Duration;
import org.wardwatch.capture.decode.PacketDecoder;
import org.wardwatch.capture.flow.FlowTableConfig;

/**
 * Bounds and timeouts of the packet engine. Timeouts are packet time. Start from {@link #defaults()}
 * and change what you need with the {@code with...} methods.
 *
 * @param maxFlows              concurrent flows before eviction (about 180 bytes of heap each)
 * @param tcpOpeningTimeout     idle timeout of TCP flows before their handshake completes
 * @param tcpEstablishedTimeout idle timeout of established (or mid-stream) TCP flows
 * @param tcpClosedTimeout      linger of TCP flows closed by FIN (both sides) or RST
 * @param udpTimeout            idle timeout of UDP flows
 * @param otherTimeout          idle timeout of ICMP and other protocols
 * @param activeTimeout         longest flow record; a longer flow is reported and restarted
 * @param maxFragmentDatagrams  IP datagrams in reassembly at once (64 KiB buffer each, allocated on demand)
 * @param fragmentTimeout       time to wait for a datagram's missing fragments
 * @param streamWindowBytes     out-of-order buffer per TCP stream direction (power of two)
 * @param maxStreamWindows      out-of-order buffers alive at once, all streams together
 * @param streamCapBytes        stream position per direction past which bytes are no longer delivered
 * @param maxStreams            TCP flows reassembled at once
 * @param maxTunnelDepth        tunnel layers unwrapped (GRE, ERSPAN, VXLAN, IP-in-IP)
 * @param vxlanPort             UDP destination port decoded as VXLAN (0: none)
 */
public record EngineConfig(int maxFlows, Duration tcpOpeningTimeout, Duration tcpEstablishedTimeout,
                           Duration tcpClosedTimeout, Duration udpTimeout, Duration otherTimeout, Duration activeTimeout,
                           int maxFragmentDatagrams, Duration fragmentTimeout, int streamWindowBytes,
                           int maxStreamWindows, long streamCapBytes, int maxStreams, int maxTunnelDepth, int vxlanPort) {

    /**
     * 1,048,576 flows; TCP opening 30 s, established 5 min, closed 10 s; UDP 60 s; other 60 s; active
     * 30 min; 1,024 fragment datagrams, 30 s; 64 KiB stream windows, 2,048 of them (128 MiB at most);
     * 1 MiB per stream direction; 131,072 streams; 4 tunnel layers; VXLAN on 4789.
     */
    public static EngineConfig defaults() {
        return new EngineConfig(1 << 20, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(30), 1024, Duration.ofSeconds(30),
                1 << 16, 2048, 1L << 20, 1 << 17, 4, PacketDecoder.DEFAULT_VXLAN_PORT);
    }

    public FlowTableConfig flowTableConfig() {
        return new FlowTableConfig(maxFlows, tcpOpeningTimeout.toNanos(), tcpEstablishedTimeout.toNanos(),
                tcpClosedTimeout.toNanos(), udpTimeout.toNanos(), otherTimeout.toNanos(), activeTimeout.toNanos());
    }

    public EngineConfig withMaxFlows(int n) {
        return new EngineConfig(n, tcpOpeningTimeout, tcpEstablishedTimeout, tcpClosedTimeout, udpTimeout, otherTimeout,
                activeTimeout, maxFragmentDatagrams, fragmentTimeout, streamWindowBytes, maxStreamWindows, streamCapBytes,
                maxStreams, maxTunnelDepth, vxlanPort);
    }

    public EngineConfig withTimeouts(Duration tcpOpening, Duration tcpEstablished, Duration tcpClosed, Duration udp,
                                     Duration other, Duration active) {
        return new EngineConfig(maxFlows, tcpOpening, tcpEstablished, tcpClosed, udp, other, active, maxFragmentDatagrams,
                fragmentTimeout, streamWindowBytes, maxStreamWindows, streamCapBytes, maxStreams, maxTunnelDepth, vxlanPort);
    }

    public EngineConfig withFragments(int maxDatagrams, Duration timeout) {
        return new EngineConfig(maxFlows, tcpOpeningTimeout, tcpEstablishedTimeout, tcpClosedTimeout, udpTimeout,
                otherTimeout, activeTimeout, maxDatagrams, timeout, streamWindowBytes, maxStreamWindows, streamCapBytes,
                maxStreams, maxTunnelDepth, vxlanPort);
    }

    public EngineConfig withStreams(int windowBytes, int maxWindows, long capBytes, int maxStreamCount) {
        return new EngineConfig(maxFlows, tcpOpeningTimeout, tcpEstablishedTimeout, tcpClosedTimeout, udpTimeout,
                otherTimeout, activeTimeout, maxFragmentDatagrams, fragmentTimeout, windowBytes, maxWindows, capBytes,
                maxStreamCount, maxTunnelDepth, vxlanPort);
    }

    public EngineConfig withStreamCapBytes(long capBytes) {
        return withStreams(streamWindowBytes, maxStreamWindows, capBytes, maxStreams);
    }

    public EngineConfig withTunnels(int maxDepth, int vxlanUdpPort) {
        return new EngineConfig(maxFlows, tcpOpeningTimeout, tcpEstablishedTimeout, tcpClosedTimeout, udpTimeout,
                otherTimeout, activeTimeout, maxFragmentDatagrams, fragmentTimeout, streamWindowBytes, maxStreamWindows,
                streamCapBytes, maxStreams, maxDepth, vxlanUdpPort);
    }
}
