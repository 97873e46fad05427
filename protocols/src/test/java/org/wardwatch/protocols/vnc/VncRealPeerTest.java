package org.wardwatch.protocols.vnc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.vnc.VncHandshakeSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.protocols.nettest.Recorded;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * TigerVNC's Xvnc (a virtual X server that is its own VNC server: no display needed; RFB on
 * 127.0.0.1 only, offering VNC Authentication and None) and three real clients: nmap's
 * {@code vnc-info} script (reads the versions and security types, chooses nothing), and TigerVNC's
 * vncviewer twice, once choosing None and once VNC Authentication with the right password (the
 * viewer draws its window on the same Xvnc), on the standard port 5900 and on an unassigned port
 * (detection by payload). Captured with tcpdump on lo and run through the whole pipeline: server and
 * client ProtocolVersions, the offered security types and the client's choice equal tshark's VNC
 * fields on every connection.
 */
class VncRealPeerTest {
    private static final String PASSWORD = "w4rd3bvn";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "port {0} (0: an unassigned port)")
    @ValueSource(ints = {5900, 0})
    void xvncWithNmapAndVncviewerGivesVersionsAndSecurityTypesEqualToTsharks(int standardOrZero) throws Exception {
        Requirements.root();
        Path xvnc = Requirements.command("Xvnc");
        Path viewer = Requirements.command("vncviewer");
        Requirements.command("vncpasswd");
        Requirements.command("nmap");
        Requirements.command("tcpdump");
        int port = Peers.serverPort(standardOrZero);
        int display = freeDisplay();
        Path passwd = dir.resolve("passwd");
        Path pcap = dir.resolve("vnc.pcap");
        try (Peers peers = new Peers(dir)) {
            writePasswordFile(peers, passwd);
            Peers.Peer server = peers.start(xvnc.toString(), ":" + display, "-rfbport", Integer.toString(port), "-localhost",
                    "-nolisten", "tcp",
                    "-SecurityTypes", "VncAuth,None", "-PasswordFile", passwd.toString(), "-geometry", "320x240", "-depth", "16");
            // no probe connection: Xvnc would greet it, and the greeting could land in the capture
            server.await("Listening for VNC connections");
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                Peers.Peer nmap = peers.run(60, "nmap", "-n", "-Pn", "-p", Integer.toString(port), "--script", "+vnc-info", "127.0.0.1");
                assertThat(nmap.output()).contains("Protocol version: 3.8").contains("None (1)");
                view(peers, viewer, display, port, "Choosing security type None(1)", "-SecurityTypes", "None");
                view(peers, viewer, display, port, "Choosing security type VncAuth(2)", "-SecurityTypes", "VncAuth",
                        "-passwd", passwd.toString());
                cap.stop();
            }
        }
        Recorded.keep(pcap, "vnc/xvnc-port-" + (standardOrZero == 0 ? "odd" : port) + ".pcap");

        List<Observation> all = Pipeline.observe(pcap);
        List<FlowRecord> flows = all.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast)
                .filter(f -> f.serverPayloadBytes() > 0).toList();
        assertThat(flows).hasSize(3).allSatisfy(f -> {
            assertThat(f.flow().serverPort()).isEqualTo(port);
            assertThat(f.application()).isEqualTo("vnc");
        });
        List<VncHandshakeSeen> ours = all.stream().filter(VncHandshakeSeen.class::isInstance).map(VncHandshakeSeen.class::cast).toList();
        List<String> disagreements = compareWithTshark(pcap, port, standardOrZero == 0, flows, ours,
                "vnc.server_proto_ver", "vnc.client_proto_ver", "vnc.security_type", "vnc.client_security_type");
        System.out.printf("vnc real peer (Xvnc + nmap + vncviewer, port %d): %d/%d handshakes agree with tshark%s%n", port,
                flows.size() - disagreements.size(), flows.size(), disagreements.isEmpty() ? "" : ": " + disagreements);
        assertThat(disagreements).isEmpty();
        assertThat(ours).extracting(VncHandshakeSeen::serverVersion).containsOnly("003.008");
        assertThat(ours).extracting(VncHandshakeSeen::selectedSecurityType).containsExactlyInAnyOrder(null, 1, 2);
        assertThat(ours).filteredOn(h -> Integer.valueOf(1).equals(h.selectedSecurityType()))
                .singleElement().satisfies(h -> assertThat(h.noAuthentication()).isTrue());
        assertThat(ours).filteredOn(h -> Integer.valueOf(2).equals(h.selectedSecurityType()))
                .singleElement().satisfies(h -> assertThat(h.noAuthentication()).isFalse());
    }

    /**
     * Per connection: tshark's four fields (merged over the connection's frames) against the
     * handshake's server version, client version, offered (or imposed) types and choice.
     */
    private static List<String> compareWithTshark(Path pcap, int port, boolean decodeAs, List<FlowRecord> flows,
                                                  List<VncHandshakeSeen> ours, String... fields) {
        Tshark.Query q = Tshark.on(pcap).filter("vnc");
        if (decodeAs) {
            q.decodeAs("tcp.port==" + port + ",vnc");
        }
        Map<Integer, Map<String, String>> theirs = new LinkedHashMap<>();
        for (String[] r : q.fields("tcp.srcport", "tcp.dstport", fields[0], fields[1], fields[2], fields[3])) {
            int client = Integer.parseInt(r[0]) == port ? Integer.parseInt(r[1]) : Integer.parseInt(r[0]);
            Map<String, String> t = theirs.computeIfAbsent(client, k -> new LinkedHashMap<>());
            for (int i = 0; i < fields.length; i++) {
                if (!r[2 + i].isEmpty()) {
                    t.merge(fields[i], r[2 + i], (x, y) -> x + "," + y);
                }
            }
        }
        List<String> disagreements = new ArrayList<>();
        for (FlowRecord f : flows) {
            Map<String, String> t = theirs.getOrDefault(f.flow().clientPort(), Map.of());
            List<VncHandshakeSeen> mine = ours.stream().filter(h -> h.flow().equals(f.flow())).toList();
            assertThat(mine).as("handshakes on %s", f.flow()).hasSize(1);
            VncHandshakeSeen h = mine.get(0);
            String tshark = t.get(fields[0]) + " " + t.get(fields[1]) + " " + t.get(fields[2]) + " " + t.get(fields[3]);
            String wardwatch = h.serverVersion() + " " + h.clientVersion() + " "
                    + (h.securityTypes().isEmpty() ? null : String.join(",", h.securityTypes().stream().map(String::valueOf).toList()))
                    + " " + h.selectedSecurityType();
            if (!tshark.equals(wardwatch)) {
                disagreements.add(f.flow().clientPort() + ": " + List.of(fields) + " tshark=[" + tshark + "] ours=[" + wardwatch + "]");
            }
        }
        return disagreements;
    }

    @Test
    void x11vncSpeakingRfb33ImposesVncAuthenticationAndTheHandshakeEqualsTsharks() throws Exception {
        Requirements.root();
        Path xvnc = Requirements.command("Xvnc");
        Path x11vnc = Requirements.command("x11vnc");
        Path viewer = Requirements.command("vncviewer");
        Requirements.command("vncpasswd");
        Requirements.command("nmap");
        Requirements.command("tcpdump");
        int display = freeDisplay();
        int port = Peers.freePort();
        Path passwd = dir.resolve("passwd");
        Path pcap = dir.resolve("vnc33.pcap");
        try (Peers peers = new Peers(dir)) {
            writePasswordFile(peers, passwd);
            // Xvnc is only the X display here (no RFB listener); x11vnc serves it over RFB 3.3
            peers.start(xvnc.toString(), ":" + display, "-rfbport", "-1", "-nolisten", "tcp", "-SecurityTypes", "None",
                    "-geometry", "320x240", "-depth", "24").await("created VNC server for screen 0");
            peers.start(x11vnc.toString(), "-display", ":" + display, "-rfbport", Integer.toString(port), "-localhost", "-noipv6",
                    "-rfbversion", "3.3", "-rfbauth", passwd.toString(), "-forever", "-shared", "-nolookup")
                    .await("PORT=" + port);
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                Peers.Peer nmap = peers.run(60, "nmap", "-n", "-Pn", "-p", Integer.toString(port), "--script", "+vnc-info", "127.0.0.1");
                assertThat(nmap.output()).contains("Protocol version: 3.3").contains("VNC Authentication (2)");
                view(peers, viewer, display, port, "Using RFB protocol version 3.3", "-passwd", passwd.toString());
                cap.stop();
            }
        }
        Recorded.keep(pcap, "vnc/x11vnc-rfb33.pcap");

        List<Observation> all = Pipeline.observe(pcap);
        List<FlowRecord> flows = all.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast)
                .filter(f -> f.serverPayloadBytes() > 0).toList();
        assertThat(flows).hasSize(2).allSatisfy(f -> assertThat(f.application()).isEqualTo("vnc"));
        List<VncHandshakeSeen> ours = all.stream().filter(VncHandshakeSeen.class::isInstance).map(VncHandshakeSeen.class::cast).toList();
        // RFB 3.3: the server names the one type (a 32-bit vnc.server_security_type), the client does not choose
        List<String> disagreements = compareWithTshark(pcap, port, true, flows, ours,
                "vnc.server_proto_ver", "vnc.client_proto_ver", "vnc.server_security_type", "vnc.server_security_type");
        System.out.printf("vnc real peer (x11vnc RFB 3.3 + nmap + vncviewer, port %d): %d/%d handshakes agree with tshark%s%n", port,
                flows.size() - disagreements.size(), flows.size(), disagreements.isEmpty() ? "" : ": " + disagreements);
        assertThat(disagreements).isEmpty();
        assertThat(ours).hasSize(2).allSatisfy(h -> {
            assertThat(h.serverVersion()).isEqualTo("003.003");
            assertThat(h.clientVersion()).isEqualTo("003.003");
            assertThat(h.securityTypes()).containsExactly(2);
            assertThat(h.selectedSecurityType()).isEqualTo(2);
            assertThat(h.noAuthentication()).isFalse();
        });
    }

    /** The VNC password file (DES-obfuscated, as Xvnc and x11vnc read it), made by TigerVNC's vncpasswd. */
    private static void writePasswordFile(Peers peers, Path passwd) throws Exception {
        Peers.Peer vncpasswd = peers.startWithOpenInput("vncpasswd", "-f");
        try (OutputStream in = vncpasswd.process().getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(vncpasswd.waitFor(20)).isZero();
        Files.write(passwd, Files.readAllBytes(vncpasswd.log()));
    }

    /** Runs vncviewer on the Xvnc display until it prints {@code chosen}, then closes it. */
    private static void view(Peers peers, Path viewer, int display, int port, String chosen, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "DISPLAY=:" + display, viewer.toString()));
        cmd.addAll(List.of(options));
        cmd.add("127.0.0.1::" + port);
        Peers.Peer p = peers.start(cmd.toArray(String[]::new));
        p.await(chosen);
        p.await("Using pixel format"); // the handshake is over: the session runs
        p.process().destroy();
        p.waitFor(10);
    }

    /** An X display number whose lock file and socket do not exist. */
    private static int freeDisplay() {
        for (int n = 40; n < 100; n++) {
            if (!Files.exists(Path.of("/tmp/.X" + n + "-lock")) && !Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                return n;
            }
        }
        Requirements.missing("no free X display number between :40 and :99");
        return -1;
    }
}
