package org.wardwatch.risk.intel;

import java.text.Normalizer;

/**
 * Cleans text taken from intel files before it is kept: strips C0/C1 control characters (except
 * newline and tab), Unicode bidirectional overrides and isolates (CVE-2021-42574 "Trojan Source"
 * style reordering), zero-width characters and unpaired surrogates, normalizes to NFC and cuts to a
 * length. Escaping for HTML/CSV is the renderer's job; this only removes what no renderer should see.
 */
public final class Text {
    private Text() {
    }

    public static String clean(String s, int maxChars) {
        if (s == null) {
            return null;
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(Math.min(n.length(), maxChars + 1));
        for (int i = 0; i < n.length() && sb.length() < maxChars; i++) {
            char c = n.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n.length() && Character.isLowSurrogate(n.charAt(i + 1))) {
                    sb.append(c).append(n.charAt(i + 1));
                    i++;
                }
                continue;
            }
            if (Character.isLowSurrogate(c) || dropped(c)) {
                continue;
            }
            sb.append(c);
        }
        if (sb.length() >= maxChars && n.length() > maxChars) {
            sb.setLength(maxChars);
            sb.append('…');
        }
        return sb.toString().strip();
    }

    /** Single-line form (for titles, names): newlines and tabs become spaces, runs of spaces collapse. */
    public static String line(String s, int maxChars) {
        String c = clean(s, maxChars);
        return c == null ? null : c.replaceAll("\\s+", " ").strip();
    }

    private static boolean dropped(char c) {
        if (c == '\n' || c == '\t') {
            return false;
        }
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
            return true;
        }
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF;
    }
}
