package org.wardwatch.protocols.dhcp;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.dhcp.Dhcp6ClientSeen;
import org.wardwatch.model.obs.dhcp.Dhcp6ServerReplied;
import org.wardwatch.protocols.dns.DnsNames;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * DHCPv6 (RFC 8415; client FQDN option RFC 4704; DNS options RFC 3646): client messages become
 * {@link Dhcp6ClientSeen}, server messages {@link Dhcp6ServerReplied}. Relay-forward and relay-reply
 * messages are unwrapped (at most {@value #MAX_RELAY_DEPTH} levels) and the inner message is reported.
 *
 * <p>Detection: a known message type followed by options whose lengths add up exactly to the
 * datagram, with at least one option ({@link #looksLikeDhcp6}); ports 546/547 are hints.
 *
 * <p>Anomalies: {@code dhcpv6_truncated}, {@code dhcpv6_option_truncated}, {@code dhcpv6_bad_type},
 * {@code dhcpv6_relay_too_deep}, {@code dhcpv6_relay_without_message}.
 *
 * <p>Known gaps: prefix delegation (IA_PD), authentication and most informational options are only
 * listed by code.
 */
public final class Dhcp6Analyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final int MAX_RELAY_DEPTH = 8;
    private static final int MAX_OPTIONS = 128;
    private static final int MAX_ITEMS = 16;

    private boolean confirmed;

    @Override
    public void onDatagram(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        MacAddress sender = fromClient ? ctx.clientMac() : ctx.serverMac();
        if (!handle(d, off, len, sender, 0, ctx) && !confirmed) {
            ctx.violation("not a DHCPv6 message");
        }
    }

    /** @return whether the message had a DHCPv6 shape */
    private boolean handle(byte[] d, int off, int len, MacAddress sender, int depth, AnalyzerContext ctx) {
        if (len < 4) {
            ctx.anomaly("dhcpv6_truncated");
            return false;
        }
        int type = d[off] & 0xFF;
        if (type == 12 || type == 13) {
            if (depth >= MAX_RELAY_DEPTH) {
                ctx.anomaly("dhcpv6_relay_too_deep");
                return true;
            }
            if (len < 34) {
                ctx.anomaly("dhcpv6_truncated");
                return false;
            }
            int pos = off + 34;
            int end = off + len;
            while (pos + 4 <= end) {
                int code = u16(d, pos);
                int l = u16(d, pos + 2);
                if (pos + 4 + l > end) {
                    ctx.anomaly("dhcpv6_option_truncated");
                    return true;
                }
                if (code == 9) {
                    confirmOnce(ctx);
                    return handle(d, pos + 4, l, sender, depth + 1, ctx);
                }
                pos += 4 + l;
            }
            ctx.anomaly("dhcpv6_relay_without_message");
            return true;
        }
        String name = typeName(type);
        if (name == null) {
            ctx.anomaly("dhcpv6_bad_type");
            return false;
        }
        confirmOnce(ctx);
        int xid = ((d[off + 1] & 0xFF) << 16) | ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
        Options o = new Options();
        o.parse(d, off + 4, off + len, ctx, 0);
        boolean server = type == 2 || type == 7 || type == 10;
        if (server) {
            ctx.emit(new Dhcp6ServerReplied(ctx.ts(), ctx.flow(), sender, name, xid, o.clientDuid, o.serverDuid,
                    o.addresses, o.dnsServers, o.domainSearch, o.statusCode, o.codes));
        } else {
            ctx.emit(new Dhcp6ClientSeen(ctx.ts(), ctx.flow(), sender, name, xid, o.clientDuid, o.duidType, o.duidLinkLayer,
                    o.optionRequestList, o.vendorEnterprise, o.vendorClass, o.userClass, o.fqdn, o.codes));
        }
        return true;
    }

    private void confirmOnce(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    static String typeName(int type) {
        return switch (type) {
            case 1 -> "solicit";
            case 2 -> "advertise";
            case 3 -> "request";
            case 4 -> "confirm";
            case 5 -> "renew";
            case 6 -> "rebind";
            case 7 -> "reply";
            case 8 -> "release";
            case 9 -> "decline";
            case 10 -> "reconfigure";
            case 11 -> "information_request";
            default -> null;
        };
    }

    static final class Options {
        final List<Integer> codes = new ArrayList<>();
        String clientDuid;
        Integer duidType;
        MacAddress duidLinkLayer;
        String serverDuid;
        List<Integer> optionRequestList;
        Long vendorEnterprise;
        final List<String> vendorClass = new ArrayList<>();
        final List<String> userClass = new ArrayList<>();
        String fqdn;
        final List<IpAddress> addresses = new ArrayList<>();
        final List<IpAddress> dnsServers = new ArrayList<>();
        final List<String> domainSearch = new ArrayList<>();
        Integer statusCode;

        /** Parses options in [pos, end); {@code level} 0 is the message, 1 inside IA_NA/IA_TA. */
        void parse(byte[] d, int pos, int end, AnalyzerContext ctx, int level) {
            while (pos < end) {
                if (pos + 4 > end) {
                    ctx.anomaly("dhcpv6_option_truncated");
                    return;
                }
                int code = u16(d, pos);
                int l = u16(d, pos + 2);
                int v = pos + 4;
                if (v + l > end) {
                    ctx.anomaly("dhcpv6_option_truncated");
                    return;
                }
                if (level == 0 && codes.size() < MAX_OPTIONS) {
                    codes.add(code);
                }
                switch (code) {
                    case 1 -> {
                        if (level == 0 && clientDuid == null) {
                            clientDuid = Ascii.hex(d, v, l);
                            if (l >= 2) {
                                duidType = u16(d, v);
                                // link-layer DUIDs over Ethernet (hardware type 1): LLT has a 4-byte time first
                                int hwAt = duidType == 1 ? v + 8 : duidType == 3 ? v + 4 : -1;
                                if (hwAt > 0 && l >= hwAt - v && u16(d, v + 2) == 1 && v + l - hwAt == 6) {
                                    duidLinkLayer = MacAddress.of(d, hwAt);
                                }
                            }
                        }
                    }
                    case 2 -> serverDuid = level == 0 && serverDuid == null ? Ascii.hex(d, v, l) : serverDuid;
                    case 3 -> {
                        if (level == 0 && l >= 12) {
                            parse(d, v + 12, v + l, ctx, 1);
                        }
                    }
                    case 4 -> {
                        if (level == 0 && l >= 4) {
                            parse(d, v + 4, v + l, ctx, 1);
                        }
                    }
                    case 5 -> {
                        if (level == 1 && l >= 24 && addresses.size() < MAX_ITEMS) {
                            addresses.add(IpAddress.of(d, v, 16));
                        }
                    }
                    case 6 -> {
                        if (level == 0 && optionRequestList == null) {
                            List<Integer> oro = new ArrayList<>();
                            for (int i = 0; i + 2 <= l && oro.size() < 64; i += 2) {
                                oro.add(u16(d, v + i));
                            }
                            optionRequestList = oro;
                        }
                    }
                    case 13 -> {
                        if (level == 0 && l >= 2 && statusCode == null) {
                            statusCode = u16(d, v);
                        }
                    }
                    case 15 -> items(d, v, v + l, userClass);
                    case 16 -> {
                        if (l >= 4 && vendorEnterprise == null) {
                            vendorEnterprise = ((long) u16(d, v) << 16) | u16(d, v + 2);
                            items(d, v + 4, v + l, vendorClass);
                        }
                    }
                    case 23 -> {
                        for (int i = 0; i + 16 <= l && dnsServers.size() < MAX_ITEMS; i += 16) {
                            dnsServers.add(IpAddress.of(d, v + i, 16));
                        }
                    }
                    case 24 -> names(d, v, v + l, domainSearch);
                    case 39 -> {
                        if (l >= 1 && fqdn == null) {
                            List<String> one = new ArrayList<>(1);
                            names(d, v + 1, v + l, one);
                            fqdn = one.isEmpty() ? "" : one.get(0);
                        }
                    }
                    default -> {
                        // listed by code only
                    }
                }
                pos = v + l;
            }
        }
    }

    /** Length-prefixed opaque items (user class, vendor class data). */
    private static void items(byte[] d, int pos, int end, List<String> out) {
        while (pos + 2 <= end && out.size() < MAX_ITEMS) {
            int l = u16(d, pos);
            if (pos + 2 + l > end) {
                return;
            }
            out.add(Ascii.textWithNul(d, pos + 2, l, 255));
            pos += 2 + l;
        }
    }

    /** Uncompressed DNS names, one after the other; a final partial name (no root label) is kept. */
    private static void names(byte[] d, int pos, int end, List<String> out) {
        StringBuilder sb = new StringBuilder();
        while (pos < end && out.size() < MAX_ITEMS) {
            int l = d[pos] & 0xFF;
            if (l == 0) {
                out.add(sb.toString());
                sb.setLength(0);
                pos++;
                continue;
            }
            if ((l & 0xC0) != 0 || pos + 1 + l > end) {
                return;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            DnsNames.appendText(sb, d, pos + 1, l, 255);
            pos += 1 + l;
        }
        if (sb.length() > 0 && out.size() < MAX_ITEMS) {
            out.add(sb.toString());
        }
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    /** A client/server or relay message whose options exactly fill the datagram, with at least one option. */
    public static boolean looksLikeDhcp6(byte[] d, int off, int len) {
        if (len < 8) {
            return false;
        }
        int type = d[off] & 0xFF;
        int pos;
        if (type >= 1 && type <= 11) {
            pos = off + 4;
        } else if (type == 12 || type == 13) {
            if (len < 38) {
                return false;
            }
            pos = off + 34;
        } else {
            return false;
        }
        int end = off + len;
        int options = 0;
        while (pos + 4 <= end) {
            int code = u16(d, pos);
            int l = u16(d, pos + 2);
            if (code == 0 || code > 512 || pos + 4 + l > end) {
                return false;
            }
            pos += 4 + l;
            options++;
        }
        return pos == end && options > 0;
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "dhcpv6";
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public int[] portHints() {
            return new int[] {546, 547};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeDhcp6(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new Dhcp6Analyzer();
        }
    }
}
