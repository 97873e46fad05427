package org.wardwatch.model.obs.bacnet;

import org.wardwatch.model.Observation;

/** Observations of the BACnet/IP analyzer (ANSI/ASHRAE 135 Annex J, clauses 6, 20, 21). */
public sealed interface BacnetObservation extends Observation permits BacnetDeviceSeen, BacnetPropertySeen {
}
