package org.wardwatch.model.obs;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * A finished (or, at the end of input, still open) flow. {@code ts} is the last packet's time.
 *
 * @param clientTcpFlags OR of the TCP flags the client sent (FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32 ECE=64 CWR=128)
 * @param state          TCP: syn_sent, established, closed, reset, midstream...; other protocols: active
 * @param endReason      fin, rst, idle_timeout, active_timeout, evicted, end_of_input
 * @param application    the protocol an analyzer confirmed on this flow (e.g. "dicom"), null when none did
 * @param innerVlan      the inner tag of a QinQ stack, 0 when there was none
 */
public record FlowRecord(Instant ts, FlowId flow, Instant firstSeen, Instant lastSeen,
                         MacAddress clientMac, MacAddress serverMac, int innerVlan,
                         long clientPackets, long clientBytes, long serverPackets, long serverBytes,
                         long clientPayloadBytes, long serverPayloadBytes,
                         int clientTcpFlags, int serverTcpFlags, String state, String endReason,
                         String application) implements Observation {
}
