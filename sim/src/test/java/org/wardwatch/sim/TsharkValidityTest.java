package org.wardwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.hospital.Topology;
import org.wardwatch.testkit.Requirements;

/**
 * tshark (Wireshark 4.x), a dissector suite nobody here wrote, is the oracle: simulated captures must
 * hold no malformed packet and no expert error, normal traffic not even a warning, and TCP analysis
 * must find no broken stream (retransmission, lost or unseen segment, window problem, port reuse).
 */
class TsharkValidityTest {
    @TempDir
    static Path dir;
    static Path normal;
    static Path attacks;
    static final String[] DECODE = {"-d", "tcp.port==104,dicom", "-d", "tcp.port==11112,dicom", "-d", "tcp.port==2575,hl7",
        "-d", "tcp.port==6661,hl7"};

    @BeforeAll
    static void simulate() throws Exception {
        Requirements.command("tshark");
        normal = dir.resolve("normal.pcap");
        attacks = dir.resolve("attacks.pcap");
        Simulator.run(new SimulationConfig(8, 600, 3, Topology.SEGMENTED, AttackKind.parse("none"), null), normal, null);
        Simulator.run(new SimulationConfig(8, 300, 4, Topology.FLAT, AttackKind.parse("all"), null), attacks, null);
    }

    static List<String> tshark(Path capture, String filter, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        cmd.addAll(Arrays.asList(DECODE));
        cmd.addAll(List.of("-Y", filter, "-T", "fields"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        String out = Requirements.run(300, cmd.toArray(String[]::new));
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void noMalformedPacketOrExpertErrorInEitherCapture() {
        for (Path p : List.of(normal, attacks)) {
            assertThat(tshark(p, "_ws.malformed || _ws.expert.severity >= error", "frame.number", "_ws.col.Protocol",
                    "_ws.expert.message")).as(p.getFileName().toString()).isEmpty();
        }
    }

    @Test
    void normalTrafficRaisesNoExpertWarning() {
        assertThat(tshark(normal, "_ws.expert.severity >= warning", "frame.number", "_ws.col.Protocol", "_ws.expert.message"))
                .isEmpty();
    }

    @Test
    void attackTrafficWarnsOnlyAboutResetsAndTheSpoofedGateway() {
        Set<String> messages = new TreeSet<>();
        for (String line : tshark(attacks, "_ws.expert.severity >= warning", "_ws.expert.message")) {
            messages.add(line.startsWith("Duplicate IP address configured") ? "Duplicate IP address configured" : line);
        }
        assertThat(messages).containsExactlyInAnyOrder("Connection reset (RST)", "Duplicate IP address configured");
    }

    @Test
    void tcpAnalysisFindsNoBrokenStream() {
        for (Path p : List.of(normal, attacks)) {
            assertThat(tshark(p, "tcp.analysis.flags && !tcp.analysis.window_update", "frame.number", "_ws.expert.message"))
                    .as(p.getFileName().toString()).isEmpty();
        }
    }

    @Test
    void everyProtocolUnderTestIsDissected() {
        Set<String> seen = new TreeSet<>();
        for (String line : tshark(normal, "dicom || hl7 || dhcp || dns || tls || smb2 || ntp || mdns || bacapp || syslog || sip"
                + " || http || ipp || rtsp", "frame.protocols")) {
            seen.addAll(Arrays.asList(line.split(":")));
        }
        assertThat(seen).contains("dicom", "hl7", "dhcp", "dns", "tls", "smb2", "ntlmssp", "ntp", "mdns", "bacapp", "syslog", "sip",
                "http", "ipp", "rtsp");
    }

    @Test
    void dhcpCarriesTheCataloguedFingerprints() {
        Catalog catalog = Catalog.load();
        Set<String> known = new TreeSet<>();
        catalog.fingerprints().values().forEach(f -> known.add(String.join(",", f.prl().stream().map(String::valueOf).toList())));
        List<String> lists = tshark(normal, "dhcp.option.dhcp == 1 || dhcp.option.dhcp == 3", "dhcp.option.request_list_item");
        assertThat(lists).isNotEmpty();
        assertThat(known).containsAll(new TreeSet<>(lists));
    }

    @Test
    void dicomAssociationsNameTheCataloguedImplementations() {
        Catalog catalog = Catalog.load();
        Set<String> known = new TreeSet<>();
        catalog.profiles().values().stream().filter(p -> p.dicom() != null).forEach(p -> known.add(p.dicom().implClassUid()));
        catalog.applications().values().stream().filter(a -> a.dicom() != null).forEach(a -> known.add(a.dicom().implClassUid()));
        List<String> uids = tshark(normal, "dicom.userinfo.uid", "dicom.userinfo.uid");
        assertThat(uids).isNotEmpty();
        assertThat(known).containsAll(new TreeSet<>(uids));
        // synthetic patients only, in worklist answers and stored images
        assertThat(tshark(normal, "dicom && frame contains \"SIM^PATIENT\"", "frame.number")).isNotEmpty();
    }

    @Test
    void hl7MessagesAreDevicePcdMessagesWithEui64Senders() {
        List<String> types = tshark(normal, "hl7", "hl7.message.type", "hl7.event.type");
        assertThat(String.join("\n", types)).contains("ORU\tR01", "ADT\tA01", "ACK");
        assertThat(tshark(normal, "hl7 && frame contains \"^EUI-64\"", "frame.number")).isNotEmpty();
    }

    @Test
    void tlsHandshakesAndSmbAuthenticationsAreComplete() {
        assertThat(tshark(normal, "tls.handshake.type == 1", "tls.handshake.extensions_server_name")).isNotEmpty();
        assertThat(tshark(normal, "tls.handshake.type == 2", "frame.number")).isNotEmpty();
        assertThat(tshark(normal, "ntlmssp.messagetype == 3", "ntlmssp.auth.username")).isNotEmpty();
    }
}
