package org.wardwatch.model.obs.tls;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A TLS ServerHello with its JA3S fingerprint (Salesforce JA3S: version,cipher,extensions).
 *
 * @param legacyVersion   server_version field
 * @param selectedVersion the negotiated version: the supported_versions extension (TLS 1.3) or legacyVersion
 * @param cipher          the chosen cipher suite
 * @param extensions      extension types in order
 * @param alpn            the chosen ALPN protocol, null when none
 * @param helloRetryRequest the message is a HelloRetryRequest (RFC 8446 section 4.1.3)
 * @param ja3s            JA3S string
 * @param ja3sHash        MD5 of {@code ja3s}, lowercase hex
 */
public record TlsServerHelloSeen(Instant ts, FlowId flow, int legacyVersion, int selectedVersion, int cipher,
                                 List<Integer> extensions, String alpn, boolean helloRetryRequest, String ja3s,
                                 String ja3sHash) implements TlsObservation {
    public TlsServerHelloSeen {
        extensions = List.copyOf(extensions);
    }
}
