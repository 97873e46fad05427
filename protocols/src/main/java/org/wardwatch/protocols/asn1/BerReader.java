package org.wardwatch.protocols.asn1;

import java.nio.charset.StandardCharsets;

/**
 * A small reader of ASN.1 BER/DER (ITU-T X.690) for SNMP and Kerberos: definite lengths only, bounded
 * nesting depth, every length checked against its enclosing element.
 *
 * <p>A reader walks the elements of one window [pos, end). {@link #next()} reads the next element's
 * header: {@link #tag()} is its identifier octet ({@code 0x30} SEQUENCE, {@code 0xa1} context [1],
 * {@code 0x6a} [APPLICATION 10]; high-tag-number identifiers are mapped to {@link #tag()} values above
 * 0xff) and its content is [{@link #contentStart()}, {@link #contentEnd()}). {@link #enter()} gives a
 * reader over the content of a constructed element, one level deeper; past {@link #MAX_DEPTH} it
 * returns null. Errors never throw: {@link #next()} returns false and {@link #malformed()} says why
 * the window ended early.
 *
 * <p>Known gaps: indefinite lengths (X.690 8.1.3.6; not used by SNMP or Kerberos) are malformed here;
 * integers wider than 64 bits are reported as malformed by {@link #longValue()}.
 */
public final class BerReader {
    public static final int MAX_DEPTH = 24;

    private byte[] buf;
    private int end;
    private int depth;
    private int pos;
    private int tag;
    private int contentStart;
    private int contentEnd;
    private boolean malformed;

    public BerReader(byte[] buf, int offset, int length) {
        this(buf, offset, offset + length, 0);
    }

    private BerReader(byte[] buf, int start, int end, int depth) {
        this.buf = buf;
        this.pos = start;
        this.end = Math.min(end, buf.length);
        this.depth = depth;
    }

    /** A reader to be pointed at a window later ({@link #reset}, {@link #enterInto}). */
    public BerReader() {
        this.buf = new byte[0];
    }

    /** Points this reader at a new top-level window {@code buf[offset, offset+length)}, as a new reader would be. */
    public BerReader reset(byte[] buf, int offset, int length) {
        return window(buf, offset, offset + length, 0);
    }

    private BerReader window(byte[] buf, int start, int end, int depth) {
        this.buf = buf;
        this.pos = start;
        this.end = Math.min(end, buf.length);
        this.depth = depth;
        this.tag = 0;
        this.contentStart = 0;
        this.contentEnd = 0;
        this.malformed = false;
        return this;
    }

    /**
     * {@link #enter()} without a new reader: points {@code into} at the current element's content;
     * false (this reader malformed) when nesting is too deep.
     */
    public boolean enterInto(BerReader into) {
        if (depth + 1 > MAX_DEPTH) {
            malformed = true;
            return false;
        }
        into.window(buf, contentStart, contentEnd, depth + 1);
        return true;
    }

    /** Reads the next element's header; false at the end of the window or on a malformed header. */
    public boolean next() {
        if (malformed || pos >= end) {
            return false;
        }
        int p = pos;
        int first = buf[p++] & 0xFF;
        int t = first;
        if ((first & 0x1F) == 0x1F) {
            // high-tag-number form: base-128 digits, at most 3 (tag numbers up to 2^21)
            int number = 0;
            int digits = 0;
            int b;
            do {
                if (p >= end || ++digits > 3) {
                    return fail();
                }
                b = buf[p++] & 0xFF;
                number = (number << 7) | (b & 0x7F);
            } while ((b & 0x80) != 0);
            t = 0x1000_0000 | ((first & 0xE0) << 20) | number;
        }
        if (p >= end) {
            return fail();
        }
        int lb = buf[p++] & 0xFF;
        long len;
        if (lb < 0x80) {
            len = lb;
        } else {
            int n = lb & 0x7F;
            if (n == 0 || n > 4 || p + n > end) {
                return fail(); // indefinite, oversized or truncated length
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (buf[p++] & 0xFF);
            }
        }
        if (len > end - p) {
            return fail();
        }
        tag = t;
        contentStart = p;
        contentEnd = p + (int) len;
        pos = contentEnd;
        return true;
    }

