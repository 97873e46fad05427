package org.wardwatch.model.obs.kerberos;

import org.wardwatch.model.Observation;

/** Observations of the Kerberos v5 analyzer (RFC 4120), over UDP and TCP. */
public sealed interface KerberosObservation extends Observation permits KerberosRequestSeen, KerberosResponseSeen {
}
