package org.wardwatch.protocols.lldp;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.lldp.LldpNeighborSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.FrameAnalyzer;
import org.wardwatch.protocols.spi.FrameContext;

/**
 * LLDP analyzer (IEEE 802.1AB-2016 clause 8 TLVs; IEEE 802.1 organizational TLV Port VLAN ID, Annex D;
 * LLDP-MED ANSI/TIA-1057 capabilities and inventory TLVs). Ethertype 0x88CC.
 *
 * <p>Each sender's advertisement is reported when it first appears and whenever its content changes
 * (the TTL TLV excluded), through a bounded {@link NeighborTable}.
 *
 * <p>Known gaps: LLDP-MED network policy and location TLVs, 802.3 MAC/PHY TLVs and other organizational
 * TLVs are skipped; chassis and port ids of subtype "network address" with an unknown family are shown in hex.
 */
public final class LldpAnalyzer implements FrameAnalyzer {
    public static final int ETHERTYPE = 0x88CC;
    private static final int MAX_ADDRESSES = 8;
    private static final String[] CAPABILITIES = {"other", "repeater", "bridge", "wlan_ap", "router", "telephone",
        "docsis", "station", "cvlan", "svlan", "tpmr"};

    private final NeighborTable neighbors = new NeighborTable(4096);

    @Override
    public String name() {
        return "lldp";
    }

    @Override
    public boolean accepts(int etherType, int ipProtocol) {
        return etherType == ETHERTYPE;
    }

    @Override
    public void onFrame(byte[] b, int off, int len, FrameContext ctx) {
        int end = Math.min(b.length, off + len);
        int p = off;
        String chassisId = null, portId = null, portDesc = null, sysName = null, sysDesc = null;
        int chassisSubtype = 0, portSubtype = 0;
        Integer ttl = null, nativeVlan = null, medClass = null;
        String hw = null, fw = null, sw = null, serial = null, mfr = null, model = null;
        List<String> caps = new ArrayList<>();
        List<String> mgmt = new ArrayList<>();
        int digest = 0;
        int index = 0;
        boolean ended = false;
        while (p + 2 <= end) {
            int header = WireText.u16(b, p);
            int type = header >>> 9;
            int tlen = header & 0x1FF;
            int v = p + 2;
            if (v + tlen > end) {
                ctx.anomaly("lldp_tlv_truncated");
                break;
            }
            if (type == 0) {
                ended = true;
                break;
            }
            // 802.1AB 8.2: the first three TLVs are Chassis ID, Port ID and TTL, in that order
            if ((index == 0 && type != 1) || (index == 1 && type != 2) || (index == 2 && type != 3)) {
                ctx.anomaly("lldp_mandatory_tlv_missing");
                return;
            }
            index++;
            if (type != 3) {
                digest = NeighborTable.digest(b, p, 2 + tlen, digest);
            }
            switch (type) {
                case 1 -> {
                    if (tlen >= 2) {
                        chassisSubtype = b[v] & 0xFF;
                        chassisId = id(b, v + 1, tlen - 1, chassisSubtype == 4, chassisSubtype == 5);
                    }
                }
                case 2 -> {
                    if (tlen >= 2) {
                        portSubtype = b[v] & 0xFF;
                        portId = id(b, v + 1, tlen - 1, portSubtype == 3, portSubtype == 4);
                    }
                }
                case 3 -> ttl = tlen >= 2 ? WireText.u16(b, v) : null;
                case 4 -> portDesc = text(b, v, tlen);
                case 5 -> sysName = text(b, v, tlen);
                case 6 -> sysDesc = text(b, v, tlen);
                case 7 -> {
                    if (tlen >= 4) {
                        int enabled = WireText.u16(b, v + 2);
                        for (int i = 0; i < CAPABILITIES.length; i++) {
                            if ((enabled & (1 << i)) != 0) {
                                caps.add(CAPABILITIES[i]);
                            }
                        }
                    }
                }
                case 8 -> {
                    // address string length (subtype + address), IANA address family, address
                    if (tlen >= 2) {
                        int alen = b[v] & 0xFF;
                        if (alen >= 2 && alen + 1 <= tlen && mgmt.size() < MAX_ADDRESSES) {
                            mgmt.add(address(b[v + 1] & 0xFF, b, v + 2, alen - 1));
                        }
                    }
                }
                case 127 -> {
                    if (tlen >= 4) {
                        int oui = (int) (WireText.u32(b, v) >>> 8);
                        int sub = b[v + 3] & 0xFF;
                        int d = v + 4;
                        int dl = tlen - 4;
                        if (oui == 0x0080C2 && sub == 1 && dl >= 2) {
                            nativeVlan = WireText.u16(b, d);
                        } else if (oui == 0x0012BB) {
                            switch (sub) {
                                case 1 -> medClass = dl >= 3 ? b[d + 2] & 0xFF : null;
                                case 5 -> hw = text(b, d, dl);
                                case 6 -> fw = text(b, d, dl);
                                case 7 -> sw = text(b, d, dl);
                                case 8 -> serial = text(b, d, dl);
                                case 9 -> mfr = text(b, d, dl);
                                case 10 -> model = text(b, d, dl);
                                default -> {
                                }
                            }
                        }
                    }
                }
                default -> {
                }
            }
            p = v + tlen;
        }
        if (index < 3) {
            ctx.anomaly("lldp_mandatory_tlv_missing");
            return;
        }
        if (!ended) {
            ctx.anomaly("lldp_end_tlv_missing");
        }
        MacAddress source = ctx.clientMac();
        long key = ((source == null ? 0L : source.value()) << 12) ^ ctx.vlan();
        if (!neighbors.changed(key, digest)) {
            return;
        }
        ctx.emit(new LldpNeighborSeen(ctx.ts(), source, ctx.vlan(), chassisId, chassisSubtype, portId, portSubtype, ttl,
                portDesc, sysName, sysDesc, caps, mgmt, nativeVlan, medClass, hw, fw, sw, serial, mfr, model));
    }

    private static String text(byte[] b, int off, int len) {
        String s = WireText.utf8(b, off, len, WireText.MAX_CHARS);
        return s == null || s.isEmpty() ? null : s;
    }

    /** A chassis or port id: MAC, network address (family byte + address) or text. */
    private static String id(byte[] b, int off, int len, boolean mac, boolean network) {
        if (mac && len == 6) {
            return MacAddress.of(b, off).toString();
        }
        if (network && len >= 2) {
            return address(b[off] & 0xFF, b, off + 1, len - 1);
        }
        return text(b, off, len);
    }

    /** IANA address family 1 = IPv4, 2 = IPv6, 6 = 802 MAC; others in hex. */
    static String address(int family, byte[] b, int off, int len) {
        if (family == 1 && len == 4) {
            return WireText.ipv4(b, off);
        }
        if (family == 2 && len == 16) {
            return IpAddress.of(b, off, 16).toString();
        }
        if (family == 6 && len == 6) {
            return MacAddress.of(b, off).toString();
        }
        return WireText.hex(b, off, len);
    }
}
