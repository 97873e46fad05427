package org.wardwatch.model.device;

import java.time.Instant;

/**
 * The device's part in a clinical protocol conversation.
 *
 * @param protocol dicom or hl7 (later: astm, poct1, sdc)
 * @param role     dicom: scu or scp; hl7: sender or receiver
 * @param name     DICOM AE title, or HL7 application name (MSH-3 for a sender, MSH-5 for a receiver); null when unseen
 * @param detail   dicom: the SOP classes or service (storage, worklist, mpps, echo, query_retrieve);
 *                 hl7: message types (ORU^R01, ADT^A01...); null when unseen
 * @param peer     the other side's AE title or application name, when seen
 */
public record ClinicalRole(String protocol, String role, String name, String detail, String peer,
                           Instant firstSeen, Instant lastSeen) {
}
