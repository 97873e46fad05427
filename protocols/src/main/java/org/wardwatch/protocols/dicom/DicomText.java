package org.wardwatch.protocols.dicom;

import java.nio.charset.StandardCharsets;

/** Turning wire bytes into short, printable strings (AE titles, UIDs, LO/SH values). */
final class DicomText {
    private DicomText() {
    }

    /**
     * Bytes as text without leading/trailing spaces and NUL padding (PS3.5 6.2: UI pads with NUL, text
     * VRs with space), control characters replaced by '?', at most {@code max} characters. Null when empty.
     */
    static String trimmed(byte[] b, int off, int len, int max, boolean utf8) {
        int s = off, e = off + len;
        while (s < e && (b[s] == ' ' || b[s] == 0)) {
            s++;
        }
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == 0)) {
            e--;
        }
        if (e <= s) {
            return null;
        }
        String t = new String(b, s, e - s, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder(Math.min(t.length(), max));
        for (int i = 0; i < t.length() && sb.length() < max; i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
