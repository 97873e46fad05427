package org.wardwatch.model.obs.hl7;

import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/** What the HL7 v2 / MLLP analyzer reports. Never a field value of a patient segment. */
public sealed interface Hl7Observation extends Observation permits Hl7MessageSeen, Hl7DeviceIdentified, Hl7TlsSeen {
    FlowId flow();
}
