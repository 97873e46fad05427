package org.wardwatch.protocols.nbdgm;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.nbdgm.BrowserAnnouncementSeen;
import org.wardwatch.model.obs.nbdgm.NetbiosDatagramSeen;
import org.wardwatch.model.obs.netbios.NetbiosName;
import org.wardwatch.protocols.netbios.NetbiosNames;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * NetBIOS datagram service over UDP (RFC 1002 section 4.4: direct unique, direct group and broadcast
 * datagrams, error and query messages) and what Windows puts in it: an SMB1 TRANSACTION mailslot write
 * ([MS-MAIL] 2.2.1, [MS-CIFS] 2.2.4.33) to {@code \MAILSLOT\BROWSE} carrying a browser frame ([MS-BRWS]
 * 2.2). Every datagram becomes a {@link NetbiosDatagramSeen}; host, local master and domain
 * announcements also a {@link BrowserAnnouncementSeen} (host name, OS version, SV_TYPE bits, comment).
 *
 * <p>Detection: port 138 is a hint; the probe accepts a direct or broadcast datagram header with
 * reserved flag bits clear whose source and destination names are 32 characters of the first-level
 * encoding (RFC 1001 section 14.1).
 *
 * <p>Anomalies: {@code nbdgm_truncated}, {@code nbdgm_bad_name}, {@code nbdgm_unknown_type},
 * {@code nbdgm_bad_length} (DGM_LENGTH disagrees with the datagram), {@code nbdgm_smb_truncated},
 * {@code nbdgm_browser_truncated}.
 *
 * <p>Known gaps: fragmented datagrams (M flag, PACKET_OFFSET) are not reassembled, only a first fragment's
 * payload is looked at; the older LAN Manager announcements on {@code \MAILSLOT\LANMAN} and the
 * NETLOGON mailslot messages are reported by mailslot name only; election criteria, backup lists and
 * the other browser frames by opcode name only; NetBIOS scope labels are dropped.
 */
