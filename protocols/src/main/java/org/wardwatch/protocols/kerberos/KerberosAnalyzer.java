package org.wardwatch.protocols.kerberos;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.obs.kerberos.KerberosRequestSeen;
import org.wardwatch.model.obs.kerberos.KerberosResponseSeen;
import org.wardwatch.protocols.asn1.BerReader;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * Kerberos v5 analyzer (RFC 4120 section 5): AS-REQ/TGS-REQ (5.4.1), AS-REP/TGS-REP (5.4.2) and
 * KRB-ERROR (5.9.1), over UDP (one message per datagram) and TCP (7.2.2: 4-byte big-endian length
 * before each message, high bit reserved). Keeps realms, principal names and requested encryption types;
 * never keys, tickets' encrypted parts or pre-authentication data.
 *
 * <p>Known gaps: AP-REQ/KRB-PRIV/KRB-SAFE/KRB-CRED (application 14, 21, 22) are recognised and counted
 * but not reported; FAST-armored requests show only their outer fields; PA-FOR-USER (S4U) names are not read.
 */
final class KerberosAnalyzer implements Analyzer {
    static final int MAX_MESSAGE = 60 * 1024;
    private static final int MAX_MESSAGES = 64;
    private static final int MAX_NAME_PARTS = 8;
    private static final int MAX_ETYPES = 32;

    private final boolean tcp;
    private final long[] skip = new long[2];
    private final boolean[] lost = new boolean[2];
    private final boolean[] checked = new boolean[2];
    private boolean confirmed;
    private int messages;

    KerberosAnalyzer(boolean tcp) {
        this.tcp = tcp;
    }

    /** [APPLICATION 10..13 or 30] SEQUENCE with pvno 5 as its first component. */
    static boolean looksLikeKerberos(byte[] b, int off, int len) {
        if (len < 12) {
            return false;
        }
        int app = b[off] & 0xFF;
        if (app != 0x6a && app != 0x6b && app != 0x6c && app != 0x6d && app != 0x7e) {
            return false;
        }
        int p = off + 1;
        int end = off + len;
        p = skipLength(b, p, end);
        if (p < 0 || p >= end || b[p] != 0x30) {
            return false;
        }
        p = skipLength(b, p + 1, end);
        // KDC-REQ starts with pvno [1], KDC-REP and KRB-ERROR with pvno [0]
        int pvnoTag = app == 0x6a || app == 0x6c ? 0xa1 : 0xa0;
        return p >= 0 && p + 5 <= end && (b[p] & 0xFF) == pvnoTag && b[p + 1] == 3 && b[p + 2] == 2
                && b[p + 3] == 1 && b[p + 4] == 5;
    }

    private static int skipLength(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int l = b[p] & 0xFF;
        if (l < 0x80) {
            return p + 1;
        }
        int n = l & 0x7F;
        return n == 0 || n > 4 ? -1 : p + 1 + n;
    }

