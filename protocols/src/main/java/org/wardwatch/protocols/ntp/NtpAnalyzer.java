package org.wardwatch.protocols.ntp;

import java.util.HashSet;
import java.util.Set;
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

    private final Set<String> kinds = new HashSet<>();
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
        Integer stratum = null;
        String refId = null;
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
            refId = referenceId(stratum, data, offset + 12);
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        String key = fromClient + "|" + vn + "|" + mode + "|" + stratum + "|" + refId;
        if (kinds.size() < MAX_KINDS && kinds.add(key)) {
            ctx.emit(new NtpMessageSeen(ctx.ts(), ctx.flow(), fromClient, vn, MODES[mode], stratum, refId));
        }
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
