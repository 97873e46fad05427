package org.wardwatch.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.testkit.Requirements;

/**
 * Our per-flow application (the analyzer that confirmed the flow, {@link FlowRecord#application()})
 * against ntop nDPI's on the flows nDPI labels with "Confidence: DPI" in its own regression results
 * ({@code ../shared/corpus/ndpi/flows.tsv}), for every protocol both know: an nDPI protocol counts when
 * an analyzer of the mapped name is registered in {@link Analyzers}. nDPI names "master.app"
 * (TLS.Amazon, DNS.Google) are compared by their master protocol.
 *
 * <p>Prints one table row per protocol: nDPI's DPI flows, how many we named the same, named otherwise,
 * left unnamed, and could not find (nDPI and our engine cut flows differently, e.g. nDPI's idle
 * timeouts); then "Match by port" flows (weak labels, informational). Floors are asserted per protocol
 * at what was measured; a protocol whose analyzer is registered but has no floor yet is printed only.
 *
 * <p>Flows of the fuzzed captures under malformed/ (bit flips in addresses and payloads) are shown in
 * their own column and never count towards a floor.
 *
 * <p>Disagreements investigated (with tshark), measured on nDPI 3b1286a's results:
 * <ul>
 * <li>nbns 20/21: nDPI's "NetBIOS.SMBv1" over UDP (browser announcements in the datagram service, UDP 138)
 *     is compared with nbdgm (5/5). The remaining flow (ndpi_netbios, TCP 139) holds a single NetBIOS
 *     session request and no SMB message: the SMB analyzer names a flow on an SMB message only.</li>
 * <li>tls 134/140: the six flows start mid-connection (ndpi_1kxun, ndpi_android), with application-data
 *     records only; nDPI names them from record headers, our TLS analyzer from a handshake message.</li>
 * <li>kerberos: the fuzzed flow (malformed/ndpi_kerberos_fuzz.pcapng) is one packet whose TCP data
 *     offset is 8 bytes (tshark: "Bogus TCP header length"); the engine drops it, so there is no flow.
 *     nDPI's 15 "Match by port" flows on port 88 (ndpi_kerberos) start inside messages in both
 *     directions: we name the one whose server direction holds a whole KRB-ERROR.</li>
 * <li>smb: nDPI's DPI labels for SMB are "NetBIOS.SMBv23/SMBv1" on TCP (mapped to smb, 2/2). Of its 7
 *     "Match by port" flows on 445, the 4 we leave unnamed are SYN-only (port scans, an unanswered
 *     connection).</li>
 * <li>mqtt 6/6 since the analyzer accepts captures that start after the CONNECT (ndpi_coap_mqtt's flows on
 *     port 17501 begin with PUBLISH/PUBACK/PINGREQ).</li>
 * </ul>
 */
