package org.wardwatch.protocols.dhcp;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.model.obs.dhcp.DhcpServerReplied;
import org.wardwatch.protocols.dns.DnsNames;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * DHCPv4 (RFC 2131 message format, RFC 2132 options, RFC 4702 client FQDN, RFC 3396 not supported):
 * BOOTREQUESTs become {@link DhcpClientSeen}, BOOTREPLYs {@link DhcpServerReplied}; an ACK that gives
 * an address to an Ethernet client also yields {@link AddressSeen} (source {@code dhcp}).
 * Option overload (52) is followed into the file and sname fields.
 *
 * <p>Detection: the magic cookie 99.130.83.99 after the fixed 236-byte header, with a BOOTP op code
 * and a plausible hardware address length ({@link #looksLikeDhcp}); ports 67/68 are hints.
 *
 * <p>Anomalies: {@code dhcp_truncated} (shorter than the fixed header and cookie),
 * {@code dhcp_bad_magic}, {@code dhcp_bad_op}, {@code dhcp_option_truncated} (an option runs past the
 * end: the options before it are kept), {@code dhcp_option_bad_length} (a fixed-size option of the
 * wrong size), {@code dhcp_no_end_option}.
 *
 * <p>Known gaps: long options split over several instances (RFC 3396) are not concatenated, the
 * first instance counts; relay agent sub-options (82) and vendor-specific information (43) are not decoded.
 */
public final class DhcpAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final int MAGIC = 0x63825363;
    private static final int MAX_OPTIONS = 128;

    private boolean confirmed;

    @Override
    public void onDatagram(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        if (len < 240) {
            ctx.anomaly("dhcp_truncated");
            notDhcp(ctx);
            return;
        }
        int op = d[off] & 0xFF;
        if (op != 1 && op != 2) {
            ctx.anomaly("dhcp_bad_op");
            notDhcp(ctx);
            return;
        }
        if (i32(d, off + 236) != MAGIC) {
            ctx.anomaly("dhcp_bad_magic");
            notDhcp(ctx);
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        Options o = new Options();
        int end = off + len;
        int overload = o.parse(d, off + 240, end, ctx, true);
        if ((overload & 1) != 0) {
            o.parse(d, off + 108, off + 236, ctx, false); // file field carries options
        }
        if ((overload & 2) != 0) {
            o.parse(d, off + 44, off + 108, ctx, false); // sname field carries options
        }
        int htype = d[off + 1] & 0xFF;
        int hlen = d[off + 2] & 0xFF;
        long xid = i32(d, off + 4) & 0xFFFF_FFFFL;
        MacAddress chaddr = htype == 1 && hlen == 6 ? MacAddress.of(d, off + 28) : null;
        String type = o.messageType < 0 ? "bootp" : typeName(o.messageType);
        if (op == 1) {
            ctx.emit(new DhcpClientSeen(ctx.ts(), ctx.flow(), chaddr, type, xid, o.hostname, o.parameterRequestList,
                    o.vendorClass, o.clientId, o.fqdn, o.requestedAddress, nonZero(d, off + 12), nonZero(d, off + 24),
                    o.maxMessageSize, o.codes));
        } else {
            IpAddress yiaddr = nonZero(d, off + 16);
            MacAddress server = fromClient ? ctx.clientMac() : ctx.serverMac();
            ctx.emit(new DhcpServerReplied(ctx.ts(), ctx.flow(), server, type, xid, chaddr, yiaddr, o.serverIdentifier,
                    o.leaseSeconds, o.subnetMask, o.routers, o.dnsServers, o.domainName, o.hostname, o.codes));
            if (o.messageType == 5 && chaddr != null && yiaddr != null && chaddr.value() != 0) {
                ctx.emit(new AddressSeen(ctx.ts(), chaddr, yiaddr, ctx.vlan(), "dhcp"));
            }
        }
    }

    private void notDhcp(AnalyzerContext ctx) {
        if (!confirmed) {
            ctx.violation("not a DHCP message");
        }
    }

    /** Message type names of option 53 (RFC 2132 9.6, RFC 4388, RFC 6926, RFC 7724). */
    static String typeName(int t) {
        return switch (t) {
            case 1 -> "discover";
            case 2 -> "offer";
            case 3 -> "request";
            case 4 -> "decline";
            case 5 -> "ack";
            case 6 -> "nak";
            case 7 -> "release";
            case 8 -> "inform";
            case 9 -> "forcerenew";
            case 10 -> "leasequery";
            case 11 -> "leaseunassigned";
            case 12 -> "leaseunknown";
            case 13 -> "leaseactive";
            case 14 -> "bulkleasequery";
            case 15 -> "leasequerydone";
            case 16 -> "activeleasequery";
            case 17 -> "leasequerystatus";
            case 18 -> "tls";
            default -> "type_" + t;
        };
    }

    /** The options the observations use, read from one or more option areas. */
    static final class Options {
        final List<Integer> codes = new ArrayList<>();
        int messageType = -1;
        String hostname;
        List<Integer> parameterRequestList;
        String vendorClass;
        String clientId;
        String fqdn;
        IpAddress requestedAddress;
        IpAddress serverIdentifier;
        IpAddress subnetMask;
        Long leaseSeconds;
        Integer maxMessageSize;
        List<IpAddress> routers = List.of();
        List<IpAddress> dnsServers = List.of();
        String domainName;

        /** @return the option overload value (52), 0 when absent */
        int parse(byte[] d, int pos, int end, AnalyzerContext ctx, boolean main) {
            int overload = 0;
            while (pos < end) {
                int code = d[pos] & 0xFF;
                if (code == 0) {
                    pos++;
                    continue;
                }
                if (code == 255) {
                    return overload;
                }
                if (codes.size() < MAX_OPTIONS) {
                    codes.add(code); // listed even when truncated: the client sent it
                }
                if (pos + 1 >= end || pos + 2 + (d[pos + 1] & 0xFF) > end) {
                    ctx.anomaly("dhcp_option_truncated");
                    return overload;
                }
                int len = d[pos + 1] & 0xFF;
                int v = pos + 2;
                switch (code) {
                    case 53 -> {
                        if (len == 1 && messageType < 0) {
                            messageType = d[v] & 0xFF;
                        } else if (len != 1) {
                            ctx.anomaly("dhcp_option_bad_length");
                        }
                    }
                    case 12 -> hostname = first(hostname, Ascii.text(d, v, len, 255));
                    case 15 -> domainName = first(domainName, Ascii.text(d, v, len, 255));
                    case 60 -> vendorClass = first(vendorClass, Ascii.text(d, v, len, 255));
                    case 61 -> clientId = first(clientId, Ascii.hex(d, v, len));
                    case 55 -> {
                        if (parameterRequestList == null) {
                            List<Integer> prl = new ArrayList<>(len);
                            for (int i = 0; i < len; i++) {
                                prl.add(d[v + i] & 0xFF);
                            }
                            parameterRequestList = prl;
                        }
                    }
                    case 50 -> requestedAddress = first(requestedAddress, address(d, v, len, ctx));
                    case 54 -> serverIdentifier = first(serverIdentifier, address(d, v, len, ctx));
                    case 1 -> subnetMask = first(subnetMask, address(d, v, len, ctx));
                    case 51 -> {
                        if (len == 4) {
                            leaseSeconds = leaseSeconds != null ? leaseSeconds : i32(d, v) & 0xFFFF_FFFFL;
                        } else {
                            ctx.anomaly("dhcp_option_bad_length");
                        }
                    }
                    case 57 -> {
                        if (len == 2) {
                            maxMessageSize = maxMessageSize != null ? maxMessageSize : ((d[v] & 0xFF) << 8) | (d[v + 1] & 0xFF);
                        } else {
                            ctx.anomaly("dhcp_option_bad_length");
                        }
                    }
                    case 3 -> routers = routers.isEmpty() ? addresses(d, v, len, ctx) : routers;
                    case 6 -> dnsServers = dnsServers.isEmpty() ? addresses(d, v, len, ctx) : dnsServers;
                    case 81 -> fqdn = first(fqdn, fqdn(d, v, len));
                    case 52 -> {
                        if (main && len == 1) {
                            overload = d[v] & 0x03;
                        }
                    }
                    default -> {
                        // kept only in the option order
                    }
                }
                pos = v + len;
            }
            if (main) {
                ctx.anomaly("dhcp_no_end_option");
            }
            return overload;
        }
    }

    /** RFC 4702: flags, two obsolete RCODE bytes, then the name in wire format (E bit) or ASCII. */
    static String fqdn(byte[] d, int v, int len) {
        if (len < 3) {
            return null;
        }
        int flags = d[v] & 0xFF;
        if ((flags & 0x04) != 0) {
            StringBuilder sb = new StringBuilder();
            // a partial name (no terminating root label) is legal here: read label by label
            int pos = v + 3;
            int end = v + len;
            while (pos < end) {
                int l = d[pos] & 0xFF;
                if (l == 0 || (l & 0xC0) != 0 || pos + 1 + l > end) {
                    break;
                }
                if (sb.length() > 0) {
                    sb.append('.');
                }
                DnsNames.appendText(sb, d, pos + 1, l, 255);
                pos += 1 + l;
            }
            return sb.toString();
        }
        return Ascii.text(d, v + 3, len - 3, 255);
    }

    private static <T> T first(T current, T candidate) {
        return current != null ? current : candidate;
    }

    private static IpAddress address(byte[] d, int v, int len, AnalyzerContext ctx) {
        if (len != 4) {
            ctx.anomaly("dhcp_option_bad_length");
            return null;
        }
        return IpAddress.of(d, v, 4);
    }

    private static List<IpAddress> addresses(byte[] d, int v, int len, AnalyzerContext ctx) {
        if (len % 4 != 0 || len == 0) {
            ctx.anomaly("dhcp_option_bad_length");
        }
        List<IpAddress> out = new ArrayList<>(len / 4);
        for (int i = 0; i + 4 <= len && out.size() < 16; i += 4) {
            out.add(IpAddress.of(d, v + i, 4));
        }
        return out;
    }

    private static IpAddress nonZero(byte[] d, int o) {
        int v = i32(d, o);
        return v == 0 ? null : IpAddress.ofV4(v);
    }

    static int i32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    /** BOOTP op 1 or 2, hardware address length at most 16, hops at most 16, and the DHCP magic cookie. */
    public static boolean looksLikeDhcp(byte[] d, int off, int len) {
        if (len < 240) {
            return false;
        }
        int op = d[off] & 0xFF;
        return (op == 1 || op == 2) && (d[off + 2] & 0xFF) <= 16 && (d[off + 3] & 0xFF) <= 16
                && i32(d, off + 236) == MAGIC;
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "dhcp";
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public int[] portHints() {
            return new int[] {67, 68};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeDhcp(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new DhcpAnalyzer();
        }
    }
}
