package org.wardwatch.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.model.finding.Finding;
import org.wardwatch.model.finding.FindingKind;
import org.wardwatch.model.finding.MatchCertainty;
import org.wardwatch.model.finding.Severity;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.hl7.Hl7MessageSeen;
import org.wardwatch.model.obs.telnet.TelnetCleartextLoginSeen;
import org.wardwatch.risk.intel.Fixtures;
import org.wardwatch.risk.intel.IntelBundle;
import org.wardwatch.risk.intel.IntelImporter;
import org.wardwatch.risk.weakness.WeaknessEngine;

/** A small ward: findings from observations, intel and device facts, and how the score ranks devices. */
class RiskEngineTest {
    static final Instant T0 = Instant.parse("2024-05-02T10:00:00Z");
    static final IpAddress PUMP = IpAddress.parse("10.20.0.11");
    static final IpAddress MONITOR = IpAddress.parse("10.20.0.12");
    static final IpAddress PRINTER = IpAddress.parse("10.30.0.40");
    static final IpAddress WORKSTATION = IpAddress.parse("10.20.0.50");
    static final IpAddress EHR = IpAddress.parse("10.1.0.5");
    static final IpAddress INTERNET = IpAddress.parse("93.184.216.34");

    static DeviceFacts device(String id, String vendor, String model, String fw, String os, String category, String crit,
                              IpAddress ip, int vlan) {
        return new DeviceFacts(id, id, vendor, model, fw, os, category, crit,
                List.of(new DeviceFacts.Address(ip, vlan, T0.minusSeconds(3600), T0.plusSeconds(3600))),
                List.of(MacAddress.of(ip.lo())), List.of());
    }

    static List<DeviceFacts> ward() {
        return List.of(
                device("pump", "ExampleMed", "VitaFlow 3000", "2.1.0", null, "infusion_pump", "life_sustaining", PUMP, 20),
                device("monitor", "Philips", "IntelliVue MX450", "M.00.03", null, "patient_monitor", "diagnostic", MONITOR, 20),
                device("printer", "HP", "LaserJet M402", "3.9", "Windows XP Embedded", "printer", "none", PRINTER, 30),
                device("ws", "Dell", "OptiPlex 7070", null, "Windows 10 Enterprise LTSC 2019", "workstation", "none", WORKSTATION, 20),
                device("ehr", null, null, null, null, "ehr_server", "informational", EHR, 10));
    }

    static FlowId flow(IpAddress c, int cp, IpAddress s, int sp, int vlan) {
        return new FlowId(vlan, c, cp, s, sp, FlowId.TCP);
    }

    WeaknessEngine observe() throws Exception {
        WeaknessEngine w = new WeaknessEngine();
        // telnet login to the pump (a record of the model)
        w.accept(new TelnetCleartextLoginSeen(T0, flow(WORKSTATION, 50000, PUMP, 23, 20), true));
        // HL7 ORU with PID from the monitor to the EHR, 600 times (more than 500: "many" patients)
        for (int i = 0; i < 600; i++) {
            w.accept(new Hl7MessageSeen(T0.plusSeconds(i), flow(MONITOR, 40000, EHR, 2575, 20), true, "MON", "ICU", "EHR", "H",
                    "ORU", "R01", "ORU_R01", "c" + i, "P", "2.6", null, List.of("MSH", "PID", "OBR", "OBX"), 4, null, null,
                    List.of(), List.of("PID"), 3));
        }
        // the printer talks to the internet
        w.accept(new FlowRecord(T0, flow(PRINTER, 51000, INTERNET, 443, 30), T0, T0, null, null, 0, 10, 1000, 10, 5000, 500, 4000,
                0x1A, 0x1A, "closed", "fin", "tls"));
        // SMBv1 on the printer, as JSON (the SMB record family is another module's)
        ObjectNode smb = new ObjectMapper().createObjectNode();
        smb.put("ts", T0.toString());
        smb.set("flow", new ObjectMapper().valueToTree(java.util.Map.of("vlan", 30, "client", "10.30.0.41", "clientPort", 50123,
                "server", PRINTER.toString(), "serverPort", 445, "protocol", 6)));
        smb.put("smb1Chosen", true);
        smb.put("smb1Offered", true);
        smb.put("chosenDialect", "NT LM 0.12");
        w.accept("smb_negotiated", smb);
        // a DICOM association from dcmtk's default AE to the monitor's... no: to a PACS we do not know (10.20.0.99)
        ObjectNode dicom = new ObjectMapper().createObjectNode();
        dicom.put("ts", T0.toString());
        dicom.set("flow", new ObjectMapper().valueToTree(java.util.Map.of("vlan", 20, "client", "10.20.0.50", "clientPort", 50124,
                "server", "10.20.0.99", "serverPort", 104, "protocol", 6)));
        dicom.put("callingAeTitle", "STORESCU");
        dicom.put("calledAeTitle", "PACS");
        w.accept("dicom_association_accepted", dicom);
        return w;
    }

