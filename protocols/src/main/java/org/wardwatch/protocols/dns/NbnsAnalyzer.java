package org.wardwatch.protocols.dns;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.netbios.NetbiosName;
import org.wardwatch.protocols.netbios.NetbiosNames;
import org.wardwatch.model.obs.netbios.NetbiosNameClaimed;
import org.wardwatch.model.obs.netbios.NetbiosNameQueried;
import org.wardwatch.model.obs.netbios.NetbiosNodeStatusSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * NetBIOS name service over UDP (RFC 1002 section 4.2): name queries and node status requests
 * ({@link NetbiosNameQueried}), registrations, refreshes, releases and positive query responses
 * ({@link NetbiosNameClaimed}), node status responses ({@link NetbiosNodeStatusSeen}: every name of a
 * Windows host and its adapter MAC).
 *
 * <p>Detection: port 137 is a hint; the probe accepts a DNS-shaped header with an NBNS opcode and a
 * first question whose first label is exactly 32 characters of the first-level encoding (RFC 1001
 * section 14.1: each half-byte as 'A' + value), of type NB (0x20) or NBSTAT (0x21).
 *
 * <p>Anomalies: {@code nbns_truncated}, {@code nbns_bad_name} (not 32 first-level encoded characters),
 * {@code nbns_bad_rdata}.
 *
 * <p>Known gaps: NetBIOS scope labels are dropped; WACK, redirect and conflict demands are only confirmed.
 */
