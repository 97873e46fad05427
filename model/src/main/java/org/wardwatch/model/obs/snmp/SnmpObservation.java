package org.wardwatch.model.obs.snmp;

import org.wardwatch.model.Observation;

/** Observations of the SNMP analyzer (RFC 1157 v1, RFC 3416 v2c, RFC 3412/3414 v3). */
public sealed interface SnmpObservation extends Observation permits SnmpMessageSeen, SnmpSystemInfoSeen {
}
