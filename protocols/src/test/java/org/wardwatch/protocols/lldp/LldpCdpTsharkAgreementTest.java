package org.wardwatch.protocols.lldp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.cdp.CdpNeighborSeen;
import org.wardwatch.model.obs.lldp.LldpNeighborSeen;
import org.wardwatch.protocols.cdp.CdpAnalyzer;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Frames;
import org.wardwatch.testkit.Requirements;

/**
 * LLDP and CDP fields equal tshark's on every frame of the corpus captures. tshark fields compared:
 * eth.src, lldp.chassis.id.mac / lldp.chassis.id, lldp.port.id, lldp.port.desc, lldp.tlv.system.name,
 * lldp.tlv.system.desc, lldp.tlv.enable_system_cap, lldp.mgn.addr.ip4; cdp.version, cdp.deviceid,
 * cdp.platform, cdp.portid, cdp.software_version (tshark splits it into lines; we join lines with a
 * space), cdp.nrgyz.ip_address (the Addresses TLV), cdp.capabilities, cdp.native_vlan.
 */
class LldpCdpTsharkAgreementTest {

    @Test
    void lldpNeighborEqualsTsharks() {
        Path capture = Requirements.sharedFile("corpus/protocols/zeek_lldp.pcap");
        AnalyzerHarness h = Frames.replay(capture, new LldpAnalyzer());
        String[] fields = {"eth.src", "lldp.chassis.id.mac", "lldp.chassis.id", "lldp.port.id", "lldp.port.desc",
            "lldp.tlv.system.name", "lldp.tlv.system.desc", "lldp.tlv.enable_system_cap", "lldp.mgn.addr.ip4"};
        List<String> rows = rows(capture, "lldp", fields);
        Agreement a = new Agreement("zeek_lldp.pcap lldp");
        for (String row : rows) {
            String[] c = row.split("\t", -1);
            int caps = Integer.decode(c[7]);
            a.expect(c[0] + "|" + (c[1].isEmpty() ? c[2] : c[1]) + "|" + c[3] + "|" + c[4] + "|" + c[5] + "|" + c[6] + "|"
                    + capabilityBits(caps) + "|" + c[8]);
        }
        for (LldpNeighborSeen n : h.observations(LldpNeighborSeen.class)) {
            a.actual(n.source() + "|" + n.chassisId() + "|" + n.portId() + "|" + n.portDescription() + "|" + n.systemName() + "|"
                    + n.systemDescription() + "|" + n.capabilities() + "|" + String.join(",", n.managementAddresses()));
        }
        a.assertEqual();
        assertThat(h.counters()).doesNotContainKey("lldp_internal_error");
    }

    @Test
    void cdpNeighborEqualsTsharks() {
        Path capture = Requirements.sharedFile("corpus/protocols/zeek_cdp_v1.pcap");
        AnalyzerHarness h = Frames.replay(capture, new CdpAnalyzer());
        String[] fields = {"eth.src", "cdp.version", "cdp.deviceid", "cdp.platform", "cdp.portid", "cdp.software_version",
            "cdp.nrgyz.ip_address", "cdp.capabilities", "cdp.native_vlan"};
        Agreement a = new Agreement("zeek_cdp_v1.pcap cdp");
        for (String row : rows(capture, "cdp", fields)) {
            String[] c = row.split("\t", -1);
            a.expect(c[0] + "|v" + c[1] + "|" + c[2] + "|" + c[3] + "|" + c[4] + "|" + c[5].replace("|", " ") + "|" + c[6] + "|"
                    + cdpCapabilities(c[7].isEmpty() ? 0 : Long.decode(c[7])) + "|" + (c[8].isEmpty() ? null : c[8]));
        }
        for (CdpNeighborSeen n : h.observations(CdpNeighborSeen.class)) {
            a.actual(n.source() + "|v" + n.version() + "|" + n.deviceId() + "|" + n.platform() + "|" + n.portId() + "|"
                    + n.softwareVersion() + "|" + String.join(",", n.addresses()) + "|" + n.capabilities() + "|" + n.nativeVlan());
        }
        a.assertEqual();
    }

    /** tshark with '|' between occurrences of a field (multi-line strings come back one line per occurrence). */
    private static List<String> rows(Path capture, String filter, String... fields) {
        List<String> cmd = new java.util.ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-T", "fields",
                "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=/t"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Requirements.command("tshark");
        return java.util.Arrays.stream(Requirements.run(60, cmd.toArray(String[]::new)).split("\n")).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> capabilityBits(int bits) {
        String[] names = {"other", "repeater", "bridge", "wlan_ap", "router", "telephone", "docsis", "station", "cvlan", "svlan", "tpmr"};
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(names[i]);
            }
        }
        return out;
    }

    private static List<String> cdpCapabilities(long bits) {
        String[] names = {"router", "transparent_bridge", "source_route_bridge", "switch", "host", "igmp", "repeater", "voip_phone",
            "remotely_managed", "cvta", "mac_relay"};
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1L << i)) != 0) {
                out.add(names[i]);
            }
        }
        return out;
    }
}