public final class NbnsAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    private static final int TYPE_NB = 0x20, TYPE_NBSTAT = 0x21;
    private static final int MAX_NAMES = 64, MAX_ADDRESSES = 16;

    private boolean confirmed;

    @Override
    public void onDatagram(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        if (len < 12) {
            ctx.anomaly("nbns_truncated");
            notNbns(ctx);
            return;
        }
        int id = u16(d, off);
        int flags = u16(d, off + 2);
        boolean response = (flags & 0x8000) != 0;
        int opcode = (flags >>> 11) & 0xF;
        boolean broadcast = (flags & 0x0010) != 0;
        int qd = u16(d, off + 4);
        int an = u16(d, off + 6);
        int ar = u16(d, off + 10);
        int end = off + len;
        int pos = off + 12;
        NetbiosName qname = null;
        int qtype = 0;
        if (qd > 0) {
            int[] next = new int[1];
            qname = NetbiosNames.read(d, pos, end, next, false);
            if (qname == null || next[0] + 4 > end) {
                ctx.anomaly(qname == null ? "nbns_bad_name" : "nbns_truncated");
                notNbns(ctx);
                return;
            }
            qtype = u16(d, next[0]);
            pos = next[0] + 4;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        if (!response) {
            if (opcode == 0 && qname != null) {
                ctx.emit(new NetbiosNameQueried(ctx.ts(), ctx.flow(), id, qname, qtype == TYPE_NBSTAT, broadcast));
                return;
            }
            String op = operation(opcode);
            if (op != null && ar > 0) {
                // the additional record repeats the name with NB_FLAGS and NB_ADDRESS
                Rr rr = readRecord(d, pos, end, qname, ctx);
                if (rr != null && rr.type == TYPE_NB) {
                    ctx.emit(new NetbiosNameClaimed(ctx.ts(), ctx.flow(), id, op, withGroup(rr.name, rr.addressesGroup),
                            rr.addresses, rr.ttl));
                }
            }
            return;
        }
        if (opcode != 0 || (flags & 0xF) != 0 || an == 0) {
            return; // negative responses, WACK, registration responses: nothing new about a host
        }
        Rr rr = readRecord(d, pos, end, qname, ctx);
        if (rr == null) {
            return;
        }
        if (rr.type == TYPE_NB && !rr.addresses.isEmpty()) {
            ctx.emit(new NetbiosNameClaimed(ctx.ts(), ctx.flow(), id, "query_response", withGroup(rr.name, rr.addressesGroup),
                    rr.addresses, rr.ttl));
        } else if (rr.type == TYPE_NBSTAT) {
            nodeStatus(d, rr.rdata, rr.rdataEnd, id, ctx);
        }
    }

    private void nodeStatus(byte[] d, int p, int end, int id, AnalyzerContext ctx) {
        if (p >= end) {
            ctx.anomaly("nbns_bad_rdata");
            return;
        }
        int count = d[p] & 0xFF;
        p++;
        List<NetbiosName> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (p + 18 > end) {
                ctx.anomaly("nbns_bad_rdata");
                ctx.emit(new NetbiosNodeStatusSeen(ctx.ts(), ctx.flow(), id, names, null));
                return;
            }
            if (names.size() < MAX_NAMES) {
                names.add(new NetbiosName(NetbiosNames.text(d, p), d[p + 15] & 0xFF, (d[p + 16] & 0x80) != 0));
            }
            p += 18;
        }
        MacAddress unit = null;
        if (p + 6 <= end) {
            MacAddress m = MacAddress.of(d, p);
            unit = m.value() == 0 ? null : m;
        }
        ctx.emit(new NetbiosNodeStatusSeen(ctx.ts(), ctx.flow(), id, names, unit));
    }

    private void notNbns(AnalyzerContext ctx) {
        if (!confirmed) {
            ctx.violation("not a NetBIOS name service message");
        }
    }

    private static NetbiosName withGroup(NetbiosName n, boolean group) {
        return new NetbiosName(n.name(), n.suffix(), group);
    }

    private static String operation(int opcode) {
        return switch (opcode) {
            case 5 -> "registration";
            case 6 -> "release";
            case 8, 9 -> "refresh";
            case 15 -> "multihomed_registration";
            default -> null;
        };
    }

    private static final class Rr {
        NetbiosName name;
        int type;
        long ttl;
        int rdata;
        int rdataEnd;
        final List<IpAddress> addresses = new ArrayList<>();
        boolean addressesGroup;
    }

    private static Rr readRecord(byte[] d, int pos, int end, NetbiosName question, AnalyzerContext ctx) {
        Rr rr = new Rr();
        int[] next = new int[1];
        // answers usually repeat the name; a compression pointer (to the question) is also legal
        if (pos < end && (d[pos] & 0xC0) == 0xC0) {
            if (pos + 2 > end || question == null) {
                ctx.anomaly(question == null ? "nbns_bad_name" : "nbns_truncated");
                return null;
            }
            rr.name = question;
            next[0] = pos + 2;
        } else {
            rr.name = NetbiosNames.read(d, pos, end, next, false);
            if (rr.name == null) {
                ctx.anomaly("nbns_bad_name");
                return null;
            }
        }
        int p = next[0];
        if (p + 10 > end) {
            ctx.anomaly("nbns_truncated");
            return null;
        }
        rr.type = u16(d, p);
        rr.ttl = ((long) u16(d, p + 4) << 16) | u16(d, p + 6);
        int rdlen = u16(d, p + 8);
        rr.rdata = p + 10;
        rr.rdataEnd = rr.rdata + rdlen;
        if (rr.rdataEnd > end) {
            ctx.anomaly("nbns_truncated");
            rr.rdataEnd = end;
        }
        if (rr.type == TYPE_NB) {
            for (int q = rr.rdata; q + 6 <= rr.rdataEnd && rr.addresses.size() < MAX_ADDRESSES; q += 6) {
                if (q == rr.rdata) {
                    rr.addressesGroup = (d[q] & 0x80) != 0;
                }
                rr.addresses.add(IpAddress.of(d, q + 2, 4));
            }
        }
        return rr;
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    /** NBNS header with a name service opcode and a first-level encoded first question of type NB or NBSTAT. */
    public static boolean looksLikeNbns(byte[] d, int off, int len) {
        if (len < 12 + 34 + 4) {
            return false;
        }
        int flags = u16(d, off + 2);
        int opcode = (flags >>> 11) & 0xF;
        if (!(opcode == 0 || opcode == 5 || opcode == 6 || opcode == 7 || opcode == 8 || opcode == 9 || opcode == 15)) {
            return false;
        }
        if (u16(d, off + 4) != 1 || (d[off + 12] & 0xFF) != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            int c = d[off + 13 + i] & 0xFF;
            if (c < 'A' || c > 'P') {
                return false;
            }
        }
        int p = off + 45;
        int end = off + len;
        while (p < end && (d[p] & 0xFF) != 0) {
            int l = d[p] & 0xFF;
            if ((l & 0xC0) != 0) {
                return false;
            }
            p += 1 + l;
        }
        if (p + 5 > end) {
            return false;
        }
        int type = u16(d, p + 1);
        return (type == TYPE_NB || type == TYPE_NBSTAT) && u16(d, p + 3) == 1;
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "nbns";
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public int[] portHints() {
            return new int[] {137};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeNbns(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new NbnsAnalyzer();
        }
    }
}
