package org.wardwatch.model.obs.hl7;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A device identifier carried in HL7 (IHE PCD TF-2): MSH-3/MSH-4 (HD: namespace^universal id^type),
 * OBX-18 equipment instance identifier and PRT-10 participation device (EI: entity^namespace^universal
 * id^type), PRT-16 UDI device identifier. Emitted once per distinct value and field per flow.
 *
 * @param field           MSH-3, MSH-4, MSH-5, OBX-18, PRT-10, PRT-16
 * @param identifier      the whole field (components joined with ^), first repetition for MSH, each for OBX/PRT
 * @param universalIdType e.g. EUI-64, DNS, ISO; null when absent
 */
public record Hl7DeviceIdentified(Instant ts, FlowId flow, boolean fromClient, String field, String identifier,
                                  String entityOrNamespace, String universalId, String universalIdType,
                                  String messageType) implements Hl7Observation {
}
