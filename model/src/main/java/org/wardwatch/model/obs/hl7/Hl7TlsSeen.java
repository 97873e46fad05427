package org.wardwatch.model.obs.hl7;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * TLS where HL7/MLLP was expected (port hint 2575 or a site port): encrypted HL7.
 *
 * @param tlsVersion record-layer version of the first TLS record
 */
public record Hl7TlsSeen(Instant ts, FlowId flow, int tlsVersion) implements Hl7Observation {
}
