package org.wardwatch.protocols.tls;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.wardwatch.model.obs.tls.TlsCertificateSeen;
import org.wardwatch.protocols.http.Ascii;

/**
 * X.509 certificates parsed with the JDK ({@link CertificateFactory}, and a signature check for the
 * self-signed flag), remembered by their exact DER bytes: the same server certificate is sent on every
 * handshake to that server, and parsing (plus the self-signature check) costs far more than comparing
 * bytes, so the JDK parser runs once per distinct certificate. Holds at most {@value #MAX_ENTRIES}
 * certificates of at most {@value #MAX_DER_BYTES} bytes each, least recently used first out;
 * thread-safe.
 *
 * <p>Why not read the fields from the DER directly: the self-signed flag needs the signature verified
 * (a JDK signature engine either way), and the subject / issuer texts are the JDK's RFC 2253 rendering,
 * which a second encoder would have to match byte for byte; with the memo the JDK cost is paid once
 * per certificate, not per handshake.
 *
 * <p>The value is what the parse gave for those bytes: a {@link TlsCertificateSeen} whose flow-specific
 * fields (time, flow, direction, chain position) are to be replaced, or {@link #UNPARSABLE}.
 */
final class ParsedCertificates {
    static final int MAX_ENTRIES = 256;
    static final int MAX_DER_BYTES = 16 * 1024;
    /** The bytes did not parse as a certificate. */
    static final TlsCertificateSeen UNPARSABLE = new TlsCertificateSeen(null, null, false, -1, null, null, null, null,
            null, false, null, null, null, List.of(), null);

    private final Map<Der, TlsCertificateSeen> parsed = new LinkedHashMap<>(MAX_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Der, TlsCertificateSeen> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    /** The look-up key, re-aimed at each certificate under the lock (no key object per look-up). */
    private final Der probe = new Der();

    /** The memoised parse of {@code b[off, off+len)}, computing (and, when small enough, keeping) it once. */
    TlsCertificateSeen get(byte[] b, int off, int len) {
        if (len > MAX_DER_BYTES) {
            return certificate(b, off, len);
        }
        int hash = Der.hash(b, off, len);
        synchronized (parsed) {
            probe.set(b, off, len, hash);
            TlsCertificateSeen hit = parsed.get(probe);
            probe.set(null, 0, 0, 0);
            if (hit != null) {
                return hit;
            }
        }
        TlsCertificateSeen value = certificate(b, off, len);
        Der stored = new Der();
        stored.set(Arrays.copyOfRange(b, off, off + len), 0, len, hash);
        synchronized (parsed) {
            parsed.put(stored, value);
        }
        return value;
    }

    /** DER bytes as a map key (a view for look-ups, an own copy once stored). */
    private static final class Der {
        /** Bytes hashed from the end of the encoding: the signature value, distinct per certificate. */
        private static final int HASHED_TAIL = 64;

        byte[] b;
        int off;
        int len;
        int hash;

        void set(byte[] b, int off, int len, int hash) {
            this.b = b;
            this.off = off;
            this.len = len;
            this.hash = hash;
        }

        /**
         * Length and last {@value #HASHED_TAIL} bytes: a certificate ends with its signature, so two
         * certificates rarely share these, and hashing a whole certificate per handshake is avoided
         * (equality still compares every byte).
         */
        static int hash(byte[] b, int off, int len) {
            int h = len;
            for (int i = Math.max(off, off + len - HASHED_TAIL); i < off + len; i++) {
                h = 31 * h + b[i];
            }
            return h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Der d && d.hash == hash && Arrays.equals(b, off, off + len, d.b, d.off, d.off + d.len);
        }
    }

    /**
     * The flow-independent fields of one certificate (time, flow, direction and position left empty),
     * or {@link #UNPARSABLE}.
     */
    private static TlsCertificateSeen certificate(byte[] b, int off, int len) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate c = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b, off, len));
            X500Principal subject = c.getSubjectX500Principal();
            X500Principal issuer = c.getIssuerX500Principal();
            boolean selfSigned = false;
            if (subject.equals(issuer)) {
                try {
                    c.verify(c.getPublicKey());
                    selfSigned = true;
                } catch (Exception e) {
                    selfSigned = false; // same name, signed by another key (or an algorithm the JDK lacks)
                }
            }
            PublicKey key = c.getPublicKey();
            List<String> sans = new ArrayList<>();
            Collection<List<?>> altNames = c.getSubjectAlternativeNames();
            if (altNames != null) {
                for (List<?> entry : altNames) {
                    if (sans.size() >= 32) {
                        break;
                    }
                    Object kind = entry.get(0);
                    if ((Integer.valueOf(2).equals(kind) || Integer.valueOf(7).equals(kind)) && entry.get(1) instanceof String s) {
                        sans.add(Ascii.cap(s, 255));
                    }
                }
            }
            String sha256 = TlsFingerprints.hex(TlsFingerprints.digest("SHA-256", Arrays.copyOfRange(b, off, off + len)));
            return new TlsCertificateSeen(null, null, false, -1,
                    Ascii.cap(subject.getName(X500Principal.RFC2253), 1024), Ascii.cap(issuer.getName(X500Principal.RFC2253), 1024),
                    c.getSerialNumber().toString(16), Instant.ofEpochMilli(c.getNotBefore().getTime()),
                    Instant.ofEpochMilli(c.getNotAfter().getTime()), selfSigned, key.getAlgorithm(), keySize(key),
                    c.getSigAlgName(), sans, sha256);
        } catch (Exception e) {
            // CertificateException, or a RuntimeException from a hostile encoding inside the JDK parser
            return UNPARSABLE;
        }
    }

    static Integer keySize(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        String alg = key.getAlgorithm();
        if ("Ed25519".equalsIgnoreCase(alg) || "X25519".equalsIgnoreCase(alg)) {
            return 255;
        }
        if ("Ed448".equalsIgnoreCase(alg) || "X448".equalsIgnoreCase(alg)) {
            return 448;
        }
        return null;
    }

}