    private static IntelBundle cached;

    static synchronized IntelBundle intel() throws Exception {
        if (cached != null) {
            return cached;
        }
        IntelImporter imp = new IntelImporter();
        List<String> warn = new ArrayList<>();
        cached = imp.importBytes(Fixtures.bytes("csaf-minimal.json"), "csaf-minimal.json", warn)
                .merge(imp.importBytes(Fixtures.bytes("nvd-openssl.json"), "nvd-openssl.json", warn))
                .merge(imp.importBytes(Fixtures.bytes("vitaflow-3000-sbom-vex.cdx.json"), "sbom.json", warn))
                .merge(imp.importBytes(Fixtures.bytes("vitaflow-3000-vex-only.cdx.json"), "vex.json", warn));
        return cached;
    }

    @Test
    void findsObservedWeaknessesAdvisoriesAndSbomVulnerabilities() throws Exception {
        RiskResult r = new RiskEngine(intel()).analyze(ward(), observe(), null);
        assertThat(kinds(r, "pump")).contains(FindingKind.CLEARTEXT_CREDENTIALS, FindingKind.KNOWN_VULNERABILITY,
                FindingKind.SBOM_COMPONENT_VULNERABILITY, FindingKind.FLAT_NETWORK);
        assertThat(kinds(r, "monitor")).contains(FindingKind.CLEARTEXT_PHI, FindingKind.FLAT_NETWORK);
        assertThat(kinds(r, "ehr")).contains(FindingKind.CLEARTEXT_PHI);
        assertThat(kinds(r, "printer")).contains(FindingKind.INTERNET_COMMUNICATION, FindingKind.SMBV1, FindingKind.END_OF_SUPPORT_OS);
        assertThat(kinds(r, "ws")).doesNotContain(FindingKind.END_OF_SUPPORT_OS);   // LTSC is supported longer
        assertThat(kinds(r, "ip-20-10.20.0.99")).containsExactly(FindingKind.DICOM_PROMISCUOUS_SCP);

        Finding csaf = find(r, "pump", FindingKind.KNOWN_VULNERABILITY);
        assertThat(csaf.advisory().id()).isEqualTo("EXMED-2024-001");
        assertThat(csaf.certainty()).isEqualTo(MatchCertainty.VERSION_RANGE);
        assertThat(csaf.cves()).containsExactly("CVE-2099-1234");
        assertThat(csaf.cwes()).extracting(c -> c.id()).containsExactly("CWE-798");
        assertThat(csaf.remediation()).contains("vendor fix: Update to 2.2.0.");
        assertThat(csaf.cvss()).singleElement().satisfies(s -> {
            assertThat(s.baseScore()).isEqualTo(6.3);
            // the rubric answers XCT/XIT/XAT (therapy) yes: every impact the advisory rates rises to High
            assertThat(s.rubricVector()).isEqualTo("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
            assertThat(s.rubricScore()).isGreaterThan(6.3);
        });
        assertThat(csaf.severity()).isEqualTo(Severity.HIGH);
        assertThat(csaf.nistCsf()).contains("ID.RA-01");
        assertThat(csaf.hipaa()).contains("164.308(a)(1)(ii)(A)");
    }

    @Test
    void vexStatesDecideSbomFindings() throws Exception {
        RiskResult r = new RiskEngine(intel()).analyze(ward(), observe(), null);
        List<String> sbom = r.findings().stream().filter(f -> f.deviceId().equals("pump")
                && f.kind() == FindingKind.SBOM_COMPONENT_VULNERABILITY).map(Finding::title).toList();
        // exploitable and in_triage are findings; not_affected (in the SBOM and in the separate VEX) are not
        assertThat(sbom).containsExactlyInAnyOrder("CVE-2022-0778 in openssl 1.0.2k", "CVE-2022-28391 in busybox 1.31.1");
        assertThat(r.suppressed()).extracting(RiskResult.Suppressed::vulnerability, RiskResult.Suppressed::state)
                .contains(org.assertj.core.groups.Tuple.tuple("CVE-2016-2183", "not_affected"),
                        org.assertj.core.groups.Tuple.tuple("CVE-2023-0286", "not_affected"));
    }

    @Test
    void nvdCveMatchesAnSbomComponentWithoutVex() throws Exception {
        IntelImporter imp = new IntelImporter();
        List<String> warn = new ArrayList<>();
        IntelBundle noVex = imp.importBytes(Fixtures.bytes("nvd-openssl.json"), "nvd.json", warn)
                .merge(imp.importBytes(Fixtures.bytes("vitaflow-3000-sbom-vex.cdx.json"), "sbom.json", warn));
        RiskResult r = new RiskEngine(noVex).analyze(ward(), null, T0);
        Finding f = r.findings().stream().filter(x -> x.title().equals("CVE-2023-0286 in openssl 1.0.2k")).findFirst().orElseThrow();
        assertThat(f.kind()).isEqualTo(FindingKind.SBOM_COMPONENT_VULNERABILITY);
        assertThat(f.matchReason()).contains("no VEX statement").contains("1.0.2zg");
        assertThat(f.certainty()).isEqualTo(MatchCertainty.VERSION_RANGE);
    }

    @Test
    void scoreRanksTheLifeSustainingPumpAboveThePrinterAndShowsTheArithmetic() throws Exception {
        RiskResult r = new RiskEngine(intel()).analyze(ward(), observe(), null);
        DeviceRisk pump = score(r, "pump");
        DeviceRisk printer = score(r, "printer");
        DeviceRisk ws = score(r, "ws");
        assertThat(pump.score()).isGreaterThan(printer.score());
        assertThat(ws.score()).isZero();
        assertThat(r.scores().get(0).deviceId()).isEqualTo("pump");
        assertThat(pump.explanation()).anyMatch(l -> l.startsWith("findings: ") && l.contains("= 1 − (1−"));
        assertThat(pump.explanation()).anyMatch(l -> l.startsWith("impact: criticality life_sustaining 1.00"));
        assertThat(pump.explanation().get(pump.explanation().size() - 1)).startsWith("score = round(100 × ");
        assertThat(printer.exposure()).isEqualTo(1.0);
        assertThat(printer.explanation()).anyMatch(l -> l.contains("internet"));
        DeviceRisk monitor = score(r, "monitor");
        assertThat(monitor.explanation()).anyMatch(l -> l.contains("600 PHI-bearing messages") && l.contains("0.20"));
    }

    @Test
    void observedFindingsKeepTheirEvidence() throws Exception {
        RiskResult r = new RiskEngine(intel()).analyze(ward(), observe(), null);
        Finding telnet = find(r, "pump", FindingKind.CLEARTEXT_CREDENTIALS);
        assertThat(telnet.title()).isEqualTo("Telnet login in cleartext");
        assertThat(telnet.evidence()).singleElement().satisfies(e -> {
            assertThat(e.observation()).isEqualTo("telnet_cleartext_login_seen");
            assertThat(e.fact()).contains("tcp 10.20.0.50:50000 > 10.20.0.11:23 vlan 20");
            assertThat(e.firstSeen()).isEqualTo(T0);
        });
        assertThat(telnet.nistCsf()).contains("PR.AA-01");
        assertThat(telnet.hipaa()).contains("164.312(d)");
        Finding phi = find(r, "monitor", FindingKind.CLEARTEXT_PHI);
        assertThat(phi.evidence().get(0).count()).isEqualTo(600);
        assertThat(phi.detail()).contains("PID").doesNotContain("Doe");
    }

    @Test
    void sameInputGivesTheSameFindings() throws Exception {
        RiskResult a = new RiskEngine(intel()).analyze(ward(), observe(), null);
        RiskResult b = new RiskEngine(intel()).analyze(ward(), observe(), null);
        assertThat(a.findings()).extracting(Finding::id).containsExactlyElementsOf(b.findings().stream().map(Finding::id).toList());
        assertThat(a.scores()).isEqualTo(b.scores());
    }

    static List<FindingKind> kinds(RiskResult r, String device) {
        return r.findings().stream().filter(f -> f.deviceId().equals(device)).map(Finding::kind).distinct().toList();
    }

    static Finding find(RiskResult r, String device, FindingKind kind) {
        return r.findings().stream().filter(f -> f.deviceId().equals(device) && f.kind() == kind).findFirst().orElseThrow();
    }

    static DeviceRisk score(RiskResult r, String device) {
        return r.scores().stream().filter(s -> s.deviceId().equals(device)).findFirst().orElseThrow();
    }
}