    @Override
    public void onDatagram(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        message(data, offset, length, ctx);
    }

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        int dir = fromClient ? 0 : 1;
        int p = offset;
        int end = offset + length;
        while (p < end) {
            if (skip[dir] > 0) {
                int n = (int) Math.min(skip[dir], end - p);
                skip[dir] -= n;
                p += n;
                continue;
            }
            if (end - p < 4) {
                break;
            }
            long mark = ((long) (data[p] & 0xFF) << 24) | ((data[p + 1] & 0xFF) << 16) | ((data[p + 2] & 0xFF) << 8)
                    | (data[p + 3] & 0xFF);
            if (!checked[dir] && !lost[dir] && (mark & 0x8000_0000L) == 0 && end - p - 4 < Math.min(mark, 16)) {
                break; // too few bytes yet to judge the first message of this direction
            }
            boolean plausible = checked[dir] || ((mark & 0x8000_0000L) == 0
                    && looksLikeKerberos(data, p + 4, (int) Math.min(end - p - 4, mark)));
            checked[dir] = true;
            if (!plausible && !confirmed && !lost[dir]) {
                // a capture that starts inside a message: give up on this direction, keep the other
                ctx.anomaly("kerberos_midstream");
                lost[dir] = true;
                if (lost[1 - dir]) {
                    ctx.violation("kerberos_midstream");
                }
                return length;
            }
            if (lost[dir]) {
                return length;
            }
            if ((mark & 0x8000_0000L) != 0) {
                ctx.anomaly("kerberos_tcp_reserved_bit");
                if (!confirmed) {
                    ctx.violation("kerberos_tcp_reserved_bit");
                } else {
                    ctx.done();
                }
                return length;
            }
            if (mark > MAX_MESSAGE) {
                ctx.anomaly("kerberos_message_over_cap");
                skip[dir] = 4 + mark;
                continue;
            }
            if (end - p - 4 < mark) {
                break;
            }
            message(data, p + 4, (int) mark, ctx);
            p += 4 + (int) mark;
        }
        return p - offset;
    }

    private void message(byte[] b, int off, int len, AnalyzerContext ctx) {
        if (++messages > MAX_MESSAGES) {
            ctx.done();
            return;
        }
        BerReader top = new BerReader(b, off, len);
        if (!top.next()) {
            malformed(ctx, "kerberos_malformed");
            return;
        }
        int app = top.tag();
        BerReader seq = top.enter();
        if (seq == null || !seq.next(0x30)) {
            malformed(ctx, "kerberos_malformed");
            return;
        }
        BerReader fields = seq.enter();
        boolean ok = switch (app) {
            case 0x6a, 0x6c -> request(app == 0x6a ? "as_req" : "tgs_req", fields, ctx);
            case 0x6b, 0x6d -> reply(app == 0x6b ? "as_rep" : "tgs_rep", fields, ctx);
            case 0x7e -> error(fields, ctx);
            case 0x6e, 0x6f, 0x74, 0x75, 0x76 -> pvnoOnly(fields);
            default -> false;
        };
        if (!ok) {
            malformed(ctx, "kerberos_malformed");
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    private void malformed(AnalyzerContext ctx, String anomaly) {
        ctx.anomaly(anomaly);
        if (!confirmed) {
            ctx.violation(anomaly);
        }
    }

    private static boolean pvnoOnly(BerReader fields) {
        BerReader f;
        return fields != null && fields.next(0xa0) && (f = fields.enter()) != null && f.next(0x02) && f.intValue(0) == 5;
    }

    /** KDC-REQ: pvno [1], msg-type [2], padata [3] OPTIONAL, req-body [4] KDC-REQ-BODY. */
    private static boolean request(String type, BerReader fields, AnalyzerContext ctx) {
        if (fields == null) {
            return false;
        }
        boolean pvno5 = false;
        String realm = null, cname = null, sname = null;
        List<Integer> etypes = new ArrayList<>();
        boolean body = false;
        while (fields.next()) {
            BerReader inner = fields.enter();
            if (inner == null) {
                return false;
            }
            if (fields.tag() == 0xa1) {
                pvno5 = inner.next(0x02) && inner.intValue(0) == 5;
            } else if (fields.tag() == 0xa4 && inner.next(0x30)) {
                body = true;
                BerReader rb = inner.enter();
                while (rb != null && rb.next()) {
                    BerReader v = rb.enter();
                    if (v == null) {
                        break;
                    }
                    switch (rb.tag()) {
                        case 0xa1 -> cname = principal(v);
                        case 0xa2 -> realm = string(v);
                        case 0xa3 -> sname = principal(v);
                        case 0xa8 -> {
                            if (v.next(0x30)) {
                                BerReader list = v.enter();
                                while (list != null && list.next(0x02) && etypes.size() < MAX_ETYPES) {
                                    etypes.add(list.intValue(-1));
                                }
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        if (!pvno5 || !body) {
            return false;
        }
        ctx.emit(new KerberosRequestSeen(ctx.ts(), ctx.flow(), type, realm, cname, sname, etypes));
        return true;
    }

    /** KDC-REP: pvno [0], msg-type [1], padata [2], crealm [3], cname [4], ticket [5] Ticket, enc-part [6]. */
    private static boolean reply(String type, BerReader fields, AnalyzerContext ctx) {
        if (fields == null) {
            return false;
        }
        boolean pvno5 = false;
        String crealm = null, cname = null, sname = null;
        while (fields.next()) {
            BerReader inner = fields.enter();
            if (inner == null) {
                return false;
            }
            switch (fields.tag()) {
                case 0xa0 -> pvno5 = inner.next(0x02) && inner.intValue(0) == 5;
                case 0xa3 -> crealm = string(inner);
                case 0xa4 -> cname = principal(inner);
                case 0xa5 -> {
                    // Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1], sname [2], enc-part [3] }
                    BerReader t;
                    BerReader ts;
                    if (inner.next(0x61) && (t = inner.enter()) != null && t.next(0x30) && (ts = t.enter()) != null) {
                        while (ts.next()) {
                            if (ts.tag() == 0xa2) {
                                BerReader v = ts.enter();
                                sname = v == null ? null : principal(v);
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (!pvno5) {
            return false;
        }
        ctx.emit(new KerberosResponseSeen(ctx.ts(), ctx.flow(), type, crealm, cname, sname, null));
        return true;
    }

    /** KRB-ERROR: pvno [0], msg-type [1], ..., error-code [6], crealm [7], cname [8], realm [9], sname [10]. */
    private static boolean error(BerReader fields, AnalyzerContext ctx) {
        if (fields == null) {
            return false;
        }
        boolean pvno5 = false;
        Integer code = null;
        String realm = null, cname = null, sname = null;
        while (fields.next()) {
            BerReader inner = fields.enter();
            if (inner == null) {
                return false;
            }
            switch (fields.tag()) {
                case 0xa0 -> pvno5 = inner.next(0x02) && inner.intValue(0) == 5;
                case 0xa6 -> code = inner.next(0x02) ? inner.intValue(-1) : null;
                case 0xa8 -> cname = principal(inner);
                case 0xa9 -> realm = string(inner);
                case 0xaa -> sname = principal(inner);
                default -> {
                }
            }
        }
        if (!pvno5) {
            return false;
        }
        ctx.emit(new KerberosResponseSeen(ctx.ts(), ctx.flow(), "krb_error", realm, cname, sname, code));
        return true;
    }

    /** Realm / KerberosString: a GeneralString (0x1b). */
    private static String string(BerReader v) {
        return v.next(0x1b) ? v.stringValue(256) : null;
    }

    /** PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString }. */
    private static String principal(BerReader v) {
        if (!v.next(0x30)) {
            return null;
        }
        BerReader pn = v.enter();
        while (pn != null && pn.next()) {
            if (pn.tag() == 0xa1) {
                BerReader s = pn.enter();
                if (s == null || !s.next(0x30)) {
                    return null;
                }
                BerReader parts = s.enter();
                StringBuilder sb = new StringBuilder();
                int n = 0;
                while (parts != null && parts.next(0x1b) && n++ < MAX_NAME_PARTS) {
                    if (sb.length() > 0) {
                        sb.append('/');
                    }
                    sb.append(parts.stringValue(256));
                }
                return sb.length() == 0 ? null : sb.toString();
            }
        }
        return null;
    }
}
