package org.wardwatch.protocols.spi;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * What an analyzer may see and do while it handles one message. Valid during the call only.
 */
public interface AnalyzerContext {
    /** Packet time of the bytes being handled, in nanoseconds since the epoch. */
    long tsNanos();

    default Instant ts() {
        long t = tsNanos();
        return Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L));
    }

    /** The flow (client = initiator). Null for frame analyzers (ARP, LLDP, CDP). */
    FlowId flow();

    /** Client and server MACs of the flow; for frames, source and destination. Null without Ethernet. */
    MacAddress clientMac();

    MacAddress serverMac();

    /** Outermost VLAN id, 0 when untagged. */
    int vlan();

    /** Hand an observation to the pipeline. Must not contain patient data. */
    void emit(Observation observation);

    /**
     * Count a named anomaly: {@code <protocol>_<what>} in snake_case, e.g. {@code dicom_pdu_length_exceeds_cap}.
     * Names are API (they are stored and used by detection rules).
     */
    void anomaly(String name);

    /** The first well-formed message: the flow is this protocol (its flow record says so). */
    void confirm();

    /** The bytes are not this protocol: the analyzer is detached from the flow and counted as a violation. */
    void violation(String reason);

    /** The analyzer has all it wants from this flow: it receives nothing more (not a violation). */
    void done();
}
