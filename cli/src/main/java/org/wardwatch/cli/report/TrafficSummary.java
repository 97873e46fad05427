package org.wardwatch.cli.report;

import java.time.Instant;
import java.util.List;

/**
 * Traffic seen by {@code analyze}, from the flow records: totals, application protocols, busiest
 * hosts, VLANs and packets over time. Put into the analysis context by {@link TrafficStage}.
 *
 * @param bucketSeconds width of each {@code packetsOverTime} column
 */
public record TrafficSummary(long flows, long packets, long bytes, long hosts, boolean hostsCapped, Instant first, Instant last,
                             List<Row> applications, List<Row> transports, List<Row> vlans, List<Row> topHosts,
                             List<Row> serverPorts, long[] packetsOverTime, long bucketSeconds) {
    /** A labelled count. */
    public record Row(String label, long flows, long packets, long bytes) {
    }
}
