package org.wardwatch.protocols.coap;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.coap.CoapRequestSeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * CoAP requests equal tshark's on every request tshark dissects. tshark fields compared: coap.code
 * (methods 0.01-0.07), coap.opt.uri_host, coap.opt.uri_path (joined with "/"), as the distinct set
 * per UDP stream, since our records are per distinct (method, host, path) per flow.
 */
class CoapTsharkAgreementTest {
    private static final String[] METHODS = {null, "GET", "POST", "PUT", "DELETE", "FETCH", "PATCH", "iPATCH"};

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_coap_mqtt.pcap"})
    void requestsEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "coap", new CoapAnalyzerFactory());
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("coap")
                .fields("udp.stream", "coap.code", "coap.opt.uri_host", "coap.opt.uri_path");
        Set<String> expected = new TreeSet<>();
        for (String[] c : rows) {
            int code = Integer.parseInt(c[1]);
            if (code >= 1 && code <= 7) {
                expected.add(r.flow(c[0]) + "|" + METHODS[code] + "|" + (c[2].isEmpty() ? null : c[2]) + "|/"
                        + String.join("/", c[3].isEmpty() ? new String[0] : c[3].split(",")));
            }
        }
        Agreement a = new Agreement(name + " coap requests");
        expected.forEach(a::expect);
        r.byStream().forEach((stream, list) -> {
            for (Observation o : list) {
                if (o instanceof CoapRequestSeen m) {
                    a.actual(stream + "|" + m.method() + "|" + m.uriHost() + "|" + m.uriPath());
                }
            }
        });
        System.out.printf("%s: %d coap messages, %d streams, anomalies %s%n", name, rows.size(), r.streams(), r.counters());
        a.assertEqual();
    }
}
