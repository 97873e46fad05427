package org.wardwatch.protocols.asn1;

import java.nio.charset.StandardCharsets;

/**
 * Turning untrusted wire bytes into the text an observation keeps, shared by the infrastructure
 * analyzers (BER strings, NTLM UTF-16 names, TLV strings): lengths bounded, trailing NULs dropped,
 * control characters replaced so a value cannot forge log lines.
 */
public final class WireText {
    /** Cap on the characters of one text field in an observation. */
    public static final int MAX_CHARS = 512;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WireText() {
    }

    /** UTF-8 (malformed sequences become U+FFFD), at most {@code maxChars}; null for a negative length. */
    public static String utf8(byte[] b, int off, int len, int maxChars) {
        if (len < 0 || off < 0 || off + len > b.length) {
            return null;
        }
        int n = trimNuls(b, off, len);
        return clean(new String(b, off, n, StandardCharsets.UTF_8), maxChars);
    }

    /** ISO-8859-1 (one char per byte), at most {@code maxChars}. */
    public static String latin1(byte[] b, int off, int len, int maxChars) {
        if (len < 0 || off < 0 || off + len > b.length) {
            return null;
        }
        int n = trimNuls(b, off, len);
        return clean(new String(b, off, Math.min(n, maxChars), StandardCharsets.ISO_8859_1), maxChars);
    }

    /** UTF-16LE (NTLM, SMB2), an odd trailing byte ignored, at most {@code maxChars}. */
    public static String utf16le(byte[] b, int off, int len, int maxChars) {
        if (len < 0 || off < 0 || off + len > b.length) {
            return null;
        }
        len &= ~1;
        while (len >= 2 && b[off + len - 1] == 0 && b[off + len - 2] == 0) {
            len -= 2;
        }
        return clean(new String(b, off, Math.min(len, 2 * maxChars), StandardCharsets.UTF_16LE), maxChars);
    }

    private static int trimNuls(byte[] b, int off, int len) {
        int n = len;
        while (n > 0 && b[off + n - 1] == 0) {
            n--;
        }
        return n;
    }

    /**
     * Line breaks (CR, LF, CRLF) become one space, other C0/C1 controls (except tab) '?'; cut to
     * {@code maxChars}. Multi-line banners (CDP software version, LLDP system description) stay readable
     * and no value can start a new line in a log.
     */
    public static String clean(String s, int maxChars) {
        String t = s.length() > maxChars ? s.substring(0, maxChars) : s;
        StringBuilder sb = null;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7F && c < 0xA0);
            if (control) {
                if (sb == null) {
                    sb = new StringBuilder(t.length());
                    sb.append(t, 0, i);
                }
                if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
                    continue; // CRLF: the LF adds the space
                }
                sb.append(c == '\n' || c == '\r' ? ' ' : '?');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? t : sb.toString();
    }

    public static String hex(byte[] b, int off, int len) {
        if (len <= 0 || off < 0 || off + len > b.length) {
            return "";
        }
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            out[2 * i] = HEX[v >>> 4];
            out[2 * i + 1] = HEX[v & 0xF];
        }
        return new String(out);
    }

    /** Dotted IPv4 text of four bytes. */
    public static String ipv4(byte[] b, int off) {
        // written as bytes: a concatenation of four ints compiles to a large StringBuilder sequence
        byte[] out = new byte[15];
        int n = 0;
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                out[n++] = '.';
            }
            int v = b[off + i] & 0xFF;
            if (v >= 100) {
                out[n++] = (byte) ('0' + v / 100);
            }
            if (v >= 10) {
                out[n++] = (byte) ('0' + v / 10 % 10);
            }
            out[n++] = (byte) ('0' + v % 10);
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    public static int u16le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    public static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static long u32le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16) | ((long) (b[off + 3] & 0xFF) << 24);
    }
}
