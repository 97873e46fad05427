package org.wardwatch.protocols.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.http.HttpCleartextCredentialsSeen;
import org.wardwatch.model.obs.http.HttpResponseSeen;
import org.wardwatch.model.obs.ntlm.NtlmAuthenticateSeen;
import org.wardwatch.model.obs.ntlm.NtlmChallengeSeen;
import org.wardwatch.model.obs.ntlm.NtlmNegotiateSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * NTLM over cleartext HTTP ([MS-NTHT]): curl ({@code --ntlm}, a real NTLMSSP client producing real
 * NEGOTIATE and AUTHENTICATE tokens) against the JDK HTTP server on an unassigned port of 127.0.0.1,
 * which answers with a CHALLENGE written from [MS-NLMP] 2.2.1.2 (names and a Windows 10 VERSION in it);
 * captured on lo and analyzed by the whole pipeline. The three NTLM messages yield {@code ntlm_*}
 * observations with carrier "http", equal to tshark's ntlmssp.* fields on the same capture; the user
 * name, password and responses appear nowhere in what we emit.
 */
class HttpNtlmRealPeerTest {
    static final String USER = "nurse.jones";
    static final String PASSWORD = "S3cret-Pump-Pass";

    @TempDir
    Path dir;

    @Test
    void curlNtlmHandshakeOverHttpYieldsNtlmObservationsEqualToTsharks() throws Exception {
        Requirements.command("curl");
        byte[] challenge = challenge();
        HttpServer server = ntlmServer(challenge);
        int port = server.getAddress().getPort();
        Path pcap = dir.resolve("http-ntlm.pcap");
        String out;
        try (Peers peers = new Peers(dir); LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
            out = peers.run(30, "curl", "-s", "-w", "%{http_code}", "-o", "/dev/null", "--ntlm", "-u", "WARDNET\\" + USER + ":" + PASSWORD,
                    "http://127.0.0.1:" + port + "/records").output();
            cap.stop();
        } finally {
            server.stop(0);
        }
        assertThat(out).contains("200");
        List<Observation> all = Pipeline.observe(pcap);

        NtlmNegotiateSeen negotiate = single(all, NtlmNegotiateSeen.class);
        assertThat(negotiate.carrier()).isEqualTo("http");
        NtlmChallengeSeen c = single(all, NtlmChallengeSeen.class);
        assertThat(c.carrier()).isEqualTo("http");
        assertThat(c.targetName()).isEqualTo("WARDNET");
        assertThat(c.netbiosComputer()).isEqualTo("WWWEBSRV");
        assertThat(c.netbiosDomain()).isEqualTo("WARDNET");
        assertThat(c.dnsComputer()).isEqualTo("wwwebsrv.ward.example");
        assertThat(c.dnsDomain()).isEqualTo("ward.example");
        assertThat(c.osMajor()).isEqualTo(10);
        assertThat(c.osBuild()).isEqualTo(17763);
        NtlmAuthenticateSeen a = single(all, NtlmAuthenticateSeen.class);
        assertThat(a.carrier()).isEqualTo("http");
        assertThat(a.domain()).isEqualTo("WARDNET");
        assertThat(a.userPresent()).isTrue();
        assertThat(a.anonymous()).isFalse();
        assertThat(of(all, HttpCleartextCredentialsSeen.class)).extracting(HttpCleartextCredentialsSeen::scheme).containsExactly("ntlm");
        assertThat(of(all, HttpResponseSeen.class)).extracting(HttpResponseSeen::status).containsExactly(401, 200); // curl --ntlm starts with the NEGOTIATE token

        String json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(all);
        assertThat(json).doesNotContain(USER).doesNotContain(PASSWORD).doesNotContainIgnoringCase("nurse");

        // tshark's NTLMSSP dissector on the same capture, the port decoded as HTTP
        List<String[]> t = Tshark.on(pcap).decodeAs("tcp.port==" + port + ",http").filter("ntlmssp")
                .fields("ntlmssp.messagetype", "ntlmssp.challenge.target_name", "ntlmssp.challenge.target_info.nb_computer_name",
                        "ntlmssp.challenge.target_info.dns_computer_name", "ntlmssp.version.major", "ntlmssp.version.minor",
                        "ntlmssp.version.build_number", "ntlmssp.auth.hostname", "ntlmssp.auth.domain");
        assertThat(t).extracting(r -> r[0]).containsExactly("0x00000001", "0x00000002", "0x00000003");
        assertThat(t.get(1)[1] + "|" + t.get(1)[2] + "|" + t.get(1)[3] + "|" + t.get(1)[4] + "." + t.get(1)[5] + "." + t.get(1)[6])
                .isEqualTo(c.targetName() + "|" + c.netbiosComputer() + "|" + c.dnsComputer() + "|" + c.osMajor() + "." + c.osMinor()
                        + "." + c.osBuild());
        assertThat(nul(t.get(2)[7]) + "|" + nul(t.get(2)[8]) + "|" + version(t.get(2)))
                .isEqualTo(a.workstation() + "|" + a.domain() + "|" + version(a.osMajor(), a.osMinor(), a.osBuild()));
        assertThat(version(t.get(0))).isEqualTo(version(negotiate.osMajor(), negotiate.osMinor(), negotiate.osBuild()));
    }

