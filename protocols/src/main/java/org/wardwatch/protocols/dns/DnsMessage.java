package org.wardwatch.protocols.dns;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.dns.DnsQuestion;
import org.wardwatch.model.obs.dns.DnsRecord;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * A parsed DNS-format message (RFC 1035 section 4; the same layout carries mDNS, RFC 6762, and LLMNR,
 * RFC 4795). Parsing is bounded: at most {@value #MAX_QUESTIONS} questions and {@value #MAX_RECORDS}
 * resource records are kept; counts, lengths and compression pointers from the wire are checked.
 * Malformed parts are reported as anomalies {@code <prefix>_<what>} and end the parse with what was
 * read so far ({@link #truncated} set).
 *
 * <p>Anomalies: {@code _truncated_header}, {@code _truncated_question}, {@code _truncated_record},
 * {@code _rdata_length_mismatch}, {@code _name_truncated}, {@code _name_bad_pointer},
 * {@code _name_bad_label_type}, {@code _name_too_many_pointers}, {@code _name_too_long},
 * {@code _question_cap}, {@code _record_cap}.
 */
public final class DnsMessage {
    public static final int MAX_QUESTIONS = 16;
    public static final int MAX_RECORDS = 64;
    public static final int MAX_TXT_STRINGS = 32;
    public static final int TYPE_A = 1, TYPE_NS = 2, TYPE_CNAME = 5, TYPE_PTR = 12, TYPE_MX = 15, TYPE_TXT = 16,
            TYPE_AAAA = 28, TYPE_SRV = 33, TYPE_DNAME = 39, TYPE_OPT = 41;

    /** A resource record with the parts the analyzers use. */
    public record Rr(String section, String name, int type, int rclass, long ttl, String target, int port,
                     IpAddress address, List<String> txt, String data) {
        public DnsRecord toRecord() {
            return new DnsRecord(section, name, type, ttl, data);
        }
    }

    public int id;
    public int flags;
    public boolean response;
    public int opcode;
    public boolean authoritative;
    public int rcode;
    public int qdCount, anCount, nsCount, arCount;
    public final List<DnsQuestion> questions = new ArrayList<>();
    public final List<Rr> records = new ArrayList<>();
    public boolean truncated;

    private DnsMessage() {
    }

    /** Parses {@code d[off, off+len)}; null when even the 12-byte header is not there (anomaly counted). */
    public static DnsMessage parse(byte[] d, int off, int len, AnalyzerContext ctx, String prefix) {
        if (len < 12) {
            ctx.anomaly(prefix + "_truncated_header");
            return null;
        }
        DnsMessage m = new DnsMessage();
        m.id = u16(d, off);
        m.flags = u16(d, off + 2);
        m.response = (m.flags & 0x8000) != 0;
        m.opcode = (m.flags >>> 11) & 0xF;
        m.authoritative = (m.flags & 0x0400) != 0;
        m.rcode = m.flags & 0xF;
        m.qdCount = u16(d, off + 4);
        m.anCount = u16(d, off + 6);
        m.nsCount = u16(d, off + 8);
        m.arCount = u16(d, off + 10);
        int end = off + len;
        int pos = off + 12;
        StringBuilder name = new StringBuilder(64);
        for (int i = 0; i < m.qdCount; i++) {
            if (i == MAX_QUESTIONS) {
                ctx.anomaly(prefix + "_question_cap");
                m.truncated = true;
                return m;
            }
            int next = DnsNames.read(d, off, len, pos, name, true);
            if (next < 0) {
                ctx.anomaly(prefix + "_" + DnsNames.errorName(next));
                m.truncated = true;
                return m;
            }
            if (next + 4 > end) {
                ctx.anomaly(prefix + "_truncated_question");
                m.truncated = true;
                return m;
            }
            int qclass = u16(d, next + 2);
            m.questions.add(new DnsQuestion(name.toString(), u16(d, next), (qclass & 0x8000) != 0));
            pos = next + 4;
        }
        int[] counts = {m.anCount, m.nsCount, m.arCount};
        String[] sections = {"answer", "authority", "additional"};
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < counts[s]; i++) {
                if (m.records.size() == MAX_RECORDS) {
                    ctx.anomaly(prefix + "_record_cap");
                    m.truncated = true;
                    return m;
                }
                pos = readRecord(d, off, len, pos, sections[s], m, name, ctx, prefix);
                if (pos < 0) {
                    m.truncated = true;
                    return m;
                }
            }
        }
        return m;
    }

    private static int readRecord(byte[] d, int off, int len, int pos, String section, DnsMessage m, StringBuilder name,
                                  AnalyzerContext ctx, String prefix) {
        int end = off + len;
        int next = DnsNames.read(d, off, len, pos, name, true);
        if (next < 0) {
            ctx.anomaly(prefix + "_" + DnsNames.errorName(next));
            return -1;
        }
        if (next + 10 > end) {
            ctx.anomaly(prefix + "_truncated_record");
            return -1;
        }
        String owner = name.toString();
        int type = u16(d, next);
        int rclass = u16(d, next + 2);
        long ttl = u32(d, next + 4);
        int rdlen = u16(d, next + 8);
        int rdata = next + 10;
        if (rdata + rdlen > end) {
            ctx.anomaly(prefix + "_truncated_record");
            return -1;
        }
        int rdEnd = rdata + rdlen;
        String target = null;
        int port = -1;
        IpAddress address = null;
        List<String> txt = null;
        String data = null;
        boolean bad = false;
        switch (type) {
            case TYPE_A, TYPE_AAAA -> {
                int want = type == TYPE_A ? 4 : 16;
                if (rdlen == want) {
                    address = IpAddress.of(d, rdata, want);
                    data = address.toString();
                } else {
                    bad = true;
                }
            }
            case TYPE_NS, TYPE_CNAME, TYPE_PTR, TYPE_DNAME -> {
                int e = DnsNames.read(d, off, len, rdata, name, true);
                if (e < 0 || e > rdEnd) {
                    bad = true;
                } else {
                    target = name.toString();
                    data = target;
                }
            }
            case TYPE_MX -> {
                int e = rdlen >= 3 ? DnsNames.read(d, off, len, rdata + 2, name, true) : -1;
                if (e < 0 || e > rdEnd) {
                    bad = true;
                } else {
                    target = name.toString();
                    data = u16(d, rdata) + " " + target;
                }
            }
            case TYPE_SRV -> {
                int e = rdlen >= 7 ? DnsNames.read(d, off, len, rdata + 6, name, true) : -1;
                if (e < 0 || e > rdEnd) {
                    bad = true;
                } else {
                    target = name.toString();
                    port = u16(d, rdata + 4);
                    data = u16(d, rdata) + " " + u16(d, rdata + 2) + " " + port + " " + target;
                }
            }
            case TYPE_TXT -> {
                txt = new ArrayList<>();
                int p = rdata;
                while (p < rdEnd) {
                    int l = d[p] & 0xFF;
                    if (p + 1 + l > rdEnd) {
                        bad = true;
                        break;
                    }
                    if (txt.size() < MAX_TXT_STRINGS) {
                        txt.add(escaped(d, p + 1, l));
                    }
                    p += 1 + l;
                }
                data = String.join(", ", txt);
            }
            default -> {
                // other types are kept without data
            }
        }
        if (bad) {
            ctx.anomaly(prefix + "_rdata_length_mismatch");
        }
        if (type != TYPE_OPT) {
            m.records.add(new Rr(section, owner, type, rclass, ttl, target, port, address,
                    txt == null ? List.of() : List.copyOf(txt), data));
        }
        return rdEnd;
    }

    /** Bytes as text the way {@link DnsNames#appendText} writes labels. */
    static String escaped(byte[] d, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        DnsNames.appendText(sb, d, off, len, Integer.MAX_VALUE);
        return sb.toString();
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static long u32(byte[] b, int o) {
        return ((long) u16(b, o) << 16) | u16(b, o + 2);
    }
}