public final class NbdgmAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final String BROWSE = "\\MAILSLOT\\BROWSE";
    private static final int MAX_NAME = 64;

    private boolean confirmed;

    @Override
    public void onDatagram(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        int end = off + Math.max(0, Math.min(len, d.length - off));
        if (end - off < 10) {
            bad(ctx, "nbdgm_truncated");
            return;
        }
        int type = d[off] & 0xFF;
        int flags = d[off + 1] & 0xFF;
        if (type < 0x10 || type > 0x16 || (flags & 0xF0) != 0) {
            bad(ctx, "nbdgm_unknown_type");
            return;
        }
        boolean more = (flags & 0x01) != 0;
        String nodeType = switch ((flags >> 2) & 3) {
            case 0 -> "b";
            case 1 -> "p";
            case 2 -> "m";
            default -> "nbdd";
        };
        IpAddress sourceIp = IpAddress.of(d, off + 4, 4);
        int sourcePort = u16(d, off + 8);
        NetbiosName source = null;
        NetbiosName destination = null;
        Integer errorCode = null;
        String mailslot = null;
        String browserCommand = null;
        int[] next = new int[1];
        if (type <= 0x12) {
            if (end - off < 14) {
                bad(ctx, "nbdgm_truncated");
                return;
            }
            int dgmLength = u16(d, off + 10);
            int packetOffset = u16(d, off + 12);
            source = NetbiosNames.read(d, off + 14, end, next, false);
            if (source != null) {
                destination = NetbiosNames.read(d, next[0], end, next, type == 0x11);
            }
            if (source == null || destination == null) {
                bad(ctx, "nbdgm_bad_name");
                return;
            }
            // DGM_LENGTH counts the bytes after PACKET_OFFSET: the two names and this fragment's user data
            if (dgmLength != end - off - 14) {
                ctx.anomaly("nbdgm_bad_length");
                end = Math.min(end, off + 14 + dgmLength);
            }
            confirm(ctx);
            if (packetOffset == 0 && next[0] < end) {
                String[] mail = new String[2];
                mailslot(d, next[0], end, more, mail, ctx);
                mailslot = mail[0];
                browserCommand = mail[1];
            }
        } else if (type == 0x13) {
            if (end - off < 11) {
                bad(ctx, "nbdgm_truncated");
                return;
            }
            errorCode = d[off + 10] & 0xFF;
            confirm(ctx);
        } else {
            destination = NetbiosNames.read(d, off + 10, end, next, false);
            if (destination == null) {
                bad(ctx, "nbdgm_bad_name");
                return;
            }
            confirm(ctx);
        }
        ctx.emit(new NetbiosDatagramSeen(ctx.ts(), ctx.flow(), messageType(type), nodeType, sourceIp, sourcePort, source,
                destination, errorCode, mailslot, browserCommand));
    }

    /**
     * The SMB1 TRANSACTION request of a mailslot write (WordCount 17: 14 parameter words and the three
     * setup words opcode, priority, class), its name and, for the browse mailslot, the browser frame at
     * DataOffset. Fills {@code out} with the mailslot name and the browser opcode name.
     */
    private static void mailslot(byte[] d, int h, int end, boolean fragmented, String[] out, AnalyzerContext ctx) {
        if (end - h < 4 || (d[h] & 0xFF) != 0xFF || d[h + 1] != 'S' || d[h + 2] != 'M' || d[h + 3] != 'B') {
            return; // not SMB: other NetBIOS datagram applications exist
        }
        if (end - h < 33 + 34 + 2 || (d[h + 4] & 0xFF) != 0x25) {
            if (end - h < 33 + 34 + 2) {
                ctx.anomaly("nbdgm_smb_truncated");
            }
            return;
        }
        int wordCount = d[h + 32] & 0xFF;
        int words = h + 33;
        if (wordCount < 17 || (d[words + 26] & 0xFF) < 3 || u16le(d, words + 28) != 1) {
            return; // not a mailslot write
        }
        int byteCountAt = words + 2 * wordCount;
        if (byteCountAt + 2 > end) {
            ctx.anomaly("nbdgm_smb_truncated");
            return;
        }
        boolean unicode = (u16le(d, h + 10) & 0x8000) != 0;
        int s = byteCountAt + 2;
        int e = s;
        String name;
        if (unicode) {
            if (((s - h) & 1) != 0) {
                s++;
            }
            e = s;
            while (e + 1 < end && (d[e] != 0 || d[e + 1] != 0)) {
                e += 2;
            }
            name = WireText.utf16le(d, s, Math.min(e, end) - s, MAX_NAME);
        } else {
            while (e < end && d[e] != 0) {
                e++;
            }
            name = WireText.latin1(d, s, e - s, MAX_NAME);
        }
        int dataCount = u16le(d, words + 22);
        int dataOffset = u16le(d, words + 24);
        int p = h + dataOffset;
        if (dataCount > 0 && p >= end && !fragmented) {
            ctx.anomaly("nbdgm_smb_truncated"); // the data lies outside the datagram: not a well-formed mailslot write
            return;
        }
        out[0] = name == null || name.isEmpty() ? null : name;
        if (out[0] == null || !out[0].equalsIgnoreCase(BROWSE) || dataCount == 0 || p >= end) {
            return;
        }
        int browserEnd = Math.min(end, p + dataCount);
        out[1] = browserCommand(d[p] & 0xFF);
        int opcode = d[p] & 0xFF;
        if (opcode == 0x01 || opcode == 0x0C || opcode == 0x0F) {
            announcement(d, p, browserEnd, opcode, ctx);
        }
    }

    /** [MS-BRWS] 2.2.1 / 2.2.6 / 2.2.11: the three announcements share one layout. */
    private static void announcement(byte[] d, int p, int end, int opcode, AnalyzerContext ctx) {
        if (end - p < 32) {
            ctx.anomaly("nbdgm_browser_truncated");
            return;
        }
        long periodicity = u32le(d, p + 2);
        String serverName = zstring(d, p + 6, p + 22);
        int osMajor = d[p + 22] & 0xFF;
        int osMinor = d[p + 23] & 0xFF;
        long serverType = u32le(d, p + 24);
        // in a domain announcement Windows leaves these 4 bytes unspecified; Samba writes the browser
        // version and the 0xAA55 signature there as in a host announcement: trust them only then
        boolean version = opcode != 0x0C || (d[p + 30] == 0x55 && d[p + 31] == (byte) 0xAA);
        Integer browserMajor = version ? d[p + 28] & 0xFF : null;
        Integer browserMinor = version ? d[p + 29] & 0xFF : null;
        String comment = zstring(d, p + 32, end);
        ctx.emit(new BrowserAnnouncementSeen(ctx.ts(), ctx.flow(), browserCommand(opcode), BROWSE, serverName, osMajor, osMinor,
                serverType, serverTypeFlags(serverType), browserMajor, browserMinor, periodicity, comment));
    }

    private static final String[] SV_TYPE = {"workstation", "server", "sql_server", "domain_controller",
        "backup_domain_controller", "time_source", "afp", "novell", "domain_member", "print_queue_server", "dialin_server",
        "xenix_server", "nt", "wfw", "server_mfpn", "server_nt", "potential_browser", "backup_browser", "master_browser",
        "domain_master", "server_osf", "server_vms", "windows", "dfs", "cluster_nt", "terminal_server", "cluster_vs_nt",
        null, "dce", "alternate_xport", "local_list_only", "domain_enum"};

    /** The set SV_TYPE bits ([MS-SRVS] 2.2.2.7) by name, lowest bit first. */
    static List<String> serverTypeFlags(long type) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if ((type & (1L << bit)) != 0) {
                out.add(SV_TYPE[bit] == null ? "bit_" + bit : SV_TYPE[bit]);
            }
        }
        return out;
    }

    static String browserCommand(int opcode) {
        return switch (opcode) {
            case 0x01 -> "host_announcement";
            case 0x02 -> "announcement_request";
            case 0x08 -> "request_election";
            case 0x09 -> "get_backup_list_request";
            case 0x0A -> "get_backup_list_response";
            case 0x0B -> "become_backup";
            case 0x0C -> "domain_announcement";
            case 0x0D -> "master_announcement";
            case 0x0E -> "reset_state";
            case 0x0F -> "local_master_announcement";
            default -> "opcode_" + opcode;
        };
    }

    /** RFC 1002 4.4.1 MSG_TYPE as the observation names it. */
    static String messageType(int type) {
        return switch (type) {
            case 0x10 -> "direct_unique";
            case 0x11 -> "direct_group";
            case 0x12 -> "broadcast";
            case 0x13 -> "error";
            case 0x14 -> "query_request";
            case 0x15 -> "positive_query_response";
            default -> "negative_query_response";
        };
    }

    private void confirm(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    private void bad(AnalyzerContext ctx, String anomaly) {
        ctx.anomaly(anomaly);
        if (!confirmed) {
            ctx.violation("not a NetBIOS datagram");
        }
    }

    /** A NUL-terminated OEM string in [p, end), null when empty. */
    private static String zstring(byte[] d, int p, int end) {
        int e = p;
        while (e < end && d[e] != 0) {
            e++;
        }
        String s = WireText.latin1(d, p, e - p, MAX_NAME);
        return s == null || s.isEmpty() ? null : s;
    }

    /** A direct or broadcast datagram header whose two names are first-level encoded. */
    public static boolean looksLikeNbdgm(byte[] d, int off, int len) {
        if (len < 14 + 34 + 34 || off < 0 || off + len > d.length) {
            return false;
        }
        int type = d[off] & 0xFF;
        if (type < 0x10 || type > 0x12 || (d[off + 1] & 0xF0) != 0) {
            return false;
        }
        return encodedLabel(d, off + 14) && (d[off + 47] == 0 ? encodedLabel(d, off + 48) : len > 82);
    }

    private static boolean encodedLabel(byte[] d, int p) {
        if ((d[p] & 0xFF) != 32) {
            return false;
        }
        for (int i = 1; i <= 32; i++) {
            int c = d[p + i] & 0xFF;
            if (c < 'A' || c > 'P') {
                return false;
            }
        }
        return true;
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static int u16le(byte[] b, int o) {
        return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8);
    }

    static long u32le(byte[] b, int o) {
        return u16le(b, o) | ((long) u16le(b, o + 2) << 16);
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "nbdgm";
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public int[] portHints() {
            return new int[] {138};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeNbdgm(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new NbdgmAnalyzer();
        }
    }
}
