package org.wardwatch.protocols.rdp;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.obs.rdp.RdpNegotiationRequested;
import org.wardwatch.model.obs.rdp.RdpNegotiationResponded;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * RDP connection initiation (MS-RDPBCGR 2.2.1.1 and 2.2.1.2): the X.224 Connection Request in a
 * TPKT (RFC 1006) with its optional cookie or routing token and RDP_NEG_REQ →
 * {@link RdpNegotiationRequested}; the Connection Confirm with RDP_NEG_RSP or RDP_NEG_FAILURE →
 * {@link RdpNegotiationResponded}. The cookie's user name is never kept, only its presence. After
 * the confirm the connection switches to TLS/CredSSP or MCS and the analyzer stops (the TLS
 * analyzer's probe picks up the ClientHello that follows).
 *
 * <p>Detection: TPKT version 3 with an X.224 CR (0xE0) whose variable part is empty, a cookie line or
 * an 8-byte RDP_NEG_REQ; or a CC (0xD0) with an empty variable part or an 8-byte RDP_NEG_RSP/FAILURE.
 * This keeps ISO transport connections of S7comm and MMS (which carry TSAP parameters) out.
 *
 * <p>Anomalies: {@code rdp_tpkt_malformed}, {@code rdp_x224_malformed}, {@code rdp_negotiation_malformed}.
 */
public final class RdpAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    private static final int CR = 0xE0, CC = 0xD0;

    private boolean confirmed;
    private boolean requestSeen;

    @Override
    public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        if (len < 4) {
            return 0;
        }
        if ((d[off] & 0xFF) != 3 || d[off + 1] != 0) {
            ctx.anomaly("rdp_tpkt_malformed");
            stop(ctx, "not a TPKT");
            return len;
        }
        int tpktLen = ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
        if (tpktLen < 11) {
            ctx.anomaly("rdp_tpkt_malformed");
            stop(ctx, "TPKT too short for X.224");
            return len;
        }
        if (len < tpktLen) {
            return 0;
        }
        int li = d[off + 4] & 0xFF;
        int code = d[off + 5] & 0xF0;
        if (li + 5 != tpktLen || li < 6) {
            ctx.anomaly("rdp_x224_malformed");
            stop(ctx, "X.224 length does not match the TPKT");
            return len;
        }
        int var = off + 11;
        int end = off + tpktLen;
        if (fromClient && code == CR && !requestSeen) {
            request(d, var, end, ctx);
            requestSeen = true;
            return tpktLen;
        }
        if (!fromClient && code == CC) {
            response(d, var, end, ctx);
            ctx.done();
            return len;
        }
        stop(ctx, "not an RDP connection sequence");
        return len;
    }

    private void request(byte[] d, int p, int end, AnalyzerContext ctx) {
        boolean cookie = false;
        boolean token = false;
        if (Ascii.startsWith(d, p, end - p, "Cookie: ")) {
            token = Ascii.startsWith(d, p, end - p, "Cookie: msts=");
            cookie = Ascii.startsWith(d, p, end - p, "Cookie: mstshash=");
            int lf = Ascii.indexOfLf(d, p, end - p);
            p = lf < 0 ? end : lf + 1; // the cookie ends with CR LF (MS-RDPBCGR 2.2.1.1)
        }
        List<String> protocols = null;
        Integer mask = null;
        Integer flags = null;
        if (end - p >= 8 && (d[p] & 0xFF) == 0x01) {
            int length = (d[p + 2] & 0xFF) | ((d[p + 3] & 0xFF) << 8);
            if (length != 8) {
                ctx.anomaly("rdp_negotiation_malformed");
            }
            flags = d[p + 1] & 0xFF;
            mask = le32(d, p + 4);
            protocols = protocolNames(mask);
        } else if (end - p > 0) {
            ctx.anomaly("rdp_negotiation_malformed");
        }
        confirmOnce(ctx);
        ctx.emit(new RdpNegotiationRequested(ctx.ts(), ctx.flow(), cookie, token, protocols, mask, flags));
    }

    private void response(byte[] d, int p, int end, AnalyzerContext ctx) {
        confirmOnce(ctx);
        if (end - p < 8) {
            // no negotiation response: the server speaks standard RDP security
            ctx.emit(new RdpNegotiationResponded(ctx.ts(), ctx.flow(), end == p ? "rdp" : null, end == p ? 0 : null, null, null));
            return;
        }
        int type = d[p] & 0xFF;
        int flags = d[p + 1] & 0xFF;
        int value = le32(d, p + 4);
        if (type == 0x02) {
            ctx.emit(new RdpNegotiationResponded(ctx.ts(), ctx.flow(), protocolName(value), value, null, flags));
        } else if (type == 0x03) {
            // RDP_NEG_FAILURE (2.2.1.2.2) has a flags byte with no flags defined: only RDP_NEG_RSP's are reported
            ctx.emit(new RdpNegotiationResponded(ctx.ts(), ctx.flow(), null, null, value, null));
        } else {
            ctx.anomaly("rdp_negotiation_malformed");
        }
    }

    /** Names of the requestedProtocols bits (MS-RDPBCGR 2.2.1.1.1). */
    static List<String> protocolNames(int mask) {
        List<String> out = new ArrayList<>(4);
        String[] names = {"ssl", "hybrid", "rdstls", "hybrid_ex", "rdsaad"};
        for (int i = 0; i < names.length; i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(names[i]);
            }
        }
        return out;
    }

    static String protocolName(int selected) {
        return switch (selected) {
            case 0 -> "rdp";
            case 1 -> "ssl";
            case 2 -> "hybrid";
            case 4 -> "rdstls";
            case 8 -> "hybrid_ex";
            case 16 -> "rdsaad";
            default -> "unknown_" + selected;
        };
    }

    private void confirmOnce(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    private void stop(AnalyzerContext ctx, String why) {
        if (!confirmed) {
            ctx.violation(why);
        } else {
            ctx.done();
        }
    }

    static int le32(byte[] d, int p) {
        return (d[p] & 0xFF) | ((d[p + 1] & 0xFF) << 8) | ((d[p + 2] & 0xFF) << 16) | ((d[p + 3] & 0xFF) << 24);
    }

    /** TPKT + X.224 CR or CC with an RDP-shaped variable part (see the class comment). */
    public static boolean looksLikeRdp(boolean fromClient, byte[] d, int off, int len) {
        if (len < 11 || (d[off] & 0xFF) != 3 || d[off + 1] != 0) {
            return false;
        }
        int tpktLen = ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
        int li = d[off + 4] & 0xFF;
        int code = d[off + 5] & 0xFF;
        if (tpktLen < 11 || li + 5 != tpktLen || d[off + 6] != 0 || d[off + 7] != 0) {
            return false; // RDP's DST-REF is zero
        }
        int var = off + 11;
        int varLen = tpktLen - 11;
        if (fromClient && code == CR) {
            if (varLen == 0) {
                return true;
            }
            if (len < var - off + Math.min(varLen, 8)) {
                return false;
            }
            if (Ascii.startsWith(d, var, Math.min(varLen, len - 11), "Cookie: ")) {
                return true;
            }
            return varLen == 8 && len >= tpktLen && (d[var] & 0xFF) == 0x01 && (d[var + 2] & 0xFF) == 8 && d[var + 3] == 0;
        }
        if (!fromClient && code == CC) {
            return varLen == 0 || (varLen == 8 && len >= tpktLen && ((d[var] & 0xFF) == 0x02 || (d[var] & 0xFF) == 0x03)
                    && (d[var + 2] & 0xFF) == 8 && d[var + 3] == 0);
        }
        return false;
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "rdp";
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public int[] portHints() {
            return new int[] {3389};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeRdp(fromClient, data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new RdpAnalyzer();
        }
    }
}