    /**
     * A second real client: the JDK's own NTLM implementation (HttpURLConnection with an Authenticator),
     * which answers the server's bare "WWW-Authenticate: NTLM" first. Its AUTHENTICATE carries the domain
     * given with the user name.
     */
    @Test
    void jdkHttpUrlConnectionNtlmClientIsDecodedLikeTsharkDoes() throws Exception {
        byte[] challenge = challenge();
        HttpServer server = ntlmServer(challenge);
        int port = server.getAddress().getPort();
        Path pcap = dir.resolve("http-ntlm-jdk.pcap");
        int status;
        try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:" + port + "/records")
                    .openConnection(java.net.Proxy.NO_PROXY);
            c.setAuthenticator(new java.net.Authenticator() {
                @Override
                protected java.net.PasswordAuthentication getPasswordAuthentication() {
                    return new java.net.PasswordAuthentication("WARDNET\\" + USER, PASSWORD.toCharArray());
                }
            });
            status = c.getResponseCode();
            c.getInputStream().readAllBytes();
            c.disconnect();
            cap.stop();
        } finally {
            server.stop(0);
        }
        assertThat(status).isEqualTo(200);
        List<Observation> all = Pipeline.observe(pcap);
        NtlmAuthenticateSeen a = single(all, NtlmAuthenticateSeen.class);
        assertThat(a.carrier()).isEqualTo("http");
        assertThat(a.domain()).isEqualTo("WARDNET");
        assertThat(a.userPresent()).isTrue();
        assertThat(single(all, NtlmChallengeSeen.class).netbiosComputer()).isEqualTo("WWWEBSRV");
        NtlmNegotiateSeen n = single(all, NtlmNegotiateSeen.class);
        List<String[]> t = Tshark.on(pcap).decodeAs("tcp.port==" + port + ",http").filter("ntlmssp")
                .fields("ntlmssp.messagetype", "ntlmssp.challenge.target_name", "ntlmssp.challenge.target_info.nb_computer_name",
                        "ntlmssp.challenge.target_info.dns_computer_name", "ntlmssp.version.major", "ntlmssp.version.minor",
                        "ntlmssp.version.build_number", "ntlmssp.auth.hostname", "ntlmssp.auth.domain");
        assertThat(t).extracting(r -> r[0]).containsExactly("0x00000001", "0x00000002", "0x00000003");
        assertThat(version(t.get(0))).isEqualTo(version(n.osMajor(), n.osMinor(), n.osBuild()));
        assertThat(nul(t.get(2)[7]) + "|" + nul(t.get(2)[8]) + "|" + version(t.get(2)))
                .isEqualTo(a.workstation() + "|" + a.domain() + "|" + version(a.osMajor(), a.osMinor(), a.osBuild()));
        String json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(all);
        assertThat(json).doesNotContain(USER).doesNotContain(PASSWORD);
    }

    @Test
    void spnegoWrappedNtlmInNegotiateAndBadBase64AreHandled() {
        byte[] challenge = challenge();
        // SPNEGO negTokenResp ([RFC 4178] 4.2.2) carrying the NTLMSSP message as responseToken [2]
        byte[] wrapped = new byte[challenge.length + 8];
        wrapped[0] = (byte) 0xa1;
        wrapped[1] = (byte) 0x82;
        wrapped[2] = (byte) ((challenge.length + 4) >> 8);
        wrapped[3] = (byte) (challenge.length + 4);
        wrapped[4] = (byte) 0xa2;
        wrapped[5] = (byte) 0x82;
        wrapped[6] = (byte) (challenge.length >> 8);
        wrapped[7] = (byte) challenge.length;
        System.arraycopy(challenge, 0, wrapped, 8, challenge.length);
        String request = "GET /records HTTP/1.1\r\nHost: wwwebsrv\r\nAuthorization: Negotiate %%%not-base64\r\n\r\n";
        String response = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate " + Base64.getEncoder().encodeToString(wrapped)
                + "\r\nContent-Length: 0\r\n\r\n";
        AnalyzerHarness h = AnalyzerHarness.forFlow(HttpAnalyzer.FACTORY, 80)
                .client(request.getBytes(StandardCharsets.US_ASCII)).server(response.getBytes(StandardCharsets.US_ASCII)).end();
        assertThat(h.counter("http_ntlm_bad_base64")).isEqualTo(1);
        assertThat(h.observations(NtlmChallengeSeen.class)).singleElement().satisfies(c -> {
            assertThat(c.netbiosComputer()).isEqualTo("WWWEBSRV");
            assertThat(c.carrier()).isEqualTo("http");
        });
    }

    /**
     * A CHALLENGE message ([MS-NLMP] 2.2.1.2): Unicode, target type domain, extended session security,
     * target info and version flags; TargetName WARDNET; AV pairs NbComputerName, NbDomainName,
     * DnsComputerName, DnsDomainName, EOL; VERSION 10.0 build 17763, NTLM revision 15.
     */
    static byte[] challenge() {
        byte[] target = "WARDNET".getBytes(StandardCharsets.UTF_16LE);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        av(info, 2, "WARDNET");
        av(info, 1, "WWWEBSRV");
        av(info, 4, "ward.example");
        av(info, 3, "wwwebsrv.ward.example");
        info.writeBytes(new byte[4]); // MsvAvEOL
        byte[] ti = info.toByteArray();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII));
        le32(m, 2);
        le16(m, target.length);
        le16(m, target.length);
        le32(m, 56);
        le32(m, 0x00000001 | 0x00000004 | 0x00000200 | 0x00008000 | 0x00010000 | 0x00080000 | 0x00800000 | 0x02000000
                | 0x20000000 | 0x80000000);
        m.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // ServerChallenge
        m.writeBytes(new byte[8]); // Reserved
        le16(m, ti.length);
        le16(m, ti.length);
        le32(m, 56 + target.length);
        m.writeBytes(new byte[] {10, 0, (byte) (17763 & 0xFF), (byte) (17763 >> 8), 0, 0, 0, 15}); // VERSION
        m.writeBytes(target);
        m.writeBytes(ti);
        return m.toByteArray();
    }

    private static void av(ByteArrayOutputStream out, int id, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_16LE);
        le16(out, id);
        le16(out, v.length);
        out.writeBytes(v);
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v & 0xFFFF);
        le16(out, (v >>> 16) & 0xFFFF);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static String nul(String s) {
        return s.isEmpty() || s.equals("NULL") ? "null" : s;
    }

    private static String version(String[] r) {
        return r[4].isEmpty() ? "null" : r[4] + "." + r[5] + "." + r[6];
    }

    private static String version(Integer major, Integer minor, Integer build) {
        return major == null ? "null" : major + "." + minor + "." + build;
    }

    private static <T> T single(List<Observation> all, Class<T> type) {
        List<T> l = of(all, type);
        assertThat(l).as(type.getSimpleName()).hasSize(1);
        return l.get(0);
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * A JDK HTTP server on 127.0.0.1 that asks for NTLM on {@code /records}: a bare "WWW-Authenticate: NTLM",
     * then {@code challenge} in answer to a NEGOTIATE, then 200 for the AUTHENTICATE (not verified: only the
     * handshake's shape matters here).
     */
    private static HttpServer ntlmServer(byte[] challenge) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/records", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                ex.getResponseHeaders().add("WWW-Authenticate", "NTLM");
                reply(ex, 401, "login");
                return;
            }
            byte[] token = Base64.getDecoder().decode(auth.substring(auth.indexOf(' ') + 1).trim());
            if (token[8] == 1) {
                ex.getResponseHeaders().add("WWW-Authenticate", "NTLM " + Base64.getEncoder().encodeToString(challenge));
                reply(ex, 401, "challenge");
            } else {
                reply(ex, 200, "ok");
            }
        });
        server.start();
        return server;
    }
}
