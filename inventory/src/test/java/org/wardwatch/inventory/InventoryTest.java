package org.wardwatch.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.inventory.Obs.*;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.wardwatch.inventory.identify.BehaviourModel;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.rules.RuleSet;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;
import org.wardwatch.model.device.Criticality;
import org.wardwatch.model.device.Device;

class InventoryTest {
    private static final KnowledgeBase KB = KnowledgeBase.defaults();
    private static final RuleSet RULES = RuleSet.defaults(KB);

    private static Inventory.Result run(int maxDevices, Observation... observations) {
        Inventory inv = new Inventory(KB, RULES, BehaviourModel.NONE, maxDevices);
        for (Observation o : observations) {
            inv.accept(o);
        }
        return inv.finish();
    }

    private static Map<String, Device> byId(Inventory.Result r) {
        return r.devices().stream().collect(Collectors.toMap(Device::id, Function.identity()));
    }

    @Test
    void dhcpFingerprintGivesTheOsAndTheOuiTheMaker() {
        var r = run(100, dhcp(0, "00:12:21:01:02:03", "pump-ward3-07", List.of(1, 15, 3, 6, 44, 46, 47, 31, 33, 249, 43), "MSFT 5.0"));
        Device d = byId(r).get("mac-001221010203");
        assertThat(d.vendor().value()).isEqualTo("B. Braun");
        assertThat(d.os().value()).isEqualTo("Windows XP");
        assertThat(d.os().evidence()).extracting(e -> e.rule()).contains("dhcp.option55.fingerbank", "dhcp.option60");
        assertThat(d.hostname()).isEqualTo("pump-ward3-07");
        assertThat(d.randomizedMac()).isFalse();
        assertThat(d.layer3Only()).isFalse();
    }

    @Test
    void reusedIpIsAttributedToItsHolderAtTheTime() {
        FlowId a = tcp("10.0.0.5", 50000, "10.0.0.1", 80);
        var r = run(100,
                arp(0, "00:00:0c:00:00:01", "10.0.0.1"),
                arp(0, "00:12:21:00:00:0a", "10.0.0.5"),
                http(10, a, "curl/8.5.0"),
                arp(100, "00:1a:01:00:00:0b", "10.0.0.5"),
                http(110, a, "Wget/1.21"));
        Map<String, Device> d = byId(r);
        Device first = d.get("mac-00122100000a");
        Device second = d.get("mac-001a0100000b");
        assertThat(first.software()).extracting(s -> s.product()).containsExactly("curl");
        assertThat(second.software()).extracting(s -> s.product()).containsExactly("Wget");
        assertThat(first.addresses()).singleElement().satisfies(p -> assertThat(p.lastSeen()).isEqualTo(t(0)));
        assertThat(second.addresses()).singleElement().satisfies(p -> assertThat(p.firstSeen()).isEqualTo(t(100)));
        assertThat(r.counters()).containsEntry("inventory_ip_reassigned", 1L);
    }

    @Test
    void dhcpRenewalsExtendOneAddressPeriod() {
        var r = run(100, arp(0, "00:12:21:00:00:0a", "10.0.0.5"), arp(3600, "00:12:21:00:00:0a", "10.0.0.5"),
                arp(7200, "00:12:21:00:00:0a", "10.0.0.5"));
        Device d = r.devices().get(0);
        assertThat(d.addresses()).singleElement().satisfies(p -> {
            assertThat(p.firstSeen()).isEqualTo(t(0));
            assertThat(p.lastSeen()).isEqualTo(t(7200));
        });
    }

    @Test
    void routerIsRecognizedAndDevicesBehindItAreLayer3Only() {
        String router = "00:00:0c:9f:f0:01";
        String host = "00:12:21:00:00:0a";
        var r = run(100,
                arp(0, host, "10.0.0.5"),
                flow(1, tcp("10.0.0.5", 40000, "93.184.216.34", 443), host, router, "tls"),
                flow(2, tcp("10.0.0.5", 40001, "10.9.0.7", 104), host, router, "dicom"),
                flow(3, tcp("10.9.0.8", 40001, "10.0.0.5", 22), router, host, null));
        Map<String, Device> d = byId(r);
        assertThat(d).containsKeys("mac-00122100000a", "mac-00000c9ff001", "ip-0-10.9.0.7", "ip-0-10.9.0.8");
        assertThat(d.get("ip-0-10.9.0.7").layer3Only()).isTrue();
        assertThat(d.get("ip-0-10.9.0.7").services()).extracting(s -> s.port()).containsExactly(104);
        assertThat(d.get("mac-00000c9ff001").category().value()).isEqualTo("network_equipment");
        assertThat(d).doesNotContainKey("ip-0-93.184.216.34");
        assertThat(d.get("mac-00122100000a").services()).extracting(s -> s.port()).containsExactly(22);
    }

