package org.wardwatch.protocols.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * HTTP heads are read in place ({@link HttpHeadReader}: offsets, Strings only for reported values); the
 * previous String-building parser and analyzer ({@link HttpMessageParserReference},
 * {@link HttpAnalyzerReference}) are the oracle: on generated heads with odd values (folded lines, control
 * and high bytes, conflicting lengths, more than 100 fields, credentials, malformed lines) both must give
 * the same parse results and the same observations (as JSON), counters and verdicts.
 */
class HttpInPlaceParsingAgreementTest {
    private static final String[] METHODS = {"GET", "GET", "POST", "HEAD", "PUT", "CONNECT", "OPTIONS", "NOTIFY", "M-SEARCH",
        "BREW", "get", "G\u00e9T", ""};
    private static final String[] TARGETS = {"/", "/index.html", "/api/v1/devices/42/status?x=1", "/fhir/Patient/WW-1/_history/2",
        "/fhir/Observation/7", "http://device.local:8080/upnp/rootDesc.xml", "http://h", "*", "/users/smith-john/photo",
        "/a//b/", "/%41bc", "/x?y#z", "/caf\u00e9", "/ctl\u0001x", "/" + "a".repeat(40) + "/b", "a b", "/Patient/123/$everything",
        "/fhir/Patient/_search", "/p/" + "seg/".repeat(80)};
    private static final String[] NAMES = {"Host", "host", "HOST", "User-Agent", "Content-Type", "Content-Length",
        "Transfer-Encoding", "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Server",
        "X-Powered-By", "Content-Encoding", "Accept", "X-Custom-" , "Cookie", "SOAPAction", "Connection"};
    private static final String[] VALUES = {"", " ", "example.org", "  padded  ", "text/xml; charset=utf-8", "application/json",
        "0", "5", "5, 5", "5,6", ",", "5,,", ",5", " 5 ,", "abc", "1234567890123456789", "chunked", "gzip, chunked", "Chunked ",
        "Basic dXNlcjpwYXNz", "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==", "Negotiate !!!", "Bearer x",
        "b\u00e4d\u0001ctl", "nul\u0000byte", "tab\there", "Apache/2.4", "PHP/8.1", "NTLM", "Digest realm=\"x\", Basic", "\u007f"};

    @Test
    void inPlaceHeadReadingGivesWhatTheStringParserGave() {
        Random rnd = new Random(42L);
        for (int round = 0; round < 4000; round++) {
            byte[] head = head(rnd, rnd.nextBoolean()).getBytes(StandardCharsets.ISO_8859_1);
            int len = rnd.nextInt(8) == 0 ? rnd.nextInt(head.length + 1) : head.length;
            int max = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(600) : HttpMessageParser.DEFAULT_MAX_HEAD_BYTES;
            String expected = HttpMessageParserReference.parse(head, 0, len, max).toString();
            String actual = HttpMessageParser.parse(head, 0, len, max).toString();
            assertThat(actual).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void analyzerReportsWhatThePreviousAnalyzerReported() {
        Random rnd = new Random(7L);
        int requests = 0, credentials = 0;
        for (int round = 0; round < 1500; round++) {
            byte[] client = stream(rnd, true);
            byte[] server = stream(rnd, false);
            int chunk = 1 + rnd.nextInt(rnd.nextBoolean() ? 13 : 2000);
            String expected = run(HttpAnalyzerReference.FACTORY, client, server, chunk);
            String actual = run(HttpAnalyzer.FACTORY, client, server, chunk);
            assertThat(actual).as("round %d", round).isEqualTo(expected);
            requests += expected.contains("http_request_seen") ? 1 : 0;
            credentials += expected.contains("http_cleartext_credentials_seen") ? 1 : 0;
        }
        assertThat(requests).isGreaterThan(300);
        assertThat(credentials).isGreaterThan(20);
    }

    private static String run(AnalyzerFactory factory, byte[] client, byte[] server, int chunk) {
        AnalyzerHarness h = AnalyzerHarness.forFlow(factory, 80);
        // requests and responses interleaved as a real exchange would send them
        int ci = 0, si = 0;
        while (ci < client.length || si < server.length) {
            if (ci < client.length) {
                int n = Math.min(chunk, client.length - ci);
                h.feed(true, client, ci, n);
                ci += n;
            }
            if (si < server.length) {
                int n = Math.min(chunk, server.length - si);
                h.feed(false, server, si, n);
                si += n;
            }
        }
        h.end();
        return ObservationJson.lines(h.observations()) + "\n" + h.counters() + " " + h.confirmed() + " " + h.violated();
    }

    private static byte[] stream(Random rnd, boolean client) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int messages = 1 + rnd.nextInt(4);
        for (int m = 0; m < messages; m++) {
            String head = head(rnd, client);
            out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            int body = rnd.nextInt(4);
            if (body == 1) {
                out.writeBytes("<root><device>x</device></root>".getBytes(StandardCharsets.ISO_8859_1));
            } else if (body == 2) {
                out.writeBytes("5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    private static String head(Random rnd, boolean request) {
        StringBuilder sb = new StringBuilder();
        String eol = rnd.nextInt(10) == 0 ? "\n" : "\r\n";
        if (request) {
            sb.append(METHODS[rnd.nextInt(METHODS.length)]).append(' ').append(TARGETS[rnd.nextInt(TARGETS.length)])
                    .append(' ').append(rnd.nextInt(15) == 0 ? "HTTP/2" : rnd.nextBoolean() ? "HTTP/1.1" : "HTTP/1.0");
        } else {
            int[] codes = {200, 200, 200, 100, 101, 204, 304, 401, 404, 500};
            sb.append(rnd.nextInt(15) == 0 ? "HTTP/1.1x" : "HTTP/1.1").append(' ').append(codes[rnd.nextInt(codes.length)]);
            int reason = rnd.nextInt(5);
            if (reason == 1) {
                sb.append(" OK");
            } else if (reason == 2) {
                sb.append(' ');
            } else if (reason == 3) {
                sb.append(" Not\u0001Found ").append("r".repeat(rnd.nextInt(1500)));
            } else if (reason == 4) {
                sb.append("x");
            }
        }
        sb.append(eol);
        int fields = rnd.nextInt(25) == 0 ? 95 + rnd.nextInt(20) : rnd.nextInt(10);
        for (int i = 0; i < fields; i++) {
            int kind = rnd.nextInt(30);
            if (kind == 0) {
                sb.append(rnd.nextBoolean() ? " " : "\t").append(VALUES[rnd.nextInt(VALUES.length)]).append(eol); // obs-fold
            } else if (kind == 1) {
                sb.append("Bad Header: x").append(eol);
            } else if (kind == 2) {
                sb.append("X-Long: ").append("v".repeat(1000 + rnd.nextInt(100))).append(eol);
            } else {
                String name = NAMES[rnd.nextInt(NAMES.length)];
                if (name.endsWith("-")) {
                    name = name + i;
                }
                sb.append(name).append(':').append(rnd.nextBoolean() ? " " : "").append(VALUES[rnd.nextInt(VALUES.length)])
                        .append(rnd.nextInt(6) == 0 ? "  " : "").append(eol);
            }
        }
        sb.append(eol);
        return sb.toString();
    }
}
