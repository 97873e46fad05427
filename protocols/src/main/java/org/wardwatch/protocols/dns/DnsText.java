package org.wardwatch.protocols.dns;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable buffer in which DNS text (names, TXT strings, record data) is written as UTF-8 bytes
 * and turned into one String per emitted value. Labels are escaped exactly as
 * {@link DnsNames#appendText(StringBuilder, byte[], int, int, int)} writes them: control characters
 * and DEL as {@code \ooo} (or {@code \a \b \t \n \v \f \r}), a valid UTF-8 sequence as itself, each
 * broken sequence as U+FFFD.
 *
 * <p>Why bytes: a StringBuilder that once received a char above 0xFF (a U+FFFD, an accented mDNS
 * name) turns UTF-16 for good, and every later append to it is slower; bytes stay compact, and pure
 * ASCII text (nearly all names) becomes a String with one copy.
 */
public final class DnsText {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}; // U+FFFD in UTF-8

    private byte[] buf = new byte[2048];
    private int len;
    private boolean nonAscii;
    /** Compression pointers followed by the last {@link DnsNames#read} into this buffer. */
    int jumps;

    /** Empties the buffer. */
    public void reset() {
        len = 0;
        nonAscii = false;
    }

    /** Bytes written so far: a mark for {@link #string(int)}. */
    public int length() {
        return len;
    }

    /** The text written since {@code from} as a String. */
    public String string(int from) {
        return string(from, len);
    }

    /** The text written between two marks as a String. */
    public String string(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return "";
        }
        // the buffer holds only whole, valid UTF-8 sequences; without any, it is ASCII (one copy)
        return new String(buf, from, n, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** Appends one ASCII character. */
    public void append(char c) {
        if (len == buf.length) {
            grow(1);
        }
        buf[len++] = (byte) c;
    }

    /** Appends the decimal digits of a non-negative number. */
    public void appendDecimal(int v) {
        if (len + 10 > buf.length) {
            grow(10);
        }
        if (v < 10) {
            buf[len++] = (byte) ('0' + v);
            return;
        }
        int digits = 1;
        for (int t = v / 10; t > 0; t /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    /** Appends lowercase hex digits without leading zeros (as {@link Integer#toHexString}) of a non-negative number. */
    void appendHex(int v) {
        if (len + 8 > buf.length) {
            grow(8);
        }
        int digits = 1;
        for (int t = v >>> 4; t != 0; t >>>= 4) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            int x = v & 0xF;
            buf[i] = (byte) (x < 10 ? '0' + x : 'a' + x - 10);
            v >>>= 4;
        }
        len += digits;
    }

    /** Appends {@code b[off, off+n)} decoded and escaped as a label (see the class comment). */
    public void appendLabel(byte[] b, int off, int n) {
        if (len + 4 * n > buf.length) {
            grow(4 * n); // at most 4 output bytes per input byte (an octal escape)
        }
        byte[] out = buf;
        int o = len;
        int end = off + n;
        int i = off;
        while (i < end) {
            int c = b[i];
            if (c >= 0x20 && c < 0x7F) {
                out[o++] = (byte) c; // printable ASCII: the common case
                i++;
            } else {
                len = o;
                i = appendUnusual(b, i, end);
                o = len;
            }
        }
        len = o;
    }

    /** One control character (escaped) or one UTF-8 sequence starting at {@code i}; returns the next index. */
    private int appendUnusual(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0x20 || c == 0x7F) {
            char esc = DnsNames.escapeLetter(c);
            buf[len++] = '\\';
            if (esc != 0) {
                buf[len++] = (byte) esc;
            } else {
                buf[len++] = (byte) ('0' + (c >> 6));
                buf[len++] = (byte) ('0' + ((c >> 3) & 7));
                buf[len++] = (byte) ('0' + (c & 7));
            }
            return i + 1;
        }
        long seq = DnsNames.utf8Sequence(b, i, end);
        int k = (int) seq;
        nonAscii = true;
        if (seq >>> 32 != DnsNames.INVALID) {
            // a valid, shortest-form sequence: its bytes are its UTF-8 encoding
            System.arraycopy(b, i, buf, len, k);
            len += k;
        } else {
            System.arraycopy(REPLACEMENT, 0, buf, len, 3);
            len += 3;
        }
        return i + k;
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
}
