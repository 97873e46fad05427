package org.wardwatch.protocols.http;

import java.nio.charset.StandardCharsets;

/**
 * Text helpers for the line-oriented and TLV protocols (HTTP, SSDP, FTP, Telnet, SSH, DHCP): bounded
 * conversions from wire bytes to Java strings that never throw on any input.
 *
 * <p>Bytes are read as ISO-8859-1 except that control characters and DEL become U+FFFD, the way
 * tshark shows them, so that text compared with tshark matches and no control character reaches logs
 * or JSON. Every method caps its output ({@code max} characters).
 */
public final class Ascii {
    public static final char REPLACEMENT = '\uFFFD';

    private Ascii() {
    }

    /**
     * Text of {@code data[off, off+len)}, stopping at the first NUL (C strings on the wire are often
     * NUL-terminated), at most {@code max} characters.
     */
    public static String text(byte[] data, int off, int len, int max) {
        int end = off + Math.min(len, Math.max(0, max));
        // usual case: printable up to the end or a NUL, one copy, no builder
        int i = off;
        while (i < end && isPlain(data[i])) {
            i++;
        }
        if (i >= end || data[i] == 0) {
            return new String(data, off, Math.max(0, i - off), StandardCharsets.ISO_8859_1);
        }
        return replaced(data, off, end, true);
    }

    /** Like {@link #text} but keeps going past NUL bytes (shown as U+FFFD). */
    public static String textWithNul(byte[] data, int off, int len, int max) {
        int end = off + Math.min(len, Math.max(0, max));
        if (isPlain(data, off, end)) {
            return new String(data, off, Math.max(0, end - off), StandardCharsets.ISO_8859_1);
        }
        return replaced(data, off, end, false);
    }

    /** Text with control characters replaced (the rare case: kept out of the callers' compiled code). */
    private static String replaced(byte[] data, int off, int end, boolean stopAtNul) {
        StringBuilder sb = new StringBuilder(Math.max(0, end - off));
        for (int i = off; i < end; i++) {
            int c = data[i] & 0xFF;
            if (c == 0 && stopAtNul) {
                break;
            }
            sb.append(c < 0x20 || c == 0x7F ? REPLACEMENT : (char) c);
        }
        return sb.toString();
    }

    /** Whether the byte is shown as itself (not a control character or DEL). */
    static boolean isPlain(byte b) {
        int c = b & 0xFF;
        return c >= 0x20 && c != 0x7F;
    }

    /** Whether every byte of {@code data[from, to)} is shown as itself. */
    static boolean isPlain(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isPlain(data[i])) {
                return false;
            }
        }
        return true;
    }

    /** Lowercase hex of {@code data[off, off+len)}. */
    public static String hex(byte[] data, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int b = data[off + i] & 0xFF;
            out[2 * i] = Character.forDigit(b >>> 4, 16);
            out[2 * i + 1] = Character.forDigit(b & 0xF, 16);
        }
        return new String(out);
    }

    /** Whether {@code data[off...]} starts with {@code prefix} (ASCII, case-sensitive). */
    public static boolean startsWith(byte[] data, int off, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[off + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code data[off...]} starts with {@code prefix}, ignoring ASCII case. */
    public static boolean startsWithIgnoreCase(byte[] data, int off, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int a = data[off + i] & 0xFF;
            int b = prefix.charAt(i);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }

    public static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** Index of the first LF in {@code data[off, off+len)}, or -1. */
    public static int indexOfLf(byte[] data, int off, int len) {
        return indexOf(data, off, off + len, '\n');
    }

    /** Index of the first byte {@code c} (an ASCII character) in {@code data[from, to)}, or -1. */
    public static int indexOf(byte[] data, int from, int to, int c) {
        for (int i = from; i < to; i++) {
            if (data[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether every byte of the range is printable ASCII, tab, CR or LF. */
    public static boolean isPrintable(byte[] data, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            int c = data[i] & 0xFF;
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The string cut to {@code max} characters (null stays null). */
    public static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