    /** Reads the next element and checks its tag. */
    public boolean next(int expectedTag) {
        return next() && tag == expectedTag;
    }

    private boolean fail() {
        malformed = true;
        return false;
    }

    /** A reader over the current element's content, or null when nesting is too deep. */
    public BerReader enter() {
        if (depth + 1 > MAX_DEPTH) {
            malformed = true;
            return null;
        }
        return new BerReader(buf, contentStart, contentEnd, depth + 1);
    }

    public int tag() {
        return tag;
    }

    public int contentStart() {
        return contentStart;
    }

    public int contentEnd() {
        return contentEnd;
    }

    public int contentLength() {
        return contentEnd - contentStart;
    }

    /** Offset just past the last element read: where the next one starts. */
    public int position() {
        return pos;
    }

    public byte[] buffer() {
        return buf;
    }

    /** A header in this window was malformed (the window was cut short). */
    public boolean malformed() {
        return malformed;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    /** The current element as a two's complement INTEGER; {@link Long#MIN_VALUE} when empty or wider than 64 bits. */
    public long longValue() {
        int n = contentLength();
        if (n == 0 || n > 9 || (n == 9 && buf[contentStart] != 0)) {
            return Long.MIN_VALUE;
        }
        long v = buf[contentStart]; // sign-extends
        for (int i = contentStart + 1; i < contentEnd; i++) {
            v = (v << 8) | (buf[i] & 0xFF);
        }
        return v;
    }

    /** The INTEGER clamped to int, or {@code fallback} when it does not fit. */
    public int intValue(int fallback) {
        long v = longValue();
        return v == Long.MIN_VALUE || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? fallback : (int) v;
    }

    /** The content as text (UTF-8, which covers ASCII GeneralString/KerberosString), at most {@code maxChars}. */
    public String stringValue(int maxChars) {
        return WireText.utf8(buf, contentStart, contentLength(), maxChars);
    }

    /** The content as an OBJECT IDENTIFIER in dotted form, or null when malformed (X.690 8.19). */
    public String oidValue() {
        return oid(buf, contentStart, contentLength());
    }

    /** Dotted OID text of {@code length} content bytes; null when empty, truncated or an arc exceeds 63 bits. */
    public static String oid(byte[] b, int off, int length) {
        if (length <= 0 || length > 512) {
            return null;
        }
        StringBuilder sb = new StringBuilder(length * 3);
        long arc = 0;
        int digits = 0;
        boolean first = true;
        for (int i = off; i < off + length; i++) {
            int v = b[i] & 0xFF;
            if (digits == 0 && v == 0x80) {
                return null; // leading 0x80 padding is not allowed
            }
            if (++digits > 9) {
                return null; // sub-identifier wider than 63 bits
            }
            arc = (arc << 7) | (v & 0x7F);
            if ((v & 0x80) == 0) {
                if (first) {
                    long x = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                    sb.append(x).append('.').append(arc - 40 * x);
                    first = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = 0;
                digits = 0;
            }
        }
        return digits == 0 ? sb.toString() : null;
    }

    /** Whether {@link #oid} gives text for these bytes (same checks, nothing made). */
    public static boolean isValidOid(byte[] b, int off, int length) {
        if (length <= 0 || length > 512) {
            return false;
        }
        int digits = 0;
        for (int i = off; i < off + length; i++) {
            int v = b[i] & 0xFF;
            if (digits == 0 && v == 0x80) {
                return false;
            }
            if (++digits > 9) {
                return false;
            }
            if ((v & 0x80) == 0) {
                digits = 0;
            }
        }
        return digits == 0;
    }

    /** Lowercase hex of the content, at most {@code maxBytes} bytes of it. */
    public String hexValue(int maxBytes) {
        return WireText.hex(buf, contentStart, Math.min(contentLength(), maxBytes));
    }

    /** Content bytes as ISO-8859-1, for comparisons in tests. */
    public String latin1() {
        return new String(buf, contentStart, contentLength(), StandardCharsets.ISO_8859_1);
    }
}
