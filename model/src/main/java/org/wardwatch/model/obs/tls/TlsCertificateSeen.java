package org.wardwatch.model.obs.tls;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * An X.509 certificate sent in cleartext in a TLS 1.0-1.2 Certificate message (TLS 1.3 encrypts it).
 *
 * @param fromServer         sent by the server (false: a client certificate)
 * @param position           index in the chain, 0 = the end-entity certificate
 * @param subject            subject DN, RFC 2253 form
 * @param issuer             issuer DN, RFC 2253 form
 * @param serialNumber       lowercase hex
 * @param selfSigned         the issuer equals the subject and the certificate's signature verifies with its own key
 * @param keyAlgorithm       RSA, EC, DSA, Ed25519, ...
 * @param keySize            RSA/DSA modulus bits, EC field bits; null when unknown
 * @param signatureAlgorithm e.g. SHA256withRSA
 * @param subjectAltNames    DNS names and IP addresses of the subjectAltName extension, at most 32
 * @param sha256             SHA-256 of the DER encoding, lowercase hex
 */
public record TlsCertificateSeen(Instant ts, FlowId flow, boolean fromServer, int position, String subject, String issuer,
                                 String serialNumber, Instant notBefore, Instant notAfter, boolean selfSigned,
                                 String keyAlgorithm, Integer keySize, String signatureAlgorithm,
                                 List<String> subjectAltNames, String sha256) implements TlsObservation {
    public TlsCertificateSeen {
        subjectAltNames = List.copyOf(subjectAltNames);
    }
}
