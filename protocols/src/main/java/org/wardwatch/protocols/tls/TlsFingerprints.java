package org.wardwatch.protocols.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Client and server TLS fingerprints from hello fields:
 * <ul>
 * <li>JA3 and JA3S (Salesforce, BSD-3-Clause; https://github.com/salesforce/ja3): decimal fields
 *     joined by '-' within and ',' between, GREASE values (RFC 8701) removed, MD5 of the string.</li>
 * <li>JA4 (FoxIO JA4+ specification, the JA4 TLS client part, BSD-3-Clause;
 *     https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md):
 *     {@code t<version><d|i><ciphers:2><extensions:2><alpn:2>_<sha256(sorted ciphers)[:12]>_<sha256(sorted
 *     extensions without SNI and ALPN "_" signature algorithms in order)[:12]>}. JA4S and the other JA4+
 *     methods are under the FoxIO licence and are deliberately not implemented.</li>
 * </ul>
 * Also MD5 hex helpers shared with the SSH analyzer's HASSH. The computation is in {@link Fingerprinter}
 * (int arrays, reused buffers); these list methods are its public face for tests and other callers.
 */
public final class TlsFingerprints {
    private TlsFingerprints() {
    }

    /** GREASE values reserved by RFC 8701: 0x0a0a, 0x1a1a, ..., 0xfafa. */
    public static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && ((v >> 8) & 0xff) == (v & 0xff);
    }

    public static String ja3(int version, List<Integer> ciphers, List<Integer> extensions, List<Integer> groups,
                             List<Integer> pointFormats) {
        return new Fingerprinter().ja3(version, ints(ciphers), size(ciphers), ints(extensions), size(extensions), ints(groups),
                size(groups), ints(pointFormats), size(pointFormats));
    }

    public static String ja3s(int version, int cipher, List<Integer> extensions) {
        return new Fingerprinter().ja3s(version, cipher, ints(extensions), size(extensions));
    }

    /**
     * JA4 of a ClientHello over TCP.
     *
     * @param legacyVersion     client_version
     * @param supportedVersions supported_versions extension, null when absent
     * @param alpn              first ALPN protocol's bytes, null when there is no ALPN extension
     */
    public static String ja4(int legacyVersion, List<Integer> supportedVersions, List<Integer> ciphers,
                             List<Integer> extensions, boolean sni, byte[] alpn, List<Integer> signatureAlgorithms) {
        return new Fingerprinter().ja4(legacyVersion, ints(supportedVersions), size(supportedVersions), ints(ciphers),
                size(ciphers), ints(extensions), size(extensions), sni, alpn, 0, alpn == null ? -1 : alpn.length,
                ints(signatureAlgorithms), size(signatureAlgorithms));
    }

    private static int size(List<Integer> values) {
        return values == null ? 0 : values.size();
    }

    private static int[] ints(List<Integer> values) {
        int[] out = new int[size(values)];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static String versionCode(int v) {
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }

    /** MD5 of the string's UTF-8 bytes, lowercase hex (JA3, JA3S, HASSH). */
    public static String md5Hex(String s) {
        return remembered(MD5, s, k -> hex(digest("MD5", k.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Fingerprint strings repeat (one per client or server stack, many handshakes each): their
     * digests are kept in a small least-recently-used memo instead of being hashed again.
     */
    private static final int MEMO_ENTRIES = 512;
    private static final Map<String, String> MD5 = memo();

    private static Map<String, String> memo() {
        return new LinkedHashMap<>(MEMO_ENTRIES * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > MEMO_ENTRIES;
            }
        };
    }

    private static String remembered(Map<String, String> memo, String key, Function<String, String> compute) {
        synchronized (memo) {
            String hit = memo.get(key);
            if (hit != null) {
                return hit;
            }
        }
        String value = compute.apply(key);
        if (key.length() <= 4096) {
            synchronized (memo) {
                memo.put(key, value);
            }
        }
        return value;
    }

    public static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }
}
