package org.wardwatch.protocols.ntp;

import org.wardwatch.model.obs.ntp.NtpMessageSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * NTP analyzer (RFC 5905 7.3 packet header; modes 6 and 7 recognised by their first byte only).
 * Reports, once per distinct (direction, version, mode, stratum, reference id) per flow, what a peer
 * says of itself: its mode and its place in the time hierarchy. Timestamps are not kept.
 *
 * <p>Known gaps: extension fields and MACs are not inspected; NTS (RFC 8915) is not recognised.
 */
final class NtpAnalyzer implements Analyzer {
    private static final int MAX_KINDS = 16;
    private static final String[] MODES = {"reserved", "symmetric_active", "symmetric_passive", "client", "server",
        "broadcast", "control", "private"};

    /** Reference id classes in a kind key (see {@link #kindKey}). */
    private static final long REF_NULL = 0, REF_TEXT = 1, REF_HEX = 2, REF_IPV4 = 3;
    /** "null" in ASCII: the reference id text that the text form of a key cannot tell from no id. */
    private static final int NULL_TEXT = 0x6E756C6C;

    /** Kinds already reported, as {@link #kindKey} values (no text made for a repeated kind). */
    private long[] kinds = new long[2]; // grows to MAX_KINDS: most flows have a client and a server kind
    private int kindCount;
    private boolean confirmed;

    @Override
    public void onDatagram(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        if (length < 1) {
            bad(ctx, "ntp_truncated");
            return;
        }
        int vn = (data[offset] >>> 3) & 7;
        int mode = data[offset] & 7;
        if (vn < 1 || vn > 4) {
            bad(ctx, "ntp_bad_version");
            return;
        }
        int stratum = -1; // none for control and private messages
        if (mode == 6 || mode == 7) {
            if (length < 8) {
                bad(ctx, "ntp_truncated");
                return;
            }
        } else {
            if (length < 48) {
                bad(ctx, "ntp_truncated");
                return;
            }
            if (mode == 0) {
                bad(ctx, "ntp_reserved_mode");
                return;
            }
            stratum = data[offset + 1] & 0xFF;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        long key = kindKey(fromClient, vn, mode, stratum, data, offset + 12);
        if (kindCount < MAX_KINDS && addKind(key)) {
            emit(fromClient, vn, mode, stratum, data, offset + 12, ctx);
        }
    }

    private boolean addKind(long key) {
        for (int i = 0; i < kindCount; i++) {
            if (kinds[i] == key) {
                return false;
            }
        }
        if (kindCount == kinds.length) {
            kinds = java.util.Arrays.copyOf(kinds, Math.min(2 * kindCount, MAX_KINDS));
        }
        kinds[kindCount++] = key;
        return true;
    }

    private static void emit(boolean fromClient, int vn, int mode, int stratum, byte[] data, int refAt, AnalyzerContext ctx) {
        Integer s = stratum < 0 ? null : stratum;
        String refId = stratum < 0 ? null : referenceId(stratum, data, refAt);
        ctx.emit(new NtpMessageSeen(ctx.ts(), ctx.flow(), fromClient, vn, MODES[mode], s, refId));
    }

    /**
     * A number equal for two messages exactly when the text key "direction|version|mode|stratum|referenceId"
     * is (the key the observations were first deduplicated by): the reference id is kept as its class
     * and four bytes, the text class with the bytes after its first NUL cleared (they are not shown),
     * and "null" text merged with no id, as their text keys were the same.
     */
    static long kindKey(boolean fromClient, int vn, int mode, int stratum, byte[] b, int at) {
        long ref = 0;
        long refClass = REF_NULL;
        if (stratum >= 0) {
            int raw = (int) WireText.u32(b, at);
            if (raw == 0) {
                refClass = REF_NULL;
            } else if (stratum > 1) {
                refClass = REF_IPV4;
                ref = raw & 0xFFFF_FFFFL;
            } else {
                int n = 0;
                while (n < 4 && b[at + n] != 0) {
                    n++;
                }
                boolean printable = true;
                for (int i = 0; i < n; i++) {
                    int c = b[at + i] & 0xFF;
                    printable &= c >= 0x20 && c <= 0x7E;
                }
                if (!printable) {
                    refClass = REF_HEX;
                    ref = raw & 0xFFFF_FFFFL;
                } else {
                    int text = n == 0 ? 0 : raw & (int) (0xFFFF_FFFFL << (32 - 8 * n));
                    if (text != NULL_TEXT) {
                        refClass = REF_TEXT;
                        ref = text & 0xFFFF_FFFFL;
                    }
                }
            }
        }
        return ref | refClass << 32 | (long) (stratum + 1) << 34 | (long) mode << 43 | (long) vn << 46
                | (fromClient ? 1L << 49 : 0);
    }

    private void bad(AnalyzerContext ctx, String anomaly) {
        ctx.anomaly(anomaly);
        if (!confirmed) {
            ctx.violation(anomaly);
        }
    }

    /**
     * RFC 5905 7.3: for stratum 0 a kiss code and stratum 1 a reference source, both four ASCII
     * characters padded with NULs; above, the server's IPv4 address (or the first octets of the MD5 of
     * its IPv6 address, indistinguishable on the wire). Null for an all-zero field.
     */
    static String referenceId(int stratum, byte[] b, int at) {
        if (b[at] == 0 && b[at + 1] == 0 && b[at + 2] == 0 && b[at + 3] == 0) {
            return null;
        }
        if (stratum <= 1) {
            int n = 0;
            while (n < 4 && b[at + n] != 0) {
                n++;
            }
            for (int i = 0; i < n; i++) {
                int c = b[at + i] & 0xFF;
                if (c < 0x20 || c > 0x7E) {
                    return WireText.hex(b, at, 4);
                }
            }
            return WireText.latin1(b, at, n, 4);
        }
        return WireText.ipv4(b, at);
    }
}
