package org.wardwatch.protocols.cdp;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.cdp.CdpNeighborSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.lldp.NeighborTable;
import org.wardwatch.protocols.spi.FrameAnalyzer;
import org.wardwatch.protocols.spi.FrameContext;

/**
 * Cisco Discovery Protocol v1/v2 analyzer. CDP rides on 802.3 frames with an LLC/SNAP header
 * (AA AA 03, OUI 00-00-0C, PID 0x2000) to 01:00:0c:cc:cc:cc; the frame analyzer receives the bytes from
 * the LLC header on. Header: version (1), TTL (1), checksum (2); then TLVs of type (2), length (2,
 * header included), value. No public specification exists: the TLV layout follows Cisco's "CDP
 * Protocol" documentation as implemented by Wireshark's and Zeek's dissectors.
 *
 * <p>Reported when a sender's advertisement first appears or changes (TTL and checksum excluded).
 *
 * <p>Known gaps: ODR prefixes, power and trust TLVs are skipped; addresses other than IPv4 (NLPID 0xCC)
 * and IPv6 (802.2 86DD) are shown in hex.
 */
public final class CdpAnalyzer implements FrameAnalyzer {
    private static final byte[] SNAP = {(byte) 0xAA, (byte) 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x20, 0x00};
    private static final int MAX_ADDRESSES = 8;
    private static final String[] CAPABILITIES = {"router", "transparent_bridge", "source_route_bridge", "switch",
        "host", "igmp", "repeater", "voip_phone", "remotely_managed", "cvta", "mac_relay"};

    private final NeighborTable neighbors = new NeighborTable(4096);

    @Override
    public String name() {
        return "cdp";
    }

    @Override
    public boolean accepts(int etherType, int ipProtocol) {
        return etherType == 0;
    }

    @Override
    public void onFrame(byte[] b, int off, int len, FrameContext ctx) {
        int end = Math.min(b.length, off + len);
        if (end - off < SNAP.length) {
            return;
        }
        for (int i = 0; i < SNAP.length; i++) {
            if (b[off + i] != SNAP[i]) {
                return; // another LLC protocol (STP, ...): not ours, not an anomaly
            }
        }
        int p = off + SNAP.length;
        if (end - p < 4) {
            ctx.anomaly("cdp_truncated");
            return;
        }
        int version = b[p] & 0xFF;
        if (version < 1 || version > 2) {
            ctx.anomaly("cdp_unknown_version");
            return;
        }
        p += 4;
        String deviceId = null, software = null, platform = null, portId = null, vtp = null;
        Integer nativeVlan = null;
        List<String> caps = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<String> mgmt = new ArrayList<>();
        int digest = version;
        int tlvs = 0;
        while (p + 4 <= end) {
            int type = WireText.u16(b, p);
            int tlen = WireText.u16(b, p + 2);
            if (tlen < 4) {
                if (type != 0 || tlen != 0) {
                    ctx.anomaly("cdp_tlv_bad_length");
                }
                break;
            }
            if (p + tlen > end) {
                ctx.anomaly("cdp_tlv_truncated");
                break;
            }
            tlvs++;
            digest = NeighborTable.digest(b, p, tlen, digest);
            int v = p + 4;
            int vl = tlen - 4;
            switch (type) {
                case 0x0001 -> deviceId = text(b, v, vl);
                case 0x0002 -> addresses(b, v, vl, addresses, ctx);
                case 0x0003 -> portId = text(b, v, vl);
                case 0x0004 -> {
                    if (vl >= 4) {
                        long bits = WireText.u32(b, v);
                        for (int i = 0; i < CAPABILITIES.length; i++) {
                            if ((bits & (1L << i)) != 0) {
                                caps.add(CAPABILITIES[i]);
                            }
                        }
                    }
                }
                case 0x0005 -> software = text(b, v, vl);
                case 0x0006 -> platform = text(b, v, vl);
                case 0x0009 -> vtp = text(b, v, vl);
                case 0x000a -> nativeVlan = vl >= 2 ? WireText.u16(b, v) : null;
                case 0x0016 -> addresses(b, v, vl, mgmt, ctx);
                default -> {
                }
            }
            p += tlen;
        }
        if (tlvs == 0) {
            ctx.anomaly("cdp_no_tlv");
            return;
        }
        MacAddress source = ctx.clientMac();
        long key = ((source == null ? 0L : source.value()) << 12) ^ ctx.vlan();
        if (!neighbors.changed(key, digest)) {
            return;
        }
        ctx.emit(new CdpNeighborSeen(ctx.ts(), source, ctx.vlan(), version, deviceId, software, platform, portId, caps,
                addresses, mgmt, nativeVlan, vtp));
    }

    private static String text(byte[] b, int off, int len) {
        String s = WireText.utf8(b, off, len, WireText.MAX_CHARS);
        return s == null || s.isEmpty() ? null : s;
    }

    /** Count (4), then per address: protocol type (1), protocol length (1), protocol, address length (2), address. */
    private static void addresses(byte[] b, int off, int len, List<String> out, FrameContext ctx) {
        int end = off + len;
        if (len < 4) {
            ctx.anomaly("cdp_address_truncated");
            return;
        }
        long count = WireText.u32(b, off);
        int p = off + 4;
        for (long i = 0; i < count; i++) {
            if (p + 2 > end) {
                ctx.anomaly("cdp_address_truncated");
                return;
            }
            int ptype = b[p] & 0xFF;
            int plen = b[p + 1] & 0xFF;
            int proto = p + 2;
            if (proto + plen + 2 > end) {
                ctx.anomaly("cdp_address_truncated");
                return;
            }
            int alen = WireText.u16(b, proto + plen);
            int a = proto + plen + 2;
            if (a + alen > end) {
                ctx.anomaly("cdp_address_truncated");
                return;
            }
            if (out.size() < MAX_ADDRESSES) {
                if (ptype == 1 && plen == 1 && (b[proto] & 0xFF) == 0xCC && alen == 4) {
                    out.add(WireText.ipv4(b, a));
                } else if (ptype == 2 && plen == 8 && (b[proto + 6] & 0xFF) == 0x86 && (b[proto + 7] & 0xFF) == 0xDD
                        && alen == 16) {
                    out.add(IpAddress.of(b, a, 16).toString());
                } else {
                    out.add(WireText.hex(b, a, alen));
                }
            }
            p = a + alen;
        }
    }
}
