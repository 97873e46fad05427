package org.wardwatch.protocols.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.snmp.SnmpMessageSeen;
import org.wardwatch.model.obs.snmp.SnmpSystemInfoSeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * SNMP fields equal tshark's on every message tshark dissects in the corpus. tshark fields compared:
 * snmp.version (absent for v3), snmp.community (presence only: the value is never kept), snmp.data
 * (the PDU type), snmp.msgAuthoritativeEngineID, snmp.msgUserName (presence), snmp.msgFlags (auth/priv),
 * and, in responses and traps, snmp.name with snmp.value.octets / snmp.value.oid for sysDescr,
 * sysObjectID, sysName and sysLocation.
 *
 * <p>Our records are one per distinct kind of message per flow (a walk of a thousand messages is a few
 * records): tshark's per-message rows are reduced to the same distinct sets per UDP stream before
 * comparing, while every message is checked. A message whose varbinds mix value types cannot be
 * aligned from tshark's flat field lists; such messages are counted and left out of the system-group
 * comparison (the count is printed).
 */
class SnmpTsharkAgreementTest {
    private static final String[] PDUS = {"get_request", "get_next_request", "response", "set_request", "trap",
        "get_bulk_request", "inform_request", "snmpv2_trap", "report"};

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_snmp.pcap", "protocols/zeek_snmpv1_get.pcap", "protocols/zeek_snmpv1_trap.pcap",
        "protocols/zeek_snmpv2_get_bulk.pcap", "protocols/zeek_snmpv3_get_next.pcap", "protocols/zeek_snmpwalk_short.pcap",
        "malformed/zeek_snmp_snmp-crash-62790.pcap", "malformed/zeek_snmp_snmp-oid-subidentifier-too-long.pcap"})
    void messageKindsAndSystemGroupEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "snmp", new SnmpAnalyzerFactory());
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("snmp && !_ws.malformed")
                .fields("udp.stream", "snmp.version", "snmp.community", "snmp.data", "snmp.name", "snmp.value.octets",
                        "snmp.value.oid", "snmp.msgAuthoritativeEngineID", "snmp.msgUserName", "snmp.msgFlags");
        Agreement kinds = new Agreement(name + " snmp messages");
        Agreement system = new Agreement(name + " snmp system group");
        int unaligned = 0;
        java.util.Set<String> kindSet = new java.util.TreeSet<>();
        java.util.Set<String> systemSet = new java.util.TreeSet<>();
        for (String[] c : rows) {
            String stream = r.flow(c[0]);
            String version = c[1].isEmpty() ? "v3" : c[1].equals("0") ? "v1" : "v2c";
            if (c[3].isEmpty()) {
                // a v3 message whose scoped PDU is encrypted: tshark shows snmp.encryptedPDU instead of data
                kindSet.add(stream + "|" + version + "|encrypted|" + engine(c[7]) + "|" + !c[8].isEmpty());
                continue;
            }
            String pdu = PDUS[Integer.parseInt(c[3].split(",")[0])];
            kindSet.add(stream + "|" + version + "|" + pdu + "|" + (version.equals("v3") ? engine(c[7]) + "|" + !c[8].isEmpty()
                    : "community=" + !c[2].isEmpty()));
            if (!List.of("response", "trap", "inform_request", "snmpv2_trap").contains(pdu) || c[4].isEmpty()) {
                continue;
            }
            String[] names = c[4].split(",");
            String[] octets = c[5].isEmpty() ? new String[0] : c[5].split(",");
            String[] oids = c[6].isEmpty() ? new String[0] : c[6].split(",");
            String descr = null, objectId = null, sysName = null, location = null;
            boolean anySys = false;
            for (String n : names) {
                anySys |= n.equals("1.3.6.1.2.1.1.1.0") || n.equals("1.3.6.1.2.1.1.2.0") || n.equals("1.3.6.1.2.1.1.5.0")
                        || n.equals("1.3.6.1.2.1.1.6.0");
            }
            if (!anySys) {
                continue;
            }
            boolean allOctets = octets.length == names.length;
            boolean allOids = oids.length == names.length;
            if (!allOctets && !allOids && !(names.length == 1)) {
                unaligned++;
                continue;
            }
            for (int i = 0; i < names.length; i++) {
                String octet = allOctets ? octets[i] : names.length == 1 && octets.length == 1 ? octets[0] : null;
                String oid = allOids ? oids[i] : names.length == 1 && oids.length == 1 ? oids[0] : null;
                switch (names[i]) {
                    case "1.3.6.1.2.1.1.1.0" -> descr = text(octet);
                    case "1.3.6.1.2.1.1.2.0" -> objectId = oid;
                    case "1.3.6.1.2.1.1.5.0" -> sysName = text(octet);
                    case "1.3.6.1.2.1.1.6.0" -> location = text(octet);
                    default -> {
                    }
                }
            }
            if (descr != null || objectId != null || sysName != null || location != null) {
                systemSet.add(stream + "|" + descr + "|" + objectId + "|" + sysName + "|" + location);
            }
        }
        kindSet.forEach(kinds::expect);
        systemSet.forEach(system::expect);
        r.byStream().forEach((stream, list) -> {
            java.util.Set<String> k = new java.util.TreeSet<>();
            java.util.Set<String> s = new java.util.TreeSet<>();
            for (Observation o : list) {
                if (o instanceof SnmpMessageSeen m) {
                    k.add(stream + "|" + m.version() + "|" + m.pduType() + "|" + (m.version().equals("v3")
                            ? m.v3EngineId() + "|" + m.v3UserPresent() : "community=" + m.cleartextCommunity()));
                } else if (o instanceof SnmpSystemInfoSeen i) {
                    s.add(stream + "|" + i.sysDescr() + "|" + i.sysObjectId() + "|" + i.sysName() + "|" + i.sysLocation());
                }
            }
            k.forEach(kinds::actual);
            s.forEach(system::actual);
        });
        System.out.printf("%s: %d messages, %d streams, %d unaligned, anomalies %s%n", name, rows.size(), r.streams(), unaligned,
                r.counters());
        kinds.assertEqual();
        system.assertEqual();
        assertThat(r.counters()).doesNotContainKey("snmp_internal_error");
    }

    private static String engine(String cell) {
        return cell.isEmpty() || cell.equals("<MISSING>") ? "null" : cell.replace(":", "");
    }

    private static String text(String hex) {
        if (hex == null || hex.equals("<MISSING>")) {
            return null;
        }
        return new String(HexFormat.of().parseHex(hex.replace(":", "")), StandardCharsets.UTF_8);
    }
}
