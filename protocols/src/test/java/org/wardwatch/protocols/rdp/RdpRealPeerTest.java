package org.wardwatch.protocols.rdp;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.wardwatch.model.obs.rdp.RdpNegotiationRequested;
import org.wardwatch.model.obs.rdp.RdpNegotiationResponded;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.protocols.nettest.Recorded;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * xrdp (in the foreground, its own configuration and a certificate made by the test, listening on
 * 127.0.0.1 only; no session manager is needed for the connection sequence) and nmap's RDP scripts as
 * the client ({@code rdp-enum-encryption}, which opens one connection per security protocol and
 * encryption level, and {@code rdp-ntlm-info}; the "+" makes nmap run them on a port it does not know
 * as RDP), on the standard port 3389 and on an unassigned port (detection by payload). Captured with
 * tcpdump on lo and run through the whole pipeline: on every connection the requested protocols and
 * flags, the cookie's presence, and the selected protocol or failure code equal tshark's RDP fields;
 * once with xrdp negotiating, once with xrdp requiring TLS (negotiation failures).
 *
 * <p>FreeRDP's client ({@code xfreerdp /auth-only}) would be a second client; its Debian package pulls
 * in 28 codec and video packages, so nmap (already a test dependency) is the client here.
 */
class RdpRealPeerTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "port {0} (0: an unassigned port)")
    @ValueSource(ints = {3389, 0})
    void xrdpWithNmapGivesRequestedAndSelectedProtocolsEqualToTsharks(int standardOrZero) throws Exception {
        List<Observation> all = runAndCompare(standardOrZero, "negotiate");
        // nmap asks for SSL, CredSSP, RDSTLS and standard RDP security; xrdp grants SSL or standard RDP security
        assertThat(of(all, RdpNegotiationRequested.class)).extracting(RdpNegotiationRequested::requestedProtocolsMask)
                .contains(0, 1, 3, 4, 8);
        assertThat(of(all, RdpNegotiationResponded.class)).extracting(RdpNegotiationResponded::selectedProtocol)
                .contains("ssl", "rdp");
    }

    @Test
    void xrdpRequiringTlsAnswersWithNegotiationFailuresEqualToTsharks() throws Exception {
        List<Observation> all = runAndCompare(0, "tls");
        // requests without SSL get RDP_NEG_FAILURE SSL_REQUIRED_BY_SERVER (MS-RDPBCGR 2.2.1.2.2)
        assertThat(of(all, RdpNegotiationResponded.class)).extracting(RdpNegotiationResponded::failureCode).contains(1);
        assertThat(of(all, RdpNegotiationResponded.class)).extracting(RdpNegotiationResponded::selectedProtocol).contains("ssl");
    }

    /**
     * Runs nmap's scripts against xrdp with {@code securityLayer} (negotiate, tls, rdp) on the port
     * (0: an unassigned one), compares every connection's negotiation with tshark, returns the observations.
     */
    private List<Observation> runAndCompare(int standardOrZero, String securityLayer) throws Exception {
        Requirements.root();
        Path xrdp = Requirements.command("xrdp");
        Requirements.command("nmap");
        Requirements.command("openssl");
        Requirements.command("tcpdump");
        int port = Peers.serverPort(standardOrZero);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Requirements.run(60, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=wardwatch-test",
                "-keyout", key.toString(), "-out", cert.toString());
        Path ini = dir.resolve("xrdp.ini");
        Files.writeString(ini, String.join("\n",
                "[Globals]", "ini_version=1", "fork=false", "port=tcp://127.0.0.1:" + port, "use_vsock=false",
                "security_layer=" + securityLayer, "crypt_level=high", "certificate=" + cert, "key_file=" + key,
                "ssl_protocols=TLSv1.2, TLSv1.3", "autorun=", "max_bpp=32",
                "[Logging]", "LogFile=" + dir.resolve("xrdp.log"), "LogLevel=INFO", "EnableSyslog=false",
                "EnableConsole=true", "ConsoleLevel=INFO",
                "[Xorg]", "name=Xorg", "lib=libxup.so", "username=ask", "password=ask", "ip=127.0.0.1", "port=-1", "code=20", ""));
        Path pcap = dir.resolve("rdp.pcap");
        try (Peers peers = new Peers(dir)) {
            peers.start(xrdp.toString(), "--nodaemon", "--config", ini.toString()); // its console output is block-buffered
            Peers.awaitListening(port);
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                Peers.Peer nmap = peers.run(60, "nmap", "-n", "-Pn", "-p", Integer.toString(port),
                        "--script", "+rdp-enum-encryption,+rdp-ntlm-info", "127.0.0.1");
                // with security_layer=tls the script stops with an error after the refusals; it has probed by then
                assertThat(nmap.output()).contains("rdp-enum-encryption");
                cap.stop();
            }
        }
        Recorded.keep(pcap, "rdp/xrdp-" + securityLayer + "-nmap-port-" + (standardOrZero == 0 ? "odd" : port) + ".pcap");

        List<Observation> all = Pipeline.observe(pcap);
        List<FlowRecord> flows = of(all, FlowRecord.class).stream().filter(f -> f.clientPayloadBytes() > 0).toList();
        assertThat(flows).hasSizeGreaterThanOrEqualTo(6).allSatisfy(f -> {
            assertThat(f.flow().serverPort()).isEqualTo(port);
            assertThat(f.application()).isEqualTo("rdp");
        });
        Map<Integer, String[]> requests = new LinkedHashMap<>();
        Map<Integer, String[]> confirms = new LinkedHashMap<>();
        Tshark.Query q = Tshark.on(pcap).filter("cotp.type == 0x0e || cotp.type == 0x0d");
        if (standardOrZero == 0) {
            q.decodeAs("tcp.port==" + port + ",tpkt");
        }
        for (String[] r : q.fields("tcp.srcport", "tcp.dstport", "cotp.type", "rdp.rt_cookie", "rdp.negReq.flags",
                "rdp.negReq.requestedProtocols", "rdp.negReq.requestedProtocols.ssl", "rdp.negReq.requestedProtocols.hybrid",
                "rdp.negReq.requestedProtocols.rdstls", "rdp.negReq.requestedProtocols.hybrid_ex", "rdp.negRsp.flags",
                "rdp.negReq.selectedProtocol", "rdp.negFailure.failureCode")) {
            if (r[2].equals("0x0e")) {
                requests.put(Integer.parseInt(r[0]), r);
            } else {
                confirms.put(Integer.parseInt(r[1]), r);
            }
        }
        assertThat(requests.keySet()).containsExactlyInAnyOrderElementsOf(flows.stream().map(f -> f.flow().clientPort()).toList());
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (FlowRecord f : flows) {
            int client = f.flow().clientPort();
            String[] t = requests.get(client);
            RdpNegotiationRequested ours = single(of(all, RdpNegotiationRequested.class), f);
            boolean negReq = !t[5].isEmpty();
            List<String> names = new ArrayList<>();
            String[] bits = {"ssl", "hybrid", "rdstls", "hybrid_ex"};
            for (int i = 0; i < bits.length; i++) {
                if (truthy(t[6 + i])) {
                    names.add(bits[i]);
                }
            }
            compare(disagreements, client + " request", "cookie " + t[3].startsWith("Cookie: mstshash=")
                    + " flags " + (negReq ? Integer.decode(t[4]) : null) + " mask " + (negReq ? Integer.decode(t[5]) : null)
                    + " protocols " + (negReq ? names : null),
                    "cookie " + ours.cookiePresent() + " flags " + ours.flags() + " mask " + ours.requestedProtocolsMask()
                    + " protocols " + ours.requestedProtocols());
            compared++;
            String[] c = confirms.get(client);
            if (c != null) {
                RdpNegotiationResponded resp = single(of(all, RdpNegotiationResponded.class), f);
                // without RDP_NEG_RSP the server speaks standard RDP security (MS-RDPBCGR 2.2.1.2): value 0
                Integer selected = !c[11].isEmpty() ? Integer.decode(c[11]) : c[12].isEmpty() ? Integer.valueOf(0) : null;
                compare(disagreements, client + " confirm", "selected " + selected + " failure "
                        + (c[12].isEmpty() ? null : Integer.decode(c[12])) + " flags " + (c[10].isEmpty() ? null : Integer.decode(c[10])),
                        "selected " + resp.selectedProtocolValue() + " failure " + resp.failureCode() + " flags " + resp.flags());
                compared++;
            }
        }
        System.out.printf("rdp real peer (xrdp security_layer=%s + nmap, port %d): %d connections, %d/%d negotiation messages"
                + " agree with tshark%s%n", securityLayer, port, flows.size(), compared - disagreements.size(), compared,
                disagreements.isEmpty() ? "" : ": " + disagreements);
        assertThat(disagreements).isEmpty();
        assertThat(confirms).isNotEmpty();
        assertThat(all).allSatisfy(o -> assertThat(o.toString()).doesNotContain("mstshash").doesNotContain("nmap"));
        return all;
    }

    private static org.wardwatch.model.FlowId flowOf(Observation o) {
        return o instanceof RdpNegotiationRequested r ? r.flow() : ((RdpNegotiationResponded) o).flow();
    }

    private static boolean truthy(String v) {
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    private static void compare(List<String> disagreements, String where, String theirs, String ours) {
        if (!theirs.equals(ours)) {
            disagreements.add(where + ": tshark=[" + theirs + "] ours=[" + ours + "]");
        }
    }

    private static <T extends Observation> T single(List<T> observations, FlowRecord f) {
        List<T> mine = observations.stream().filter(o -> flowOf(o).equals(f.flow())).toList();
        assertThat(mine).as("observations on %s", f.flow()).hasSize(1);
        return mine.get(0);
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
