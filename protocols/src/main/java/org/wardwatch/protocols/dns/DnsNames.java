package org.wardwatch.protocols.dns;

/**
 * Reads domain names in DNS wire format (RFC 1035 section 4.1.4, with message compression) from
 * untrusted bytes. Used by the DNS, mDNS, LLMNR, NetBIOS name service and DHCP (option 81, DHCPv6
 * options 24 and 39) analyzers.
 *
 * <p>Safety: compression pointers must point strictly backwards (before the pointer itself) and at
 * most {@value #MAX_JUMPS} pointers are followed, so a loop ends in {@link #ERR_TOO_MANY_JUMPS}; the text is
 * capped at {@value #MAX_TEXT} characters. Labels are decoded as UTF-8 (mDNS names are UTF-8, RFC
 * 6762 section 16); control characters are written as {@code \ooo} octal escapes and bytes that are
 * not valid UTF-8 as U+FFFD, the way tshark shows them.
 */
public final class DnsNames {
    public static final int MAX_JUMPS = 64;
    public static final int MAX_TEXT = 1024;

    /** Result codes (negative) of {@link #read}. */
    public static final int ERR_TRUNCATED = -1;
    public static final int ERR_BAD_POINTER = -2;
    public static final int ERR_BAD_LABEL_TYPE = -3;
    public static final int ERR_TOO_MANY_JUMPS = -4;
    public static final int ERR_TOO_LONG = -5;

    private DnsNames() {
    }

    /**
     * Reads the name at {@code pos} of the message {@code msg[msgOff, msgOff+msgLen)} and appends its
     * text to {@code out} (nothing for the root name; no separator before it); null to only validate.
     * {@code out.jumps} receives the number of compression pointers followed.
     *
     * <p>The text cannot reach {@link #MAX_TEXT}: a name has at most 255 wire bytes (checked before
     * anything is written), so at most 254 label bytes of at most 4 characters each.
     *
     * @param allowCompression false where the format forbids pointers (DHCP options)
     * @return the position right after the name in the message (absolute index), or a negative
     *         {@code ERR_*} code
     */
    public static int read(byte[] msg, int msgOff, int msgLen, int pos, DnsText out, boolean allowCompression) {
        int end = msgOff + msgLen;
        int after = -1;      // position after the name in the original stream, set at the first jump
        int jumps = 0;
        int total = 0;
        int start = out == null ? 0 : out.length();
        while (true) {
            if (pos >= end) {
                return ERR_TRUNCATED;
            }
            int len = msg[pos] & 0xFF;
            if (len == 0) {
                if (out != null) {
                    out.jumps = jumps;
                }
                return after >= 0 ? after : pos + 1;
            }
            int kind = len & 0xC0;
            if (kind == 0xC0) {
                if (!allowCompression) {
                    return ERR_BAD_LABEL_TYPE;
                }
                if (pos + 1 >= end) {
                    return ERR_TRUNCATED;
                }
                int target = msgOff + (((len & 0x3F) << 8) | (msg[pos + 1] & 0xFF));
                // "Pointers may only refer to prior occurrences": strictly before the pointer
                if (target >= pos) {
                    return ERR_BAD_POINTER;
                }
                if (++jumps > MAX_JUMPS) {
                    return ERR_TOO_MANY_JUMPS;
                }
                if (after < 0) {
                    after = pos + 2;
                }
                pos = target;
                continue;
            }
            if (kind != 0) {
                return ERR_BAD_LABEL_TYPE; // 0x40 extended and 0x80 reserved label types
            }
            if (pos + 1 + len > end) {
                return ERR_TRUNCATED;
            }
            total += len + 1;
            if (total > 255) {
                return ERR_TOO_LONG; // longer than a domain name can be (RFC 1035 2.3.4)
            }
            if (out != null) {
                if (out.length() > start) {
                    out.append('.');
                }
                out.appendLabel(msg, pos + 1, len);
            }
            pos += 1 + len;
        }
    }

    /** Snake-case anomaly suffix for an error code. */
    public static String errorName(int code) {
        return switch (code) {
            case ERR_TRUNCATED -> "name_truncated";
            case ERR_BAD_POINTER -> "name_bad_pointer";
            case ERR_BAD_LABEL_TYPE -> "name_bad_label_type";
            case ERR_TOO_MANY_JUMPS -> "name_too_many_pointers";
            case ERR_TOO_LONG -> "name_too_long";
            default -> "name_error";
        };
    }

    /**
     * Validates the name at {@code pos} without building its text (allocation-free, for probes).
     *
     * @return the position right after the name, or a negative {@code ERR_*} code
     */
    public static int skip(byte[] msg, int msgOff, int msgLen, int pos, boolean allowCompression) {
        return read(msg, msgOff, msgLen, pos, null, allowCompression);
    }

    /**
     * Appends {@code b[off, off+len)} decoded as UTF-8 (the same text {@link DnsText#appendLabel} writes as bytes): control characters (and DEL) as {@code \ooo}
     * octal escapes, each byte of an invalid sequence as U+FFFD; stops at {@code max} characters.
     */
    public static void appendText(StringBuilder out, byte[] b, int off, int len, int max) {
        int end = off + len;
        int i = off;
        while (i < end && out.length() < max) {
            int c = b[i] & 0xFF;
            if (c < 0x20 || c == 0x7F) {
                char esc = escapeLetter(c);
                if (esc != 0) {
                    out.append('\\').append(esc);
                } else {
                    out.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                            .append((char) ('0' + (c & 7)));
                }
                i++;
                continue;
            }
            if (c < 0x80) {
                out.append((char) c);
                i++;
                continue;
            }
            long seq = utf8Sequence(b, i, end);
            int k = (int) seq;
            if (seq >>> 32 != INVALID) {
                out.appendCodePoint((int) (seq >>> 32));
            } else {
                out.append('\uFFFD');
            }
            i += k;
        }
    }

    /** The letter of a control character's C-style escape ({@code \n} ...), or 0 when it is written in octal. */
    static char escapeLetter(int c) {
        return switch (c) {
            case 7 -> 'a';
            case 8 -> 'b';
            case 9 -> 't';
            case 10 -> 'n';
            case 11 -> 'v';
            case 12 -> 'f';
            case 13 -> 'r';
            default -> 0;
        };
    }

    /** {@link #utf8Sequence}'s code point half for a broken sequence. */
    static final long INVALID = 0xFFFFFFFFL;

    /**
     * The UTF-8 sequence whose lead byte ({@code >= 0x80}) is {@code b[i]}: its code point in the high 32
     * bits ({@link #INVALID} when it is not a valid shortest-form sequence) and its length in bytes in the
     * low 32 bits. A broken sequence is the lead byte and the continuation bytes after it: one U+FFFD for
     * all of them, as tshark shows them.
     */
    static long utf8Sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int need = c <= 0xBF ? 0 : c <= 0xDF ? 1 : c <= 0xEF ? 2 : c <= 0xF7 ? 3 : c <= 0xFB ? 4 : c <= 0xFD ? 5 : 0;
        int cp = need == 1 ? c & 0x1F : need == 2 ? c & 0x0F : need == 3 ? c & 0x07 : 0;
        int k = 1;
        while (k <= need && i + k < end) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) {
                break;
            }
            cp = (cp << 6) | (cc & 0x3F);
            k++;
        }
        boolean valid = need > 0 && k == need + 1 && !(need == 1 && cp < 0x80) && !(need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
                && !(need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) && need <= 3;
        return ((valid ? cp & 0xFFFFFFFFL : INVALID) << 32) | k;
    }
}
