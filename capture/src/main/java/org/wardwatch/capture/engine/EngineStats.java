package org.wardwatch.capture.engine;

import java.util.Map;

/**
 * What one engine run saw. Counts are packets as captured (a reassembled datagram's fragments count
 * one each in {@code packets}).
 *
 * @param packets              frames read from the sources
 * @param bytes                their on-wire length
 * @param capturedBytes        their captured length (less than {@code bytes} when a snaplen cut frames)
 * @param ipPackets            IP packets accounted to a flow (a reassembled datagram counts once)
 * @param nonIpFrames          frames without an IP flow (ARP, LLDP, LLC, ...) given to {@code onFrame}, plus link
 *                             control frames (PPP) that carry nothing decoded
 * @param malformedPackets     frames that could not be decoded far enough for a flow or a frame callback
 * @param truncatedPackets     frames the snaplen cut
 * @param fragments            IP fragments seen
 * @param datagramsReassembled IP datagrams rebuilt from fragments
 * @param flows                flows started
 * @param peakFlows            most flows in the table at once
 * @param flowsEvicted         flows ended early because the table was full
 * @param evictedPackets       packets of the evicted flows
 * @param evictedBytes         bytes of the evicted flows
 * @param flowEnds             flows ended, by end reason (fin, rst, idle_timeout, active_timeout, evicted, end_of_input)
 * @param streamBytes          TCP stream bytes delivered to the listener
 * @param streamGaps           holes reported to the listener
 * @param anomalies            named anomaly counters, the sources' included (stable names, see docs/flows.md)
 * @param sources              inputs read
 * @param elapsedNanos         wall-clock time of the run
 */
public record EngineStats(long packets, long bytes, long capturedBytes, long ipPackets, long nonIpFrames,
                          long malformedPackets, long truncatedPackets, long fragments, long datagramsReassembled,
                          long flows, long peakFlows, long flowsEvicted, long evictedPackets, long evictedBytes,
                          Map<String, Long> flowEnds, long streamBytes, long streamGaps, Map<String, Long> anomalies,
                          int sources, long elapsedNanos) {
    public EngineStats {
        flowEnds = Map.copyOf(flowEnds);
        anomalies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(anomalies));
    }

    /** Packets decoded into a flow packet or a frame (not malformed). */
    public long decodedPackets() {
        return packets - malformedPackets;
    }

    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    public double packetsPerSecond() {
        return elapsedNanos <= 0 ? 0 : packets * 1e9 / elapsedNanos;
    }

    /** Sum of all anomaly counters. */
    public long anomalyCount() {
        return anomalies.values().stream().mapToLong(Long::longValue).sum();
    }
}
