package org.wardwatch.protocols.fhir;

import org.wardwatch.protocols.http.Ascii;
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

    /** FHIR requests can follow plain HTTP ones on a kept-alive connection. */
    @Override
    public boolean probesAfter(String application) {
        return "http".equals(application);
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
            int lineEnd = Ascii.indexOfLf(data, offset, Math.min(length, 2048));
            int line = lineEnd < 0 ? Math.min(length, 2048) : lineEnd - offset;
            return containsIgnoreCase(data, offset, line, "/fhir") || mentionsFhirMedia(data, offset, Math.min(length, 8192));
        }
        return startsWith(data, offset, length, RESPONSE) && mentionsFhirMedia(data, offset, Math.min(length, 8192));
    }

    private static boolean mentionsFhirMedia(byte[] b, int off, int len) {
        // one pass for both needles: "application/fhir+" or "fhirversion=", ASCII case-insensitive
        int end = off + len;
        for (int i = off; i < end; i++) {
            int c = b[i] | 0x20;
            if (c != 'a' && c != 'f' || i + 1 == end) {
                continue;
            }
            // the second letter first: text has many a's and f's, few "ap" and "fh"
            int next = b[i + 1] | 0x20;
            if (c == 'a' && next == 'p' && regionMatchesLower(b, i, end, "application/fhir+")
                    || c == 'f' && next == 'h' && regionMatchesLower(b, i, end, "fhirversion=")) {
                return true;
            }
        }
        return false;
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
