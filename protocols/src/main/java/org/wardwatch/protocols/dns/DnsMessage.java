package org.wardwatch.protocols.dns;

import java.util.Arrays;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.dns.DnsQuestion;
import org.wardwatch.model.obs.dns.DnsRecord;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * A parser of DNS-format messages (RFC 1035 section 4; the same layout carries mDNS, RFC 6762, and
 * LLMNR, RFC 4795), reused from message to message: after {@link #parse} its fields describe the last
 * message. Parsing is bounded: at most {@value #MAX_QUESTIONS} questions and {@value #MAX_RECORDS}
 * resource records are kept; counts, lengths and compression pointers from the wire are checked.
 * Malformed parts are reported as anomalies {@code <prefix>_<what>} and end the parse with what was
 * read so far ({@link #truncated} set).
 *
 * <p>Cost: only what an observation carries is made. Questions always become {@link DnsQuestion}s;
 * the records of a query are only checked (same anomalies, no text); those of a response become
 * {@link DnsRecord}s, with the targets, ports, addresses and TXT strings DNS-SD needs only on request.
 * Text is written as bytes into one {@link DnsText} and becomes one String per value; a name that is
 * only a pointer to a name already read (the usual owner of an answer) reuses that name's String.
 * Lists are handed out immutable, so the observations that copy them keep them as they are.
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
    private static final String[] SECTIONS = {"answer", "authority", "additional"};
    /** Names remembered per message by wire position, for owners that point at them. */
    private static final int NAME_CACHE = 16;

    public int id;
    public int flags;
    public boolean response;
    public int opcode;
    public boolean authoritative;
    public int rcode;
    public int qdCount, anCount, nsCount, arCount;
    /** Questions read. */
    public int questionCount;
    /** Records read (OPT excluded), also those of a query that were only checked. */
    public int recordCount;
    private final DnsQuestion[] questionArray = new DnsQuestion[MAX_QUESTIONS];
    private final DnsRecord[] recordArray = new DnsRecord[MAX_RECORDS];
    public boolean truncated;

    /** The questions, as an immutable list (observations keep it without a copy). */
    public List<DnsQuestion> questions() {
        return immutable(questionArray, questionCount);
    }

    /** The records of a response, OPT excluded, as an immutable list; empty for a query. */
    public List<DnsRecord> records() {
        return response ? immutable(recordArray, recordCount) : List.of();
    }

    /** Record {@code k} of a response. */
    DnsRecord record(int k) {
        return recordArray[k];
    }

    /** List.of of the first {@code n} elements: List.copyOf returns such a list as it is. */
    private static <T> List<T> immutable(T[] a, int n) {
        return switch (n) {
            case 0 -> List.of();
            case 1 -> List.of(a[0]);
            case 2 -> List.of(a[0], a[1]);
            default -> List.of(Arrays.copyOf(a, n));
        };
    }

    // DNS-SD details of record(i), filled when parse() is asked for them
    final int[] types = new int[MAX_RECORDS];
    final String[] targets = new String[MAX_RECORDS];
    final int[] ports = new int[MAX_RECORDS];
    final IpAddress[] addresses = new IpAddress[MAX_RECORDS];
    private final List<?>[] txts = new List<?>[MAX_RECORDS];

    @SuppressWarnings("unchecked")
    List<String> txt(int k) {
        return (List<String>) txts[k];
    }

    private final DnsText text = new DnsText();
    private final int[] cachedAt = new int[NAME_CACHE];
    private final int[] cachedJumps = new int[NAME_CACHE];
    private final String[] cachedName = new String[NAME_CACHE];
    private int cached;
    private final String[] txtScratch = new String[MAX_TXT_STRINGS];
    private final int[] txtStarts = new int[MAX_TXT_STRINGS];
    private final int[] txtEnds = new int[MAX_TXT_STRINGS];

    private byte[] d;
    private int off;
    private int len;
    private boolean details;
    private String prefix;
    private AnalyzerContext ctx;
    /** Where the name last read by {@link #name} ends, or its negative error code. */
    private int nameEnd;
    // DNS-SD parts of the record being read, besides its data
    private String target;
    private int port;
    private IpAddress address;
    private List<String> txt;

    /**
     * Parses {@code d[off, off+len)}; false when even the 12-byte header is not there (anomaly counted).
     *
     * @param details also fill the DNS-SD details (targets, ports, addresses, TXT lists) of a response's records
     */
    public boolean parse(byte[] d, int off, int len, AnalyzerContext ctx, String prefix, boolean details) {
        if (len < 12) {
            anomaly(ctx, prefix, "truncated_header");
            return false;
        }
        this.d = d;
        this.off = off;
        this.len = len;
        this.ctx = ctx;
        this.prefix = prefix;
        id = u16(d, off);
        flags = u16(d, off + 2);
        response = (flags & 0x8000) != 0;
        opcode = (flags >>> 11) & 0xF;
        authoritative = (flags & 0x0400) != 0;
        rcode = flags & 0xF;
        qdCount = u16(d, off + 4);
        anCount = u16(d, off + 6);
        nsCount = u16(d, off + 8);
        arCount = u16(d, off + 10);
        this.details = details && response;
        questionCount = 0;
        recordCount = 0;
        truncated = false;
        cached = 0;
        int pos = readQuestions(off + 12);
        if (pos >= 0) {
            pos = readSection(pos, anCount, 0);
        }
        if (pos >= 0) {
            pos = readSection(pos, nsCount, 1);
        }
        if (pos >= 0) {
            readSection(pos, arCount, 2);
        }
        this.d = null;
        this.ctx = null;
        return true;
    }

    /** The questions; the position after them, or -1 when the parse ended. */
    private int readQuestions(int pos) {
        int end = off + len;
        for (int i = 0; i < qdCount; i++) {
            if (i == MAX_QUESTIONS) {
                return stop("question_cap");
            }
            String name = name(pos);
            int next = nameEnd;
            if (next < 0) {
                return stop(DnsNames.errorName(next));
            }
            if (next + 4 > end) {
                return stop("truncated_question");
            }
            int qclass = u16(d, next + 2);
            questionArray[questionCount++] = new DnsQuestion(name, u16(d, next), (qclass & 0x8000) != 0);
            pos = next + 4;
        }
        return pos;
    }

    /** {@code count} records of section {@code s}; the position after them, or -1 when the parse ended. */
    private int readSection(int pos, int count, int s) {
        for (int i = 0; i < count; i++) {
            if (recordCount == MAX_RECORDS) {
                return stop("record_cap");
            }
            pos = response ? readRecord(pos, s) : checkRecord(pos);
            if (pos < 0) {
                truncated = true;
                return -1;
            }
        }
        return pos;
    }

    /** A query's record: the same checks and anomalies as {@link #readRecord}, no text. */
    private int checkRecord(int pos) {
        int next = DnsNames.read(d, off, len, pos, null, true);
        int rdEnd = rdataEnd(next);
        if (rdEnd < 0) {
            return -1;
        }
        int type = u16(d, next);
        int rdlen = u16(d, next + 8);
        int rdata = next + 10;
        int nameAt = switch (type) {
            case TYPE_NS, TYPE_CNAME, TYPE_PTR, TYPE_DNAME -> rdata;
            case TYPE_MX -> rdlen >= 3 ? rdata + 2 : -1;
            case TYPE_SRV -> rdlen >= 7 ? rdata + 6 : -1;
            default -> 0;
        };
        boolean bad;
        if (nameAt != 0) {
            int e = nameAt < 0 ? -1 : DnsNames.read(d, off, len, nameAt, null, true);
            bad = e < 0 || e > rdEnd;
        } else if (type == TYPE_A || type == TYPE_AAAA) {
            bad = rdlen != (type == TYPE_A ? 4 : 16);
        } else if (type == TYPE_TXT) {
            bad = txtEnd(rdata, rdEnd) < 0;
        } else {
            bad = false;
        }
        if (bad) {
            anomaly(ctx, prefix, "rdata_length_mismatch");
        }
        if (type != TYPE_OPT) {
            recordCount++;
        }
        return rdEnd;
    }

    /**
     * Checks a record's fixed part (type, class, TTL, data length) and data after its owner name, which
     * ended at {@code next} (a negative {@code DnsNames} error code when it did not parse); the end of the
     * record's data, or -1 (anomaly counted) when the message ends first.
     */
    private int rdataEnd(int next) {
        if (next < 0) {
            anomaly(ctx, prefix, DnsNames.errorName(next));
            return -1;
        }
        int end = off + len;
        if (next + 10 > end || next + 10 + u16(d, next + 8) > end) {
            anomaly(ctx, prefix, "truncated_record");
            return -1;
        }
        return next + 10 + u16(d, next + 8);
    }

    /** Walks the character-strings of TXT data; the end, or -1 when one overruns the data. */
    private int txtEnd(int p, int rdEnd) {
        while (p < rdEnd) {
            int l = d[p] & 0xFF;
            if (p + 1 + l > rdEnd) {
                return -1;
            }
            p += 1 + l;
        }
        return p;
    }

    /** A response's record as a {@link DnsRecord}; the position after it, or -1 when the parse ended. */
    private int readRecord(int pos, int s) {
        String owner = name(pos);
        int next = nameEnd;
        int rdEnd = rdataEnd(next);
        if (rdEnd < 0) {
            return -1;
        }
        int type = u16(d, next);
        long ttl = u32(d, next + 4);
        int rdlen = u16(d, next + 8);
        int rdata = next + 10;
        if (type == TYPE_OPT) {
            return rdEnd; // EDNS pseudo-record: not kept
        }
        int k = recordCount++;
        target = null;
        port = -1;
        address = null;
        txt = null;
        String data = switch (type) {
            case TYPE_A, TYPE_AAAA -> addressData(type, rdata, rdlen);
            case TYPE_NS, TYPE_CNAME, TYPE_PTR, TYPE_DNAME -> nameData(rdata, rdEnd);
            case TYPE_MX -> rdlen >= 3 ? mxData(rdata, rdEnd) : bad();
            case TYPE_SRV -> rdlen >= 7 ? srvData(rdata, rdEnd) : bad();
            case TYPE_TXT -> txtData(rdata, rdEnd);
            default -> null; // other types are kept without data
        };
        recordArray[k] = new DnsRecord(SECTIONS[s], owner, type, ttl, data);
        if (details) {
            types[k] = type;
            targets[k] = target;
            ports[k] = port;
            addresses[k] = address;
            txts[k] = txt == null ? List.of() : txt;
        }
        return rdEnd;
    }

    private String bad() {
        anomaly(ctx, prefix, "rdata_length_mismatch");
        return null;
    }

    private String addressData(int type, int rdata, int rdlen) {
        int want = type == TYPE_A ? 4 : 16;
        if (rdlen != want) {
            return bad();
        }
        if (details) {
            address = IpAddress.of(d, rdata, want);
            return address.toString();
        }
        return addressText(want == 16, rdata);
    }

    private String addressText(boolean v6, int at) {
        text.reset();
        if (v6) {
            ipv6Text(d, at, text);
        } else {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    text.append('.');
                }
                text.appendDecimal(d[at + i] & 0xFF);
            }
        }
        return text.string(0);
    }

    private String nameData(int rdata, int rdEnd) {
        String name = name(rdata);
        int e = nameEnd;
        if (e < 0 || e > rdEnd) {
            return bad();
        }
        target = name;
        return name;
    }

    private String mxData(int rdata, int rdEnd) {
        text.reset();
        text.appendDecimal(u16(d, rdata));
        text.append(' ');
        int mark = text.length();
        int e = DnsNames.read(d, off, len, rdata + 2, text, true);
        if (e < 0 || e > rdEnd) {
            return bad();
        }
        if (details) {
            target = text.string(mark);
        }
        return text.string(0);
    }

    private String srvData(int rdata, int rdEnd) {
        port = u16(d, rdata + 4);
        text.reset();
        text.appendDecimal(u16(d, rdata));
        text.append(' ');
        text.appendDecimal(u16(d, rdata + 2));
        text.append(' ');
        text.appendDecimal(port);
        text.append(' ');
        int mark = text.length();
        int e = DnsNames.read(d, off, len, rdata + 6, text, true);
        if (e < 0 || e > rdEnd) {
            port = -1;
            return bad();
        }
        if (details) {
            target = text.string(mark);
        }
        return text.string(0);
    }

    /** Strings joined by ", " as tshark lists them (the first {@value #MAX_TXT_STRINGS}); "" for none. */
    private String txtData(int rdata, int rdEnd) {
        text.reset();
        int n = 0;
        int p = rdata;
        boolean overrun = false;
        while (p < rdEnd) {
            int l = d[p] & 0xFF;
            if (p + 1 + l > rdEnd) {
                overrun = true;
                break;
            }
            if (n < MAX_TXT_STRINGS) {
                if (n > 0) {
                    text.append(',');
                    text.append(' ');
                }
                txtStarts[n] = text.length();
                text.appendLabel(d, p + 1, l);
                txtEnds[n] = text.length();
                n++;
            }
            p += 1 + l;
        }
        if (details) {
            for (int i = 0; i < n; i++) {
                txtScratch[i] = text.string(txtStarts[i], txtEnds[i]);
            }
            txt = List.of(Arrays.copyOf(txtScratch, n));
        }
        String data = text.string(0);
        if (overrun) {
            anomaly(ctx, prefix, "rdata_length_mismatch");
        }
        return data;
    }

    /**
     * The text of the name at {@code pos}, its end in {@link #nameEnd} (negative: an {@code ERR_*} code
     * and a null text). A name that is only a pointer to a name read before reuses its String.
     */
    private String name(int pos) {
        int end = off + len;
        if (pos + 1 < end && (d[pos] & 0xC0) == 0xC0) {
            int to = off + (((d[pos] & 0x3F) << 8) | (d[pos + 1] & 0xFF));
            for (int i = 0; i < cached; i++) {
                // same checks as DnsNames.read: strictly backwards, one more jump than that name took
                if (cachedAt[i] == to && to < pos && cachedJumps[i] < DnsNames.MAX_JUMPS) {
                    nameEnd = pos + 2;
                    return cachedName[i];
                }
            }
        }
        text.reset();
        int next = DnsNames.read(d, off, len, pos, text, true);
        nameEnd = next;
        if (next < 0) {
            return null;
        }
        String name = text.string(0);
        if (cached < NAME_CACHE) {
            cachedAt[cached] = pos;
            cachedJumps[cached] = text.jumps;
            cachedName[cached] = name;
            cached++;
        }
        return name;
    }

    private int stop(String what) {
        anomaly(ctx, prefix, what);
        truncated = true;
        return -1;
    }

    /** Kept out of the parsing methods: building the name is the rare case. */
    private static void anomaly(AnalyzerContext ctx, String prefix, String what) {
        ctx.anomaly(prefix + "_" + what);
    }

    /** RFC 5952 text of 16 address bytes, the same as {@link IpAddress#toString()}. */
    static void ipv6Text(byte[] b, int at, DnsText out) {
        int run = IpAddress.zeroRun((u32(b, at) << 32) | u32(b, at + 4), (u32(b, at + 8) << 32) | u32(b, at + 12));
        int bestStart = run < 0 ? -1 : run >> 4;
        int bestLen = run & 0xF;
        int start = out.length();
        boolean lastColon = false;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(':');
                out.append(':');
                lastColon = true;
                i += bestLen - 1;
                continue;
            }
            if (out.length() > start && !lastColon) {
                out.append(':');
            }
            out.appendHex(group(b, at, i));
            lastColon = false;
        }
    }

    private static int group(byte[] b, int at, int i) {
        return u16(b, at + 2 * i);
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static long u32(byte[] b, int o) {
        return ((long) u16(b, o) << 16) | u16(b, o + 2);
    }
}
