package org.wardwatch.model.obs.tls;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A TLS ClientHello (RFC 8446 section 4.1.2, RFC 5246 section 7.4.1.2) with its JA3 and JA4 client
 * fingerprints. Lists keep the wire order and include GREASE values (RFC 8701); the fingerprints
 * exclude GREASE as their specifications say. Null when the extension was absent.
 *
 * @param legacyVersion       client_version field (0x0303 for TLS 1.2 and 1.3)
 * @param supportedVersions   supported_versions extension (43)
 * @param ciphers             cipher suites
 * @param extensions          extension types in order
 * @param supportedGroups     supported_groups / elliptic_curves extension (10)
 * @param ecPointFormats      ec_point_formats extension (11)
 * @param signatureAlgorithms signature_algorithms extension (13)
 * @param sni                 server_name extension (0), host_name entry
 * @param alpn                application_layer_protocol_negotiation extension (16)
 * @param ja3                 JA3 string: version,ciphers,extensions,groups,point formats (decimal, '-' separated)
 * @param ja3Hash             MD5 of {@code ja3}, lowercase hex
 * @param ja4                 JA4 (FoxIO JA4 spec, BSD-3-Clause part), e.g. t13d1516h2_8daaf6152771_e5627efa2ab1
 */
public record TlsClientHelloSeen(Instant ts, FlowId flow, int legacyVersion, List<Integer> supportedVersions,
                                 List<Integer> ciphers, List<Integer> extensions, List<Integer> supportedGroups,
                                 List<Integer> ecPointFormats, List<Integer> signatureAlgorithms, String sni,
                                 List<String> alpn, String ja3, String ja3Hash, String ja4) implements TlsObservation {
    public TlsClientHelloSeen {
        supportedVersions = supportedVersions == null ? null : List.copyOf(supportedVersions);
        ciphers = List.copyOf(ciphers);
        extensions = List.copyOf(extensions);
        supportedGroups = supportedGroups == null ? null : List.copyOf(supportedGroups);
        ecPointFormats = ecPointFormats == null ? null : List.copyOf(ecPointFormats);
        signatureAlgorithms = signatureAlgorithms == null ? null : List.copyOf(signatureAlgorithms);
        alpn = alpn == null ? null : List.copyOf(alpn);
    }
}