    @Test
    void flowsAloneJoinAnAddressToItsOnlyMac() {
        var r = run(100, flow(1, tcp("192.168.1.20", 40000, "192.168.1.30", 80), "00:12:21:00:00:0a", "00:1a:01:00:00:0b", "http"));
        assertThat(byId(r)).containsOnlyKeys("mac-00122100000a", "mac-001a0100000b");
        assertThat(byId(r).get("mac-001a0100000b").services()).extracting(s -> s.application()).containsExactly("http");
    }

    @Test
    void scanTargetsThatNeverAnswerAreNotDevices() {
        Observation[] probes = new Observation[50];
        for (int i = 0; i < 50; i++) {
            probes[i] = unanswered(i, tcp("10.0.0.5", 40000 + i, "10.0.1." + (i + 1), 22), "00:12:21:00:00:0a");
        }
        var r = run(100, probes);
        assertThat(r.devices()).extracting(Device::id).containsExactly("mac-00122100000a");
    }

    @Test
    void randomizedMacIsFlaggedAndNamesNoVendor() {
        var r = run(100, dhcp(0, "da:a1:19:00:11:22", "Pixel-7", List.of(1, 3, 6), "android-dhcp-13"));
        Device d = r.devices().get(0);
        assertThat(d.randomizedMac()).isTrue();
        assertThat(d.vendor().isKnown()).isFalse();
        assertThat(d.os().value()).isEqualTo("Android 13");
        assertThat(d.category().value()).isEqualTo("mobile");
    }

    @Test
    void rotatedRandomMacsWithTheSameHostnameMerge() {
        var r = run(100, dhcp(0, "da:a1:19:00:11:22", "ward3-tablet-17", List.of(1, 3, 6), null),
                dhcp(90_000, "ea:b2:29:33:44:55", "ward3-tablet-17", List.of(1, 3, 6), null));
        assertThat(r.devices()).singleElement().satisfies(d -> assertThat(d.macs()).hasSize(2));
        assertThat(r.counters()).containsEntry("inventory_random_mac_merged", 1L);
    }

    @Test
    void dicomModalityIsIdentifiedWithRoleSoftwareAndEvidence() {
        FlowId f = tcp("10.1.0.20", 50000, "10.1.0.30", 104);
        var r = run(100,
                arp(0, "88:4b:39:00:00:01", "10.1.0.20"),
                arp(0, "00:50:56:00:00:02", "10.1.0.30"),
                associate(1, f, "CT_SCANNER_1", "PACS", "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367", "CT Image Storage"),
                operation(2, f, "C-STORE-RQ", "1.2.840.10008.5.1.4.1.1.2"),
                equipment(2, f, "CT", "SIEMENS", "SOMATOM Definition AS+", "12345"),
                flow(3, f, "88:4b:39:00:00:01", "00:50:56:00:00:02", "dicom"));
        Map<String, Device> d = byId(r);
        Device ct = d.get("mac-884b39000001");
        assertThat(ct.category().value()).isEqualTo("imaging_ct");
        assertThat(ct.criticality()).isEqualTo(Criticality.DIAGNOSTIC);
        assertThat(ct.vendor().value()).isEqualTo("Siemens Healthineers");
        assertThat(ct.vendor().confidence()).isGreaterThan(0.8);
        assertThat(ct.model().value()).isEqualTo("SOMATOM Definition AS+");
        assertThat(ct.serial().value()).isEqualTo("12345");
        assertThat(ct.software()).extracting(s -> s.product() + " " + s.version()).contains("DCMTK 3.6.7");
        assertThat(ct.roles()).singleElement().satisfies(role -> {
            assertThat(role.protocol()).isEqualTo("dicom");
            assertThat(role.role()).isEqualTo("scu");
            assertThat(role.name()).isEqualTo("CT_SCANNER_1");
            assertThat(role.peer()).isEqualTo("PACS");
        });
        assertThat(ct.hostname()).isEqualTo("CT01");
        Device pacs = d.get("mac-005056000002");
        assertThat(pacs.category().value()).isEqualTo("pacs");
    }

