package org.wardwatch.model.obs.tls;

import org.wardwatch.model.Observation;

/** What the TLS analyzer reports. */
public sealed interface TlsObservation extends Observation
        permits TlsClientHelloSeen, TlsServerHelloSeen, TlsCertificateSeen {
}
