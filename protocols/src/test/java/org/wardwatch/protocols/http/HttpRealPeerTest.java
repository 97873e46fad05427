package org.wardwatch.protocols.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.http.HttpCleartextCredentialsSeen;
import org.wardwatch.model.obs.http.HttpRequestSeen;
import org.wardwatch.model.obs.http.HttpResponseSeen;
import org.wardwatch.model.obs.ssdp.UpnpDeviceDescribed;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * curl against the JDK's HTTP server on an unassigned port of 127.0.0.1, captured on the loopback
 * interface and analyzed by the whole pipeline: the flow is recognised as HTTP from its bytes, curl's
 * requests and the server's responses are reported, a UPnP description served by the JDK is read,
 * and basic credentials yield the fact, never the user name, password or the query string.
 */
class HttpRealPeerTest {
    static final String USER = "nurse.jones";
    static final String PASSWORD = "S3cret-Pump-Pass";
    static final String PATIENT = "PID-4711-0042";
    static final String DESCRIPTION = """
            <?xml version="1.0"?>
            <root xmlns="urn:schemas-upnp-org:device-1-0">
              <specVersion><major>1</major><minor>0</minor></specVersion>
              <device>
                <deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType>
                <friendlyName>Ward 3 &amp; 4 display</friendlyName>
                <manufacturer>Example Medical</manufacturer>
                <modelName>BedView</modelName>
                <modelNumber>BV-200</modelNumber>
                <serialNumber>SN123456</serialNumber>
                <UDN>uuid:0f3a5c5e-1111-2222-3333-444455556666</UDN>
                <serviceList><service><serviceType>urn:schemas-upnp-org:service:RenderingControl:1</serviceType></service></serviceList>
              </device>
            </root>
            """;

    @TempDir
    Path dir;

    @Test
    void curlOnAnUnassignedPortIsSeenAsHttpWithCredentialsAsAFactOnly() throws Exception {
        Requirements.command("curl");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/description.xml", ex -> reply(ex, 200, "text/xml; charset=\"utf-8\"", DESCRIPTION));
        HttpContext secure = server.createContext("/records", ex -> reply(ex, 200, "text/plain", "ok"));
        secure.setAuthenticator(new BasicAuthenticator("ward") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return USER.equals(user) && PASSWORD.equals(password);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        String base = "http://127.0.0.1:" + port;
        Path pcap = dir.resolve("http.pcap");
        try (Peers peers = new Peers(dir); LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
            peers.run(30, "curl", "-s", "-o", "/dev/null", base + "/description.xml");
            peers.run(30, "curl", "-s", "-o", "/dev/null", base + "/records");
            peers.run(30, "curl", "-s", "-o", "/dev/null", "-u", USER + ":" + PASSWORD, base + "/records/today?patient=" + PATIENT);
            cap.stop();
        } finally {
            server.stop(0);
        }
        org.wardwatch.protocols.nettest.Recorded.keep(pcap, "http/curl-jdk-httpserver.pcap");
        List<Observation> all = Pipeline.observe(pcap);

        List<HttpRequestSeen> requests = of(all, HttpRequestSeen.class);
        assertThat(requests).hasSize(3).allSatisfy(r -> {
            assertThat(r.userAgent()).startsWith("curl/");
            assertThat(r.host()).isEqualTo("127.0.0.1:" + port);
            assertThat(r.flow().serverPort()).isEqualTo(port);
        });
        assertThat(requests).extracting(HttpRequestSeen::path).containsExactly("/description.xml", "/records", "/records/today");
        assertThat(requests.get(2).hasQuery()).isTrue();
        assertThat(of(all, HttpResponseSeen.class)).extracting(HttpResponseSeen::status).containsExactly(200, 401, 200);
        assertThat(of(all, HttpResponseSeen.class).get(1).authenticateSchemes()).containsExactly("basic");
        assertThat(of(all, HttpCleartextCredentialsSeen.class)).singleElement().satisfies(c -> {
            assertThat(c.scheme()).isEqualTo("basic");
            assertThat(c.header()).isEqualTo("authorization");
        });
        assertThat(of(all, UpnpDeviceDescribed.class)).singleElement().satisfies(u -> {
            assertThat(u.manufacturer()).isEqualTo("Example Medical");
            assertThat(u.friendlyName()).isEqualTo("Ward 3 & 4 display");
            assertThat(u.modelNumber()).isEqualTo("BV-200");
            assertThat(u.serialNumber()).isEqualTo("SN123456");
            assertThat(u.path()).isEqualTo("/description.xml");
            assertThat(u.serviceTypes()).containsExactly("urn:schemas-upnp-org:service:RenderingControl:1");
        });
        assertThat(of(all, FlowRecord.class)).hasSize(3).allSatisfy(f -> assertThat(f.application()).isEqualTo("http"));

        // what leaves the sensor holds neither the credentials nor the patient identifier
        String json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(all);
        String token = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(json).doesNotContain(USER).doesNotContain(PASSWORD).doesNotContain(token).doesNotContain(PATIENT);

        // tshark sees the same user agents and the Authorization header we report as a fact
        List<String[]> t = Tshark.on(pcap).option("tcp.desegment_tcp_streams:TRUE").filter("http.request").fields("http.user_agent",
                "http.authorization");
        assertThat(t).extracting(r -> r[0]).containsExactlyElementsOf(requests.stream().map(HttpRequestSeen::userAgent).toList());
        assertThat(t.stream().filter(r -> !r[1].isEmpty())).hasSize(1);
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
