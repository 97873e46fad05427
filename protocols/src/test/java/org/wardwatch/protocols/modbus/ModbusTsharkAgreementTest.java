package org.wardwatch.protocols.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.modbus.ModbusFunctionSeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * Modbus/TCP function codes equal tshark's on every PDU tshark dissects. tshark field compared:
 * modbus.func_code (with mbtcp framing), counted per TCP stream and function code; our
 * {@link ModbusFunctionSeen} aggregates (requests + responses + exceptions) must carry the same counts.
 * The corpus holds no Read Device Identification exchange: {@code ModbusAnalyzerTest} covers it from
 * the specification's example.
 */
class ModbusTsharkAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_modbus.pcap", "protocols/zeek_modbus_small.pcap", "ics/ndpi_umas.pcap",
        "malformed/zeek_modbus_fuzz-72.pcap", "malformed/zeek_modbus_fuzz-1011.pcap"})
    void functionCodeCountsEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "mbtcp", new ModbusAnalyzerFactory());
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("modbus")
                .fields("tcp.stream", "modbus.func_code");
        Map<String, Integer> expected = new TreeMap<>();
        int pdus = 0;
        for (String[] c : rows) {
            for (String fc : c[1].split(",")) {
                expected.merge(r.flow(c[0]) + "|" + (Integer.decode(fc) & 0x7F), 1, Integer::sum);
                pdus++;
            }
        }
        Agreement a = new Agreement(name + " modbus function codes");
        expected.forEach((k, n) -> a.expect(k + "|" + n));
        r.byStream().forEach((stream, list) -> {
            for (Observation o : list) {
                if (o instanceof ModbusFunctionSeen f) {
                    a.actual(stream + "|" + f.functionCode() + "|" + (f.requests() + f.responses() + f.exceptions()));
                }
            }
        });
        System.out.printf("%s: %d modbus pdus, %d streams, anomalies %s%n", name, pdus, r.streams(), r.counters());
        if (name.startsWith("malformed/")) {
            // fuzzed streams: tshark dissects each segment on its own and finds PDUs after garbage; we stop
            // at the first framing error of an unconfirmed flow (a violation). Only robustness is asserted.
            assertThat(r.violated() + r.confirmed()).isEqualTo(r.streams());
        } else {
            a.assertEqual();
        }
        assertThat(r.counters()).doesNotContainKey("modbus_internal_error");
    }
}
