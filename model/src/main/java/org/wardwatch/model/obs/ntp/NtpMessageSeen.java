package org.wardwatch.model.obs.ntp;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/**
 * An NTP message (RFC 5905): emitted once per distinct (direction, version, mode, stratum, reference)
 * per flow, with no timestamps.
 *
 * @param mode        symmetric_active, symmetric_passive, client, server, broadcast, control, private
 * @param stratum     0 (unspecified / kiss-o'-death) .. 16 (unsynchronized); null for control (6) and private (7)
 *                    messages, whose header has no stratum (mode 7 is ntpdc's, e.g. the monlist amplifier)
 * @param referenceId for stratum 0-1 the four ASCII characters ("GPS", "PPS", a kiss code "RATE");
 *                    above, an IPv4 address in dotted form (for IPv6 servers, an MD5 hash prefix)
 */
public record NtpMessageSeen(Instant ts, FlowId flow, boolean fromClient, int version, String mode, Integer stratum,
                             String referenceId) implements Observation {
}
