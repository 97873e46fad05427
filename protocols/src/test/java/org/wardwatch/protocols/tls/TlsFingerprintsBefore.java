package org.wardwatch.protocols.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/*
 * Test oracle: TlsFingerprints as it was before the allocation and JIT work (commit 813b1bd), kept
 * verbatim (TlsAnalyzerBefore computes its fingerprints with it; TlsFingerprintsTest compares the
 * current code with it on random lists). Not used by production code.
 */
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
 * Also MD5 hex helpers shared with the SSH analyzer's HASSH.
 */
final class TlsFingerprintsBefore {
    private TlsFingerprintsBefore() {
    }

    /** GREASE values reserved by RFC 8701: 0x0a0a, 0x1a1a, ..., 0xfafa. */
    public static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && ((v >> 8) & 0xff) == (v & 0xff);
    }

    public static String ja3(int version, List<Integer> ciphers, List<Integer> extensions, List<Integer> groups,
                             List<Integer> pointFormats) {
        return version + "," + join(ciphers) + "," + join(extensions) + "," + join(groups) + "," + join(pointFormats);
    }

    public static String ja3s(int version, int cipher, List<Integer> extensions) {
        return version + "," + cipher + "," + join(extensions);
    }

    private static String join(List<Integer> values) {
        if (values == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            if (isGrease(v)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('-');
            }
            sb.append(v);
        }
        return sb.toString();
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
        int version = legacyVersion;
        if (supportedVersions != null) {
            int best = -1;
            for (int v : supportedVersions) {
                if (!isGrease(v) && v > best) {
                    best = v;
                }
            }
            if (best >= 0) {
                version = best;
            }
        }
        List<Integer> c = withoutGrease(ciphers);
        List<Integer> e = withoutGrease(extensions);
        StringBuilder a = new StringBuilder(10);
        a.append('t').append(versionCode(version)).append(sni ? 'd' : 'i');
        a.append(twoDigits(c.size())).append(twoDigits(e.size()));
        a.append(alpnCode(alpn));
        List<Integer> sortedCiphers = new ArrayList<>(c);
        sortedCiphers.sort(null);
        String b = c.isEmpty() ? "000000000000" : sha256Prefix(hexList(sortedCiphers));
        List<Integer> sortedExt = new ArrayList<>();
        for (int x : e) {
            if (x != 0x0000 && x != 0x0010) {
                sortedExt.add(x);
            }
        }
        sortedExt.sort(null);
        String cPart;
        if (sortedExt.isEmpty()) {
            cPart = "000000000000";
        } else {
            String input = hexList(sortedExt);
            List<Integer> sigs = signatureAlgorithms == null ? List.of() : withoutGrease(signatureAlgorithms);
            if (!sigs.isEmpty()) {
                input += "_" + hexList(sigs);
            }
            cPart = sha256Prefix(input);
        }
        return a + "_" + b + "_" + cPart;
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

    private static String twoDigits(int n) {
        int v = Math.min(n, 99);
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String alpnCode(byte[] alpn) {
        if (alpn == null || alpn.length == 0) {
            return "00";
        }
        int first = alpn[0] & 0xFF;
        int last = alpn[alpn.length - 1] & 0xFF;
        if (alnum(first) && alnum(last)) {
            return "" + (char) first + (char) last;
        }
        String hex = hex(alpn);
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean alnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static List<Integer> withoutGrease(List<Integer> values) {
        List<Integer> out = new ArrayList<>(values.size());
        for (int v : values) {
            if (!isGrease(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String hexList(List<Integer> values) {
        StringBuilder sb = new StringBuilder(values.size() * 5);
        for (int v : values) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            if (v >= 0 && v <= 0xFFFF) {
                sb.append(HEX[v >> 12]).append(HEX[(v >> 8) & 0xF]).append(HEX[(v >> 4) & 0xF]).append(HEX[v & 0xF]);
            } else {
                String h = Integer.toHexString(v);
                sb.append("0000", 0, Math.max(0, 4 - h.length())).append(h);
            }
        }
        return sb.toString();
    }

    private static String sha256Prefix(String s) {
        return remembered(SHA256_PREFIX, s, k -> hex(digest("SHA-256", k.getBytes(StandardCharsets.US_ASCII))).substring(0, 12));
    }

    /** MD5 of the string's UTF-8 bytes, lowercase hex (JA3, JA3S, HASSH). */
    public static String md5Hex(String s) {
        return remembered(MD5, s, k -> hex(digest("MD5", k.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Fingerprint strings repeat (one per client or server TLS stack, many handshakes each): their
     * digests are kept in small least-recently-used memos instead of being hashed again.
     */
    private static final int MEMO_ENTRIES = 512;
    private static final Map<String, String> MD5 = memo();
    private static final Map<String, String> SHA256_PREFIX = memo();

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
