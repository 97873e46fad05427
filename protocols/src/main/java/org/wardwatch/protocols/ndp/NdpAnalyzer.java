package org.wardwatch.protocols.ndp;

import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.protocols.arp.AddressBindingTable;
import org.wardwatch.protocols.spi.FrameAnalyzer;
import org.wardwatch.protocols.spi.FrameContext;

/**
 * IPv6 neighbor discovery (RFC 4861 section 4, options section 4.6.1) over Ethernet: reports
 * MAC-to-IPv6 bindings as {@link AddressSeen}:
 * <ul>
 * <li>router solicitation (133, source {@code ndp_rs}), router advertisement (134, {@code ndp_ra}) and
 *     neighbor solicitation (135, {@code ndp_ns}): the IPv6 source with the Source Link-Layer Address
 *     option. A solicitation from the unspecified address (duplicate address detection, RFC 4862) binds
 *     nothing;</li>
 * <li>neighbor advertisement (136, {@code ndp_na}): the target address with the Target Link-Layer
 *     Address option, or with the Ethernet source when the option is absent and the advertiser is the
 *     target itself.</li>
 * </ul>
 * Messages whose hop limit is not 255 are discarded as the RFC requires (they did not come from the
 * link). Each binding is reported when new and then at most once per 10 minutes of packet time.
 *
 * <p>Anomalies: {@code ndp_truncated}, {@code ndp_bad_code}, {@code ndp_hop_limit_not_255},
 * {@code ndp_option_zero_length}, {@code ndp_option_truncated}, {@code ndp_lla_mismatch} (the
 * link-layer address option differs from the Ethernet source).
 *
 * <p>Known gaps: redirects (137) and SEND options are ignored; only 6-byte link-layer addresses.
 */
public final class NdpAnalyzer implements FrameAnalyzer {
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int IPPROTO_ICMPV6 = 58;
    private static final long REFRESH_NANOS = 600L * 1_000_000_000L;
    private static final int RS = 133, RA = 134, NS = 135, NA = 136;
    private static final int OPT_SOURCE_LLA = 1, OPT_TARGET_LLA = 2;

    private final AddressBindingTable reported = new AddressBindingTable(8192, REFRESH_NANOS);

    @Override
    public String name() {
        return "ndp";
    }

    @Override
    public boolean accepts(int etherType, int ipProtocol) {
        return ipProtocol == IPPROTO_ICMPV6;
    }

    @Override
    public void onFrame(byte[] data, int offset, int length, FrameContext ctx) {
        if (length < 4) {
            ctx.anomaly("ndp_truncated");
            return;
        }
        int type = data[offset] & 0xFF;
        if (type < RS || type > NA) {
            return; // other ICMPv6 messages are not ours
        }
        if ((data[offset + 1] & 0xFF) != 0) {
            ctx.anomaly("ndp_bad_code");
            return;
        }
        int ttl = ctx.ttl();
        if (ttl >= 0 && ttl != 255) {
            ctx.anomaly("ndp_hop_limit_not_255");
            return;
        }
        int optionsStart = switch (type) {
            case RS -> 8;
            case RA -> 16;
            default -> 24; // NS, NA: reserved/flags (4) + target (16)
        };
        if (length < optionsStart) {
            ctx.anomaly("ndp_truncated");
            return;
        }
        long lla = findLinkLayerOption(data, offset + optionsStart, length - optionsStart,
                type == NA ? OPT_TARGET_LLA : OPT_SOURCE_LLA, ctx);
        if (lla == -2) {
            return; // malformed options, counted
        }
        MacAddress frameSource = ctx.clientMac();
        if (lla >= 0 && frameSource != null && frameSource.value() != lla && type != NA) {
            ctx.anomaly("ndp_lla_mismatch");
        }
        IpAddress bound;
        String source;
        if (type == NA) {
            bound = IpAddress.of(data, offset + 8, 16);
            if (lla < 0) {
                IpAddress src = ctx.srcIp();
                if (frameSource == null || src == null || !src.equals(bound)) {
                    return;
                }
                lla = frameSource.value();
            }
            source = "ndp_na";
        } else {
            if (lla < 0) {
                return; // no link-layer address given: nothing binds
            }
            bound = ctx.srcIp();
            if (bound == null || (bound.hi() == 0 && bound.lo() == 0)) {
                return; // duplicate address detection from ::
            }
            source = type == RS ? "ndp_rs" : type == RA ? "ndp_ra" : "ndp_ns";
        }
        if (lla == 0 || (lla & 0x0100_0000_0000L) != 0 || bound.isMulticast()) {
            return;
        }
        int vlan = ctx.vlan();
        if (reported.shouldReport(lla, bound.hi(), bound.lo(), vlan, type, ctx.tsNanos())) {
            ctx.emit(new AddressSeen(ctx.ts(), new MacAddress(lla), bound, vlan, source));
        }
    }

    /**
     * The 48-bit address of the first option of {@code wanted} type, -1 when absent, -2 when the
     * options are malformed (anomaly counted).
     */
    private static long findLinkLayerOption(byte[] data, int off, int len, int wanted, FrameContext ctx) {
        int end = off + len;
        long found = -1;
        while (off < end) {
            if (end - off < 2) {
                ctx.anomaly("ndp_option_truncated");
                return -2;
            }
            int optType = data[off] & 0xFF;
            int optLen = (data[off + 1] & 0xFF) * 8;
            if (optLen == 0) {
                ctx.anomaly("ndp_option_zero_length"); // RFC 4861 4.6: silently discard the packet
                return -2;
            }
            if (optLen > end - off) {
                ctx.anomaly("ndp_option_truncated");
                return -2;
            }
            if (optType == wanted && found < 0 && optLen >= 8) {
                long v = 0;
                for (int i = 0; i < 6; i++) {
                    v = (v << 8) | (data[off + 2 + i] & 0xFF);
                }
                found = v;
            }
            off += optLen;
        }
        return found;
    }
}