    @Test
    void hl7SenderAndReceiverGetRolesAndNoPatientData() {
        FlowId f = tcp("10.2.0.10", 50000, "10.2.0.11", 2575);
        var r = run(100, arp(0, "00:a0:37:00:00:01", "10.2.0.10"), arp(0, "00:50:56:00:00:09", "10.2.0.11"),
                hl7(1, f, "MINDRAY_EGATEWAY^00A037EB2175780F^EUI-64", "EHR", "ORU", "R01"));
        Map<String, Device> d = byId(r);
        Device gw = d.get("mac-00a037000001");
        assertThat(gw.category().value()).isEqualTo("medical_gateway");
        assertThat(gw.vendor().value()).isEqualTo("Mindray");
        assertThat(gw.roles()).singleElement().satisfies(role -> {
            assertThat(role.role()).isEqualTo("sender");
            assertThat(role.detail()).isEqualTo("ORU^R01");
        });
        assertThat(d.get("mac-005056000009").roles()).singleElement().satisfies(role -> assertThat(role.role()).isEqualTo("receiver"));
    }

    @Test
    void deviceCapIsCountedNotExceeded() {
        var r = run(3, arp(0, "00:12:21:00:00:01", "10.0.0.1"), arp(0, "00:12:21:00:00:02", "10.0.0.2"),
                arp(0, "00:12:21:00:00:03", "10.0.0.3"), arp(0, "00:12:21:00:00:04", "10.0.0.4"));
        assertThat(r.devices()).hasSize(3);
        assertThat(r.counters()).containsEntry("inventory_device_cap", 1L);
    }

    @Test
    void unknownIsHonest() {
        var r = run(100, arp(0, "02:00:00:00:00:01", "10.0.0.1"));
        Device d = r.devices().get(0);
        assertThat(d.vendor().isKnown()).isFalse();
        assertThat(d.model().isKnown()).isFalse();
        assertThat(d.os().isKnown()).isFalse();
    }

    @Test
    void aRoutedViewOnAnotherVlanJoinsTheBoundDeviceWithoutItsVlan() {
        String host = "00:12:21:00:00:0a";
        String router = "00:00:0c:9f:f0:01";
        FlowId routed = new FlowId(10, ip("10.20.1.11"), 40000, ip("10.10.1.5"), 443, FlowId.TCP);
        var r = run(100,
                flow(1, routed, router, "00:50:56:00:00:01", "tls"),
                new org.wardwatch.model.obs.AddressSeen(t(5), mac(host), ip("10.20.1.11"), 20, "arp"));
        Map<String, Device> d = byId(r);
        assertThat(d).doesNotContainKey("ip-10-10.20.1.11");
        Device dev = d.get("mac-00122100000a");
        assertThat(dev.vlans()).extracting(v -> v.vlan()).containsExactly(20);
        assertThat(r.counters()).containsEntry("inventory_layer3_joined_across_vlans", 1L);
    }

    @Test
    void oneDirectionLegsStillShowTheServiceAndTheAnswer() {
        // a SPAN of ingress traffic: the client's leg holds only client packets, with its ACKs
        FlowId f = tcp("10.0.0.5", 40000, "10.0.0.9", 104);
        var clientLeg = new org.wardwatch.model.obs.FlowRecord(t(2), f, t(1), t(2), mac("00:12:21:00:00:0a"), mac("00:50:56:00:00:09"),
                0, 10, 4000, 0, 0, 3000, 0, 0x1b, 0, "closing", "end_of_input", "dicom");
        var r = run(100, arp(0, "00:12:21:00:00:0a", "10.0.0.5"), arp(0, "00:50:56:00:00:09", "10.0.0.9"), clientLeg);
        Device server = byId(r).get("mac-005056000009");
        assertThat(server.services()).extracting(s -> s.port()).containsExactly(104);
    }
}

