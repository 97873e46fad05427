package org.wardwatch.model.obs.hl7;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * One HL7 v2 message (ER7 encoding) framed by MLLP. Header fields as on the wire (components joined
 * with {@code ^}); patient segments are named, never read.
 *
 * @param messageType     MSH-9.1, e.g. ADT, ORU, ACK; triggerEvent MSH-9.2 (A01); messageStructure MSH-9.3
 * @param controlId       MSH-10
 * @param processingId    MSH-11 (P production, T training, D debugging)
 * @param version         MSH-12
 * @param messageProfile  MSH-21 (IHE PCD profiles name themselves here), null when absent
 * @param segments        distinct segment names in order of first appearance
 * @param ackCode         MSA-1 (AA, AE, AR, CA, CE, CR) of an acknowledgment, null otherwise
 * @param ackControlId    MSA-2: the control id being acknowledged
 * @param errorCodes      ERR-3.1 (v2.5+) or ERR-1.4.1 codes, never the error text
 * @param phiSegments     segments that carry patient data in cleartext (PID, NK1, IN1, ...): names only
 * @param observationValues number of OBX segments with a value in OBX-5 (clinical values are never stored)
 */
public record Hl7MessageSeen(Instant ts, FlowId flow, boolean fromClient, String sendingApplication,
                             String sendingFacility, String receivingApplication, String receivingFacility,
                             String messageType, String triggerEvent, String messageStructure, String controlId,
                             String processingId, String version, String messageProfile, List<String> segments,
                             int segmentCount, String ackCode, String ackControlId, List<String> errorCodes,
                             List<String> phiSegments, int observationValues) implements Hl7Observation {
    public Hl7MessageSeen {
        segments = List.copyOf(segments);
        errorCodes = List.copyOf(errorCodes);
        phiSegments = List.copyOf(phiSegments);
    }

    public boolean phi() {
        return !phiSegments.isEmpty();
    }
}
