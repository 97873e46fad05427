package org.wardwatch.protocols.tls;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.wardwatch.model.obs.tls.TlsCertificateSeen;

/*
 * Test oracle: ParsedCertificates as it was before the allocation and JIT work (commit 813b1bd), kept
 * verbatim so that TlsAnalyzerEquivalenceTest can prove the optimised analyzer emits the same
 * observations and anomalies on generated and mutated handshakes. Not used by production code.
 */
/**
 * A bounded memo of certificate parses keyed by the exact DER bytes: the same server certificate is
 * sent on every handshake to that server, and parsing (plus the self-signature check) costs far more
 * than comparing bytes. Holds at most {@value #MAX_ENTRIES} certificates of at most
 * {@value #MAX_DER_BYTES} bytes each, least recently used first out; thread-safe.
 *
 * <p>The value is what the parse gave for those bytes: a {@link TlsCertificateSeen} whose flow-specific
 * fields (time, flow, direction, chain position) are to be replaced, or {@link #UNPARSABLE}.
 */
final class ParsedCertificatesBefore {
    static final int MAX_ENTRIES = 256;
    static final int MAX_DER_BYTES = 16 * 1024;
    /** The bytes did not parse as a certificate. */
    static final TlsCertificateSeen UNPARSABLE = new TlsCertificateSeen(null, null, false, -1, null, null, null, null,
            null, false, null, null, null, java.util.List.of(), null);

    private final Map<Der, TlsCertificateSeen> parsed = new LinkedHashMap<>(MAX_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Der, TlsCertificateSeen> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The memoised parse of {@code b[off, off+len)}, computing (and, when small enough, keeping) it once. */
    TlsCertificateSeen get(byte[] b, int off, int len, Supplier<TlsCertificateSeen> parse) {
        if (len > MAX_DER_BYTES) {
            return parse.get();
        }
        Der probe = new Der(b, off, len);
        synchronized (parsed) {
            TlsCertificateSeen hit = parsed.get(probe);
            if (hit != null) {
                return hit;
            }
        }
        TlsCertificateSeen value = parse.get();
        synchronized (parsed) {
            parsed.put(new Der(Arrays.copyOfRange(b, off, off + len), 0, len), value);
        }
        return value;
    }

    /** DER bytes as a map key (a view for look-ups, an own copy once stored). */
    private static final class Der {
        final byte[] b;
        final int off;
        final int len;
        final int hash;

        Der(byte[] b, int off, int len) {
            this.b = b;
            this.off = off;
            this.len = len;
            int h = 1;
            for (int i = off; i < off + len; i++) {
                h = 31 * h + b[i];
            }
            this.hash = h;
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
}