class NdpiAgreementTest {
    /** nDPI master protocol name → our analyzer names that mean it (the first registered one is used). */
    private static final Map<String, List<String>> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("HTTP", List.of("http"));
        NAMES.put("DNS", List.of("dns"));
        NAMES.put("TLS", List.of("tls"));
        NAMES.put("LLMNR", List.of("llmnr"));
        NAMES.put("NetBIOS", List.of("nbns", "netbios"));
        NAMES.put("SSDP", List.of("ssdp"));
        NAMES.put("MDNS", List.of("mdns"));
        NAMES.put("DHCP", List.of("dhcp"));
        NAMES.put("DHCPV6", List.of("dhcpv6", "dhcp6"));
        NAMES.put("SSH", List.of("ssh"));
        NAMES.put("Telnet", List.of("telnet"));
        NAMES.put("FTP_CONTROL", List.of("ftp"));
        NAMES.put("RDP", List.of("rdp"));
        NAMES.put("VNC", List.of("vnc"));
        NAMES.put("Syslog", List.of("syslog"));
        NAMES.put("SNMP", List.of("snmp"));
        NAMES.put("Kerberos", List.of("kerberos"));
        NAMES.put("BACnet", List.of("bacnet"));
        NAMES.put("COAP", List.of("coap"));
        NAMES.put("MQTT", List.of("mqtt"));
        NAMES.put("NTP", List.of("ntp"));
        NAMES.put("Modbus", List.of("modbus"));
        NAMES.put("SMBv1", List.of("smb"));
        NAMES.put("SMBv23", List.of("smb"));
        NAMES.put("HL7", List.of("hl7"));
        NAMES.put("DICOM", List.of("dicom"));
    }

    /** Measured agreement (share of nDPI's DPI flows, outside malformed/, we name the same), per our analyzer name. */
    private static final Map<String, Double> FLOORS = Map.ofEntries(
            Map.entry("bacnet", 1.0), Map.entry("coap", 1.0), Map.entry("dhcp", 1.0), Map.entry("dhcpv6", 1.0),
            Map.entry("dns", 1.0), Map.entry("ftp", 1.0), Map.entry("hl7", 1.0), Map.entry("http", 1.0),
            Map.entry("kerberos", 1.0), Map.entry("llmnr", 1.0), Map.entry("mdns", 1.0), Map.entry("modbus", 1.0),
            Map.entry("mqtt", 1.0), Map.entry("nbns", 0.95), Map.entry("nbdgm", 1.0), Map.entry("ntp", 1.0), Map.entry("rdp", 1.0), Map.entry("smb", 1.0),
            Map.entry("snmp", 1.0), Map.entry("ssdp", 1.0), Map.entry("ssh", 1.0), Map.entry("syslog", 1.0),
            Map.entry("telnet", 1.0), Map.entry("tls", 0.95));

    private record Row(String capture, String l4, String client, String server, String ndpi, String confidence) {
    }

    private static final class Tally {
        int flows, agree, other, unnamed, notFound, weakFlows, weakAgree, fuzzedFlows, fuzzedAgree;
        final List<String> disagreements = new ArrayList<>();
    }

    @Test
    void perFlowApplicationAgreesWithNdpiOnTheProtocolsBothKnow() throws IOException {
        Path tsv = Requirements.sharedFile("corpus/ndpi/flows.tsv");
        Path corpus = tsv.getParent().getParent();
        Set<String> ours = new TreeSet<>();
        for (AnalyzerFactory f : Analyzers.flowAnalyzers()) {
            ours.add(f.name());
        }
        Map<String, List<Row>> byCapture = new TreeMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] c = line.split("\t", -1);
            if (c.length < 11 || !c[1].equals("detected")) {
                continue;
            }
            String mapped = mapped(c[9], c[3], ours);
            if (mapped == null || !(c[10].equals("DPI") || c[10].equals("Match by port"))) {
                continue;
            }
            byCapture.computeIfAbsent(c[0].replaceFirst("\\.out$", ""), k -> new ArrayList<>())
                    .add(new Row(c[0], c[3], c[4], c[6], c[9], c[10]));
        }
        Map<String, Tally> tallies = new TreeMap<>();
        for (Map.Entry<String, List<Row>> e : byCapture.entrySet()) {
            Path capture = find(corpus, e.getKey());
            if (capture == null) {
                continue;
            }
            Map<String, String> application = new HashMap<>();
            Pipeline.run(capture, o -> {
                if (o instanceof FlowRecord f) {
                    String key = key(f.flow().protocolName(), f.flow().client() + ":" + f.flow().clientPort(),
                            f.flow().server() + ":" + f.flow().serverPort());
                    // several records per key (a flow cut by a timeout): any that was named counts
                    application.merge(key, String.valueOf(f.application()), (a, b) -> a.equals("null") ? b : a);
                }
            });
            for (Row r : e.getValue()) {
                String expected = mapped(r.ndpi(), r.l4(), ours);
                Tally t = tallies.computeIfAbsent(expected, k -> new Tally());
                String key = key(r.l4().toLowerCase(), endpoint(r.client()), endpoint(r.server()));
                String got = application.get(key);
                boolean weak = !r.confidence().equals("DPI");
                if (weak) {
                    t.weakFlows++;
                    t.weakAgree += expected.equals(got) ? 1 : 0;
                    continue;
                }
                if (capture.getParent().getFileName().toString().equals("malformed")) {
                    // fuzzed captures (bit flips in headers and payloads): reported, never a floor
                    t.fuzzedFlows++;
                    t.fuzzedAgree += expected.equals(got) ? 1 : 0;
                    continue;
                }
                t.flows++;
                if (got == null) {
                    t.notFound++;
                    t.disagreements.add(e.getKey() + " " + key + ": flow not found");
                } else if (got.equals(expected)) {
                    t.agree++;
                } else if (got.equals("null")) {
                    t.unnamed++;
                    t.disagreements.add(e.getKey() + " " + key + ": unnamed");
                } else {
                    t.other++;
                    t.disagreements.add(e.getKey() + " " + key + ": ours " + got);
                }
            }
        }
        System.out.println("nDPI agreement (flows nDPI labels with Confidence DPI)");
        System.out.printf("%-10s %6s %6s %6s %8s %9s %8s   %-14s %s%n", "protocol", "flows", "agree", "other", "unnamed", "not found",
                "agree %", "fuzzed agree", "match-by-port agree");
        List<String> failures = new ArrayList<>();
        tallies.forEach((name, t) -> {
            double share = t.flows == 0 ? 1.0 : (double) t.agree / t.flows;
            System.out.printf("%-10s %6d %6d %6d %8d %9d %7.1f%%   %-14s %d/%d%n", name, t.flows, t.agree, t.other, t.unnamed,
                    t.notFound, 100 * share, t.fuzzedAgree + "/" + t.fuzzedFlows, t.weakAgree, t.weakFlows);
            t.disagreements.forEach(d -> System.out.println("    " + d));
            Double floor = FLOORS.get(name);
            if (floor != null && t.flows > 0 && share + 1e-9 < floor) {
                failures.add(name + " " + t.agree + "/" + t.flows + " below " + floor);
            }
        });
        assertThat(tallies).as("protocols compared").isNotEmpty();
        assertThat(failures).isEmpty();
    }

    private static String mapped(String ndpiName, String l4, Set<String> ours) {
        // NetBIOS.SMBv1 / NetBIOS.SMBv23 over TCP is SMB in a NetBIOS session (ours: smb); over UDP 138 it
        // is a browser datagram of the NetBIOS datagram service (master name NetBIOS)
        if (ndpiName.contains("SMB") && l4.equals("TCP") && ours.contains("smb")) {
            return "smb";
        }
        if (ndpiName.contains("SMB") && l4.equals("UDP") && ours.contains("nbdgm")) {
            return "nbdgm";
        }
        String master = ndpiName.contains(".") ? ndpiName.substring(0, ndpiName.indexOf('.')) : ndpiName;
        for (String candidate : NAMES.getOrDefault(master, List.of())) {
            if (ours.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path find(Path corpus, String name) throws IOException {
        try (var s = Files.walk(corpus, 2)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
        }
    }

    /** "[2001:db8::1]:53" or "192.0.2.1:53" → canonical address text and port. */
    private static String endpoint(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        return IpAddress.parse(host) + ":" + text.substring(colon + 1);
    }

    private static String key(String l4, String a, String b) {
        return l4 + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
    }
}
