package org.wardwatch.model.obs.poct1a;

import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/** What the POCT1-A (CLSI POCT01-A2 device messaging layer, XML) analyzer reports. */
public sealed interface Poct1aObservation extends Observation permits Poct1aMessageSeen, Poct1aDeviceIdentified {
    FlowId flow();
}
