package org.wardwatch.protocols.fhir;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * FHIR RESTful API over cleartext HTTP/1.x. FHIR has no registered port, so there is no port hint: the
 * probe recognises an HTTP request or response whose first bytes name FHIR (a FHIR media type
 * {@code application/fhir+json|xml}, a {@code fhirVersion} parameter, or a {@code /fhir} path segment
 * in the request line). The generic HTTP analyzer may look at the same flow.
 */
public final class FhirAnalyzerFactory implements AnalyzerFactory {
    private static final byte[][] METHODS = {
        bytes("GET "), bytes("POST "), bytes("PUT "), bytes("DELETE "), bytes("PATCH "), bytes("HEAD ")};
    private static final byte[] RESPONSE = bytes("HTTP/1.");

    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int[] portHints() {
        return new int[0];
    }

    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (fromClient) {
            boolean method = false;
            for (byte[] m : METHODS) {
                if (startsWith(data, offset, length, m)) {
                    method = true;
                    break;
                }
            }
            if (!method) {
                return false;
            }
            int lineEnd = indexOf(data, offset, Math.min(length, 2048), (byte) '\n');
            int line = lineEnd < 0 ? Math.min(length, 2048) : lineEnd - offset;
            return containsIgnoreCase(data, offset, line, "/fhir") || mentionsFhirMedia(data, offset, Math.min(length, 8192));
        }
        return startsWith(data, offset, length, RESPONSE) && mentionsFhirMedia(data, offset, Math.min(length, 8192));
    }

    /**
     * Whether "application/fhir+" or "fhirversion=" occurs, ASCII case-insensitive. Both contain "fhir":
     * that word is looked for Horspool's way (about one byte in four is read on text without it), and each
     * hit is checked against both needles around it.
     */
    private static boolean mentionsFhirMedia(byte[] b, int off, int len) {
        int end = off + len;
        for (int k = off; k + FHIR_WORD_LENGTH <= end; ) {
            int c = lower(b[k + FHIR_WORD_LENGTH - 1]);
            if (c == 'r' && lower(b[k]) == 'f' && lower(b[k + 1]) == 'h' && lower(b[k + 2]) == 'i') {
                if (k - MEDIA_TYPE_FHIR_AT >= off && regionMatchesLower(b, k - MEDIA_TYPE_FHIR_AT, end, "application/fhir+")
                        || regionMatchesLower(b, k, end, "fhirversion=")) {
                    return true;
                }
            }
            k += c >= 0 && c < 128 ? FHIR_WORD_SHIFT[c] : FHIR_WORD_LENGTH;
        }
        return false;
    }

    private static final int FHIR_WORD_LENGTH = 4;
    /** Where "fhir" starts inside "application/fhir+". */
    private static final int MEDIA_TYPE_FHIR_AT = 12;
    /** Horspool shifts for "fhir" by the lower-cased ASCII byte under its last position. */
    private static final int[] FHIR_WORD_SHIFT = new int[128];

    static {
        java.util.Arrays.fill(FHIR_WORD_SHIFT, FHIR_WORD_LENGTH);
        FHIR_WORD_SHIFT['f'] = 3;
        FHIR_WORD_SHIFT['h'] = 2;
        FHIR_WORD_SHIFT['i'] = 1;
    }

    /** Whether {@code b[i..end)} starts with {@code lowerNeedle}, ASCII case-insensitive. */
    private static boolean regionMatchesLower(byte[] b, int i, int end, String lowerNeedle) {
        int n = lowerNeedle.length();
        if (end - i < n) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (lower(b[i + j]) != lowerNeedle.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new FhirAnalyzer();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] p) {
        if (len < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (b[off + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int off, int len, byte c) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** ASCII case-insensitive search without allocation ({@code needle} in lowercase). */
    static boolean containsIgnoreCase(byte[] b, int off, int len, String needle) {
        int n = needle.length();
        if (n == 0) {
            return len >= 0;
        }
        char first = needle.charAt(0);
        int last = off + len - n;
        outer:
        for (int i = off; i <= last; i++) {
            if (lower(b[i]) != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (lower(b[i + j]) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static int lower(byte b) {
        int c = b;
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
