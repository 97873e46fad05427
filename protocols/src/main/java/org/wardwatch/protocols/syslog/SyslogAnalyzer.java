package org.wardwatch.protocols.syslog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.wardwatch.model.obs.syslog.SyslogMessageSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * Syslog analyzer: RFC 5424 6.2 header (PRI VERSION TIMESTAMP HOSTNAME APP-NAME ...) and the BSD format
 * of RFC 3164 4.1 (PRI "Mmm dd hh:mm:ss" HOSTNAME TAG[pid]: ...). Over TCP, RFC 6587 octet counting
 * ("LEN SP MSG") or LF-terminated frames. Keeps facility, severity, host name and application name;
 * the message text may carry anything (patient data included) and is never kept.
 *
 * <p>As in Wireshark, the RFC 3164 host name and tag are read only when the timestamp has the RFC
 * 3164 form; a message with a PRI and free text is reported with both null.
 *
 * <p>Known gaps: RFC 5425 (TLS) is invisible; ISO-8601 timestamps in BSD-style messages (rsyslog's
 * high-precision format) are not recognised as RFC 3164.
 */
final class SyslogAnalyzer implements Analyzer {
    private static final int MAX_KINDS = 32;
    private static final int MAX_LINE = 8 * 1024;
    private static final byte[] MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] RFC5424_BAR = "rfc5424|".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC3164_BAR = "rfc3164|".getBytes(StandardCharsets.US_ASCII);
    /** Room for "rfc5424|" + 255 + "|" + 255 + "|" + two digits. */
    /** Where the host part starts in a key, after "rfc5424|" or "rfc3164|". */
    private static final int KEY_HOST = 8;
    static final int KEY_CAP = 8 + 255 + 1 + 255 + 1 + 2;
    private static final ThreadLocal<byte[]> KEY = ThreadLocal.withInitial(() -> new byte[KEY_CAP]);

    /** Kinds already reported, as the bytes of their text key (see {@link #kindKey}). */
    private byte[][] kinds = new byte[4][]; // grows to MAX_KINDS
    private int[] kindHashes = new int[4];
    private int kindCount;
    private final int[] bounds = new int[8];
    private boolean confirmed;
    private boolean kindsCapReported;
    private long skipToLf;
    private long skipBytes;

    /** Offset just past "&lt;PRI&gt;" when it starts at {@code p} with PRI in 0..191, else -1. */
    static int priEnd(byte[] b, int p, int end) {
        if (p >= end || b[p] != '<') {
            return -1;
        }
        int q = p + 1;
        int v = 0;
        int digits = 0;
        while (q < end && b[q] >= '0' && b[q] <= '9' && digits < 3) {
            v = v * 10 + (b[q] - '0');
            q++;
            digits++;
        }
        if (digits == 0 || q >= end || b[q] != '>' || v > 191 || q + 1 >= end) {
            return -1;
        }
        int next = b[q + 1] & 0xFF;
        return next >= 0x20 || next == '\t' ? q + 1 : -1;
    }

    @Override
    public void onDatagram(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        message(data, offset, offset + length, ctx);
    }

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        if (!fromClient) {
            return length;
        }
        int p = offset;
        int end = offset + length;
        while (p < end) {
            if (skipBytes > 0) {
                int n = (int) Math.min(skipBytes, end - p);
                skipBytes -= n;
                p += n;
                continue;
            }
            if (skipToLf > 0) {
                while (p < end && data[p] != '\n') {
                    p++;
                }
                if (p < end) {
                    p++;
                    skipToLf = 0;
                }
                continue;
            }
            if (data[p] >= '1' && data[p] <= '9') {
                // RFC 6587 3.4.1 octet counting
                int q = p;
                long n = 0;
                while (q < end && data[q] >= '0' && data[q] <= '9' && q - p < 7) {
                    n = n * 10 + (data[q] - '0');
                    q++;
                }
                if (q >= end) {
                    break;
                }
                if (data[q] != ' ') {
                    return bad(ctx, "syslog_bad_octet_count", length);
                }
                if (n > MAX_LINE) {
                    ctx.anomaly("syslog_message_over_cap");
                    message(data, q + 1, Math.min(end, q + 1 + 512), ctx);
                    skipBytes = q + 1 + n - p;
                    continue;
                }
                if (end - q - 1 < n) {
                    break;
                }
                message(data, q + 1, q + 1 + (int) n, ctx);
                p = q + 1 + (int) n;
            } else {
                // RFC 6587 3.4.2 non-transparent framing: LF ends a message (a NUL too, for some senders)
                int q = p;
                while (q < end && data[q] != '\n' && data[q] != 0) {
                    q++;
                }
                if (q >= end) {
                    if (end - p > MAX_LINE) {
                        ctx.anomaly("syslog_message_over_cap");
                        message(data, p, p + 512, ctx);
                        skipToLf = 1;
                        p = end;
                    }
                    break;
                }
                if (q > p) {
                    message(data, p, q, ctx);
                }
                p = q + 1;
            }
        }
        return p - offset;
    }

    private int bad(AnalyzerContext ctx, String anomaly, int length) {
        ctx.anomaly(anomaly);
        if (!confirmed) {
            ctx.violation(anomaly);
        } else {
            ctx.done();
        }
        return length;
    }

    private void message(byte[] b, int p, int end, AnalyzerContext ctx) {
        while (p < end && (b[p] == '\r' || b[p] == ' ')) {
            p++;
        }
        int h = priEnd(b, p, end);
        if (h < 0) {
            badPri(ctx);
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        int pri = 0;
        for (int i = p + 1; i < h - 1; i++) {
            pri = pri * 10 + (b[i] - '0');
        }
        // where the host name and application name are in b: start, end (start -1: none)
        int[] f = bounds;
        boolean rfc5424 = h + 1 < end && b[h] == '1' && b[h + 1] == ' ';
        if (rfc5424) {
            // RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
            int n = fields(b, h + 2, end, f, 3);
            if (n < 2 || isNil(b, f[2], f[3])) {
                f[2] = -1;
            }
            if (n < 3 || isNil(b, f[4], f[5])) {
                f[4] = -1;
            }
        } else {
            f[2] = -1;
            f[4] = -1;
            if (isBsdTimestamp(b, h, end)) {
                bsdHostAndTag(b, h + 15, end, f);
            }
        }
        int appMax = rfc5424 ? 255 : 48;
        byte[] key = KEY.get();
        int keyLen = kindKey(key, rfc5424, b, f, appMax, pri >> 3);
        int hash = 1;
        for (int i = 0; i < keyLen; i++) {
            hash = 31 * hash + key[i];
        }
        for (int i = 0; i < kindCount; i++) {
            if (kindHashes[i] == hash && Arrays.equals(kinds[i], 0, kinds[i].length, key, 0, keyLen)) {
                return;
            }
        }
        if (kindCount >= MAX_KINDS) {
            if (!kindsCapReported) {
                kindsCapReported = true;
                ctx.anomaly("syslog_kinds_cap");
            }
            return;
        }
        if (kindCount == kinds.length) {
            kinds = Arrays.copyOf(kinds, Math.min(2 * kindCount, MAX_KINDS));
            kindHashes = Arrays.copyOf(kindHashes, kinds.length);
        }
        kindHashes[kindCount] = hash;
        kinds[kindCount++] = Arrays.copyOf(key, keyLen);
        // the key holds host and app exactly as WireText.latin1 makes them: "format|host|app|facility"
        int hostEnd = f[6];
        int appEnd = f[7];
        String host = f[2] < 0 ? null : new String(key, KEY_HOST, hostEnd - KEY_HOST, StandardCharsets.ISO_8859_1);
        String app = f[4] < 0 ? null : new String(key, hostEnd + 1, appEnd - hostEnd - 1, StandardCharsets.ISO_8859_1);
        ctx.emit(new SyslogMessageSeen(ctx.ts(), ctx.flow(), rfc5424 ? "rfc5424" : "rfc3164", pri >> 3, pri & 7, host, app));
    }

    private void badPri(AnalyzerContext ctx) {
        ctx.anomaly("syslog_bad_pri");
        if (!confirmed) {
            ctx.violation("syslog_bad_pri");
        }
    }

    /** RFC 3164 HOSTNAME SP TAG after the timestamp (at {@code q}): bounds into {@code f[2..5]}. */
    private static void bsdHostAndTag(byte[] b, int q, int end, int[] f) {
        if (q < end && b[q] == ' ') {
            int hs = q + 1;
            int he = hs;
            while (he < end && b[he] != ' ') {
                he++;
            }
            if (he < end && he > hs) {
                f[2] = hs;
                f[3] = he;
                // TAG: alphanumerics up to '[', ':' or space (RFC 3164 4.1.3)
                int ts = he + 1;
                int te = ts;
                while (te < end && b[te] != '[' && b[te] != ':' && b[te] != ' ' && te - ts < 48) {
                    te++;
                }
                if (te > ts && te < end) {
                    f[4] = ts;
                    f[5] = te;
                }
            }
        }
    }

    /**
     * Writes into {@code key} the bytes of the text "format|host|app|facility" by which messages are
     * deduplicated (host and app as {@link WireText#latin1} makes them, "null" when absent), so a
     * repeated kind costs no String; returns its length. {@code f[6]} and {@code f[7]} receive the
     * ends of the host and app parts in the key.
     */
    static int kindKey(byte[] key, boolean rfc5424, byte[] b, int[] f, int appMax, int facility) {
        byte[] format = rfc5424 ? RFC5424_BAR : RFC3164_BAR;
        System.arraycopy(format, 0, key, 0, format.length);
        int k = format.length;
        k = f[2] < 0 ? putNull(key, k) : putLatin1(key, k, b, f[2], f[3] - f[2], 255);
        f[6] = k;
        key[k++] = '|';
        k = f[4] < 0 ? putNull(key, k) : putLatin1(key, k, b, f[4], f[5] - f[4], appMax);
        f[7] = k;
        key[k++] = '|';
        if (facility >= 10) {
            key[k++] = (byte) ('0' + facility / 10);
        }
        key[k++] = (byte) ('0' + facility % 10);
        return k;
    }

    private static int putNull(byte[] key, int k) {
        key[k] = 'n';
        key[k + 1] = 'u';
        key[k + 2] = 'l';
        key[k + 3] = 'l';
        return k + 4;
    }

    /** The bytes of {@code WireText.latin1(b, off, len, max)}: trailing NULs dropped, cut, controls replaced. */
    private static int putLatin1(byte[] key, int k, byte[] b, int off, int len, int max) {
        int n = len;
        while (n > 0 && b[off + n - 1] == 0) {
            n--;
        }
        n = Math.min(n, max);
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xFF;
            if ((c < 0x20 && c != '\t') || (c >= 0x7F && c < 0xA0)) {
                if (c == '\r' && i + 1 < n && b[off + i + 1] == '\n') {
                    continue; // CRLF: the LF adds the space
                }
                c = c == '\n' || c == '\r' ? ' ' : '?';
            }
            key[k++] = (byte) c;
        }
        return k;
    }

    /** Space-separated fields from {@code p}: {@code f[2i], f[2i+1]} = start, end of field i, after skipping {@code skip} ... */
    private static int fields(byte[] b, int p, int end, int[] f, int count) {
        int n = 0;
        while (n < count && p < end) {
            int s = p;
            while (p < end && b[p] != ' ') {
                p++;
            }
            if (n < f.length / 2) {
                f[2 * n] = s;
                f[2 * n + 1] = p;
            }
            n++;
            p++;
        }
        return n;
    }

    /** An RFC 5424 NILVALUE ("-") or an empty field. */
    private static boolean isNil(byte[] b, int s, int e) {
        return e <= s || (e - s == 1 && b[s] == '-');
    }

    /** "Mmm dd hh:mm:ss" (day space-padded). */
    private static boolean isBsdTimestamp(byte[] b, int p, int end) {
        if (end - p < 15) {
            return false;
        }
        return isMonth(b, p) && b[p + 3] == ' '
                && (b[p + 4] == ' ' || digit(b[p + 4])) && digit(b[p + 5]) && b[p + 6] == ' ' && digit(b[p + 7])
                && digit(b[p + 8]) && b[p + 9] == ':' && digit(b[p + 10]) && digit(b[p + 11]) && b[p + 12] == ':'
                && digit(b[p + 13]) && digit(b[p + 14]);
    }

    private static boolean isMonth(byte[] b, int p) {
        for (int m = 0; m < MONTHS.length; m += 3) {
            if (b[p] == MONTHS[m] && b[p + 1] == MONTHS[m + 1] && b[p + 2] == MONTHS[m + 2]) {
                return true;
            }
        }
        return false;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
