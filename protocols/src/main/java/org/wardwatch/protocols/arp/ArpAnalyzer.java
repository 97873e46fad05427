package org.wardwatch.protocols.arp;

import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.protocols.spi.FrameAnalyzer;
import org.wardwatch.protocols.spi.FrameContext;

/**
 * ARP for IPv4 over Ethernet (RFC 826; gratuitous ARP and ARP probes per RFC 5227): reports the
 * sender's MAC-to-IPv4 binding as {@link AddressSeen} with source {@code arp}, or
 * {@code arp_gratuitous} when the sender announces its own address (sender IP = target IP).
 * ARP probes (sender IP 0.0.0.0) bind nothing and are not reported.
 *
 * <p>Each binding is reported when first seen and then at most once per 10 minutes of packet time
 * ({@link AddressBindingTable}).
 *
 * <p>Anomalies: {@code arp_truncated}, {@code arp_not_ethernet_ipv4} (other hardware/protocol types),
 * {@code arp_bad_opcode}, {@code arp_sender_mac_mismatch} (sender hardware address differs from the
 * Ethernet source: proxy ARP, bridges, or spoofing), {@code arp_sender_mac_invalid} (multicast or zero).
 *
 * <p>Known gaps: RARP and InARP are ignored; non-Ethernet hardware types are only counted.
 */
public final class ArpAnalyzer implements FrameAnalyzer {
    public static final int ETHERTYPE_ARP = 0x0806;
    private static final long REFRESH_NANOS = 600L * 1_000_000_000L;
    private static final int SOURCE_ARP = 1;
    private static final int SOURCE_GRATUITOUS = 2;

    private final AddressBindingTable reported = new AddressBindingTable(8192, REFRESH_NANOS);

    @Override
    public String name() {
        return "arp";
    }

    @Override
    public boolean accepts(int etherType, int ipProtocol) {
        return etherType == ETHERTYPE_ARP;
    }

    @Override
    public void onFrame(byte[] data, int offset, int length, FrameContext ctx) {
        if (length < 8) {
            ctx.anomaly("arp_truncated");
            return;
        }
        int htype = u16(data, offset);
        int ptype = u16(data, offset + 2);
        int hlen = data[offset + 4] & 0xFF;
        int plen = data[offset + 5] & 0xFF;
        int oper = u16(data, offset + 6);
        if (htype != 1 || ptype != 0x0800 || hlen != 6 || plen != 4) {
            ctx.anomaly("arp_not_ethernet_ipv4");
            return;
        }
        if (length < 28) {
            ctx.anomaly("arp_truncated");
            return;
        }
        if (oper != 1 && oper != 2) {
            ctx.anomaly("arp_bad_opcode");
            return;
        }
        long sha = mac48(data, offset + 8);
        int spa = i32(data, offset + 14);
        int tpa = i32(data, offset + 24);
        if (spa == 0) {
            return; // ARP probe (RFC 5227): the sender owns no address yet
        }
        if (sha == 0 || (sha & 0x0100_0000_0000L) != 0) {
            ctx.anomaly("arp_sender_mac_invalid");
            return;
        }
        MacAddress frameSource = ctx.clientMac();
        if (frameSource != null && frameSource.value() != sha) {
            ctx.anomaly("arp_sender_mac_mismatch");
        }
        boolean gratuitous = spa == tpa;
        int vlan = ctx.vlan();
        if (reported.shouldReport(sha, 0, spa & 0xFFFF_FFFFL, vlan, gratuitous ? SOURCE_GRATUITOUS : SOURCE_ARP, ctx.tsNanos())) {
            ctx.emit(new AddressSeen(ctx.ts(), new MacAddress(sha), IpAddress.ofV4(spa), vlan,
                    gratuitous ? "arp_gratuitous" : "arp"));
        }
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    private static int i32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    private static long mac48(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[o + i] & 0xFF);
        }
        return v;
    }
}
