package org.wardwatch.model.obs.rdp;

import org.wardwatch.model.Observation;

/** What the RDP analyzer reports. */
public sealed interface RdpObservation extends Observation permits RdpNegotiationRequested, RdpNegotiationResponded {
}
