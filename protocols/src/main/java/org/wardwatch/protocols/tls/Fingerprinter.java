package org.wardwatch.protocols.tls;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * JA3, JA3S and JA4 (as specified in {@link TlsFingerprints}) of values held in int arrays, with
 * one reused text buffer, byte buffer, sort buffer and digest engines: a fingerprint costs its result
 * strings and nothing else. Not thread-safe: one instance per thread (the analyzer's is held by
 * {@link HelloShapes}), or one per call.
 *
 * <p>Every list argument is {@code (values, count)}; an absent extension is a count of 0, which gives
 * the same fingerprint as an empty list (JA3 writes an empty field, JA4 ignores both). Values are
 * 16-bit on the wire; others are written as {@link Integer#toHexString} would (the public list API
 * takes any int).
 */
final class Fingerprinter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ZEROS12 = "000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The fingerprint text being built (ASCII only, so it stays Latin-1 and compact). */
    private final StringBuilder text = new StringBuilder(256);
    /** JA4 digest input. */
    private byte[] input = new byte[1024];
    private int inputLength;
    private int[] sorted = new int[TlsAnalyzer.MAX_LIST];
    private final byte[] digest = new byte[32];
    private final MessageDigest md5 = engine("MD5");
    private final MessageDigest sha256 = engine("SHA-256");

    private static MessageDigest engine(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    // ---------------------------------------------------------------- JA3 / JA3S

    /** JA3 string: version,ciphers,extensions,groups,point formats (decimal, '-' separated, no GREASE). */
    String ja3(int version, int[] ciphers, int nc, int[] extensions, int ne, int[] groups, int ng, int[] pointFormats,
               int npf) {
        StringBuilder sb = text;
        sb.setLength(0);
        sb.append(version).append(',');
        joinDecimal(sb, ciphers, nc);
        sb.append(',');
        joinDecimal(sb, extensions, ne);
        sb.append(',');
        joinDecimal(sb, groups, ng);
        sb.append(',');
        joinDecimal(sb, pointFormats, npf);
        return sb.toString();
    }

    /** JA3S string: version,cipher,extensions. */
    String ja3s(int version, int cipher, int[] extensions, int ne) {
        StringBuilder sb = text;
        sb.setLength(0);
        sb.append(version).append(',').append(cipher).append(',');
        joinDecimal(sb, extensions, ne);
        return sb.toString();
    }

    private static void joinDecimal(StringBuilder sb, int[] values, int n) {
        boolean first = true;
        for (int i = 0; i < n; i++) {
            int v = values[i];
            if (TlsFingerprints.isGrease(v)) {
                continue;
            }
            if (!first) {
                sb.append('-');
            }
            sb.append(v);
            first = false;
        }
    }

    /** MD5 of an ASCII string (a JA3 or JA3S string), lowercase hex. */
    String md5HexOfAscii(String s) {
        int n = s.length();
        ensureInput(n);
        for (int i = 0; i < n; i++) {
            input[i] = (byte) s.charAt(i); // ASCII: one byte per char, as UTF-8 would give
        }
        md5.update(input, 0, n);
        int len = finish(md5);
        return hex(digest, len);
    }

    // ---------------------------------------------------------------- JA4

    /**
     * JA4 of a ClientHello over TCP.
     *
     * @param alpnLen length of the first ALPN protocol at {@code alpn[alpnOff]}, -1 when there is none
     */
    String ja4(int legacyVersion, int[] supportedVersions, int nsv, int[] ciphers, int nc, int[] extensions, int ne,
               boolean sni, byte[] alpn, int alpnOff, int alpnLen, int[] signatureAlgorithms, int nsig) {
        int version = legacyVersion;
        int best = -1;
        for (int i = 0; i < nsv; i++) {
            int v = supportedVersions[i];
            if (!TlsFingerprints.isGrease(v) && v > best) {
                best = v;
            }
        }
        if (best >= 0) {
            version = best;
        }
        int cipherCount = withoutGrease(ciphers, nc, false);
        int cipherHashCount = cipherCount;
        Arrays.sort(sorted, 0, cipherHashCount);
        // part b: sorted ciphers, hashed while the sort buffer holds them
        inputLength = 0;
        putHexList(sorted, cipherHashCount);
        byte[] b = cipherHashCount == 0 ? ZEROS12 : sha256Prefix();
        int extensionCount = withoutGrease(extensions, ne, false);
        int hashedExtensions = withoutGrease(extensions, ne, true);
        Arrays.sort(sorted, 0, hashedExtensions);
        byte[] c;
        if (hashedExtensions == 0) {
            c = ZEROS12;
        } else {
            inputLength = 0;
            putHexList(sorted, hashedExtensions);
            int sigs = withoutGrease(signatureAlgorithms, nsig, false);
            if (sigs > 0) {
                putByte('_');
                putHexList(sorted, sigs);
            }
            c = sha256Prefix();
        }
        StringBuilder sb = text;
        sb.setLength(0);
        sb.append('t').append(TlsFingerprints.versionCode(version)).append(sni ? 'd' : 'i');
        twoDigits(sb, cipherCount);
        twoDigits(sb, extensionCount);
        alpnCode(sb, alpn, alpnOff, alpnLen);
        sb.append('_');
        appendAscii(sb, b);
        sb.append('_');
        appendAscii(sb, c);
        return sb.toString();
    }

    /**
     * Copies the non-GREASE values (and, for the extension hash, without SNI 0 and ALPN 16) into the
     * sort buffer; returns their number.
     */
    private int withoutGrease(int[] values, int n, boolean withoutSniAndAlpn) {
        if (sorted.length < n) {
            sorted = new int[n];
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            int v = values[i];
            if (TlsFingerprints.isGrease(v) || (withoutSniAndAlpn && (v == 0x0000 || v == 0x0010))) {
                continue;
            }
            sorted[k++] = v;
        }
        return k;
    }

    private static void twoDigits(StringBuilder sb, int n) {
        int v = Math.min(n, 99);
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }

    /** First and last characters of the first ALPN protocol, or of its hex when either is not alphanumeric. */
    private static void alpnCode(StringBuilder sb, byte[] alpn, int off, int len) {
        if (len <= 0) {
            sb.append("00");
            return;
        }
        int first = alpn[off] & 0xFF;
        int last = alpn[off + len - 1] & 0xFF;
        if (alnum(first) && alnum(last)) {
            sb.append((char) first).append((char) last);
        } else {
            sb.append((char) HEX[first >> 4]).append((char) HEX[last & 0xF]);
        }
    }

    private static boolean alnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** Appends the values as 4-digit lowercase hex, ',' separated, to the digest input. */
    private void putHexList(int[] values, int n) {
        ensureInput(inputLength + n * 9 + 1);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                putByte(',');
            }
            int v = values[i];
            if (v >= 0 && v <= 0xFFFF) {
                byte[] in = input;
                int p = inputLength;
                in[p] = HEX[v >> 12];
                in[p + 1] = HEX[(v >> 8) & 0xF];
                in[p + 2] = HEX[(v >> 4) & 0xF];
                in[p + 3] = HEX[v & 0xF];
                inputLength = p + 4;
            } else {
                String h = Integer.toHexString(v); // only through the public list API
                for (int z = h.length(); z < 4; z++) {
                    putByte('0');
                }
                for (int j = 0; j < h.length(); j++) {
                    putByte(h.charAt(j));
                }
            }
        }
    }

    private void putByte(int c) {
        ensureInput(inputLength + 1);
        input[inputLength++] = (byte) c;
    }

    private void ensureInput(int n) {
        if (input.length < n) {
            input = Arrays.copyOf(input, Math.max(n, input.length * 2));
        }
    }

    /** The first 12 hex digits of the SHA-256 of the digest input, as ASCII bytes (a fresh array). */
    private byte[] sha256Prefix() {
        sha256.update(input, 0, inputLength);
        finish(sha256);
        byte[] out = new byte[12];
        for (int i = 0; i < 6; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return out;
    }

    private int finish(MessageDigest md) {
        try {
            return md.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("digest buffer too small", e);
        }
    }

    private static void appendAscii(StringBuilder sb, byte[] ascii) {
        for (byte a : ascii) {
            sb.append((char) a);
        }
    }

    private static String hex(byte[] b, int len) {
        byte[] out = new byte[len * 2];
        for (int i = 0; i < len; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
