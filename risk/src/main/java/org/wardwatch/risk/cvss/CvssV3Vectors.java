package org.wardwatch.risk.cvss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import us.springett.cvss.Cvss;
import us.springett.cvss.CvssV3;

/**
 * CVSS v3.0/v3.1 vectors: parse, score (with {@code us.springett:cvss-calculator}), and the
 * exploitability term the device score uses. Weights from the CVSS v3.1 specification, FIRST,
 * §7.4 "Metric Values" (https://www.first.org/cvss/v3.1/specification-document#7-4-Metric-Values).
 */
public final class CvssV3Vectors {
    /** Exploitability of AV:N/AC:L/PR:N/UI:N: 8.22 × 0.85 × 0.77 × 0.85 × 0.85. */
    public static final double MAX_EXPLOITABILITY = 8.22 * 0.85 * 0.77 * 0.85 * 0.85;
    private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

    private CvssV3Vectors() {
    }

    /** Base score of a v3.0/v3.1 vector, or null when the vector is not valid v3. */
    public static Double baseScore(String vector) {
        Map<String, String> m = metrics(vector);
        if (m == null) {
            return null;
        }
        try {
            Cvss c = Cvss.fromVector(vector);
            if (!(c instanceof CvssV3)) {
                return null;
            }
            return c.calculateScore().getBaseScore();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The base metrics of a v3 vector ({@code AV → N}, …) in vector order, or null when it is not a
     * valid v3.0/v3.1 base vector (every base metric exactly once with a legal value).
     */
    public static Map<String, String> metrics(String vector) {
        if (vector == null || !(vector.startsWith("CVSS:3.0/") || vector.startsWith("CVSS:3.1/"))) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        String[] parts = vector.substring(9).split("/", -1);
        for (String p : parts) {
            int colon = p.indexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                return null;
            }
            if (m.put(p.substring(0, colon), p.substring(colon + 1)) != null) {
                return null;
            }
        }
        for (String k : BASE) {
            String v = m.get(k);
            if (v == null || !legal(k, v)) {
                return null;
            }
        }
        return m;
    }

    private static boolean legal(String metric, String value) {
        return switch (metric) {
            case "AV" -> value.matches("[NALP]");
            case "AC" -> value.matches("[LH]");
            case "PR" -> value.matches("[NLH]");
            case "UI" -> value.matches("[NR]");
            case "S" -> value.matches("[UC]");
            default -> value.matches("[NLH]");
        };
    }

    /** Exploitability sub-score before rounding (8.22 × AV × AC × PR × UI), or null for an invalid vector. */
    public static Double exploitability(String vector) {
        Map<String, String> m = metrics(vector);
        if (m == null) {
            return null;
        }
        boolean changed = m.get("S").equals("C");
        double av = switch (m.get("AV")) {
            case "N" -> 0.85;
            case "A" -> 0.62;
            case "L" -> 0.55;
            default -> 0.2;
        };
        double ac = m.get("AC").equals("L") ? 0.77 : 0.44;
        double pr = switch (m.get("PR")) {
            case "N" -> 0.85;
            case "L" -> changed ? 0.68 : 0.62;
            default -> changed ? 0.5 : 0.27;
        };
        double ui = m.get("UI").equals("N") ? 0.85 : 0.62;
        return 8.22 * av * ac * pr * ui;
    }

    /** A v3.1 base vector from metrics (only the eight base metrics, in spec order). */
    public static String toVector31(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("CVSS:3.1");
        for (String k : BASE) {
            sb.append('/').append(k).append(':').append(m.get(k));
        }
        return sb.toString();
    }
}
