package org.wardwatch.model.obs.coap;

import org.wardwatch.model.Observation;

/** Observations of the CoAP analyzer (RFC 7252, link format RFC 6690). */
public sealed interface CoapObservation extends Observation permits CoapRequestSeen, CoapResourcesDiscovered {
}
