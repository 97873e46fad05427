package org.wardwatch.protocols.infratest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.wardwatch.model.MacAddress;
import org.wardwatch.protocols.bacnet.BacnetAnalyzerFactory;
import org.wardwatch.protocols.cdp.CdpAnalyzer;
import org.wardwatch.protocols.coap.CoapAnalyzerFactory;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.kerberos.KerberosAnalyzerFactory;
import org.wardwatch.protocols.lldp.LldpAnalyzer;
import org.wardwatch.protocols.modbus.ModbusAnalyzerFactory;
import org.wardwatch.protocols.mqtt.MqttAnalyzerFactory;
import org.wardwatch.protocols.ntp.NtpAnalyzerFactory;
import org.wardwatch.protocols.smb.SmbAnalyzerFactory;
import org.wardwatch.protocols.snmp.SnmpAnalyzerFactory;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;
import org.wardwatch.protocols.syslog.SyslogAnalyzerFactory;

/**
 * One fuzz target for the infrastructure family (after Suricata's fuzz_applayerparserparse): the first
 * byte picks the analyzer (11 flow analyzers, then LLDP and CDP), the second the first direction; the
 * rest is cut into chunks at each "\u00FF\u00FE" separator, alternating direction (for the frame
 * analyzers each chunk is a frame). Every chunk also goes through the analyzer's probe. Property: no
 * exception escapes a probe or an analyzer (the harness counts {@code <name>_internal_error}), and
 * buffering stays under the caps (hitting one is a named anomaly). Regression inputs, built from the
 * spec-made messages of {@link InfraSamples}: src/test/resources/.../InfrastructureAnalyzersFuzzTestInputs.
 */
class InfrastructureAnalyzersFuzzTest {
    static final List<AnalyzerFactory> FLOWS = List.of(new SmbAnalyzerFactory(), KerberosAnalyzerFactory.tcp(),
            KerberosAnalyzerFactory.udp(), new SnmpAnalyzerFactory(), new MqttAnalyzerFactory(), new ModbusAnalyzerFactory(),
            new BacnetAnalyzerFactory(), new CoapAnalyzerFactory(), new NtpAnalyzerFactory(), SyslogAnalyzerFactory.udp(),
            SyslogAnalyzerFactory.tcp());
    private static final int[] PORTS = {445, 88, 88, 161, 1883, 502, 47808, 5683, 123, 514, 601};
    private static final MacAddress SRC = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress DST = MacAddress.parse("01:80:c2:00:00:0e");

    @FuzzTest(maxDuration = "10s")
    void analyzersNeverThrowAndStayBounded(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int pick = (input[0] & 0xFF) % (FLOWS.size() + 2);
        boolean fromClient = (input[1] & 1) == 0;
        if (pick >= FLOWS.size()) {
            FrameAnalyzer frames = pick == FLOWS.size() ? new LldpAnalyzer() : new CdpAnalyzer();
            AnalyzerHarness h = AnalyzerHarness.forFrames(frames);
            forEachChunk(input, (off, len) -> h.frame(java.util.Arrays.copyOfRange(input, off, off + len), SRC, DST, null, null));
            assertThat(h.counter(frames.name() + "_internal_error")).isZero();
            return;
        }
        AnalyzerFactory f = FLOWS.get(pick);
        AnalyzerHarness h = AnalyzerHarness.forFlow(f, PORTS[pick]);
        boolean[] dir = {fromClient};
        forEachChunk(input, (off, len) -> {
            f.probe(dir[0], input, off, len);
            h.feed(dir[0], input, off, len);
            dir[0] = !dir[0];
        });
        h.end();
        assertThat(h.counter(f.name() + "_internal_error")).isZero();
    }

    interface Chunk {
        void accept(int offset, int length);
    }

    /** The bytes after the two header bytes, cut at each 0xFF 0xFE. */
    static void forEachChunk(byte[] input, Chunk chunk) {
        int start = 2;
        for (int i = 2; i <= input.length; i++) {
            boolean sep = i + 1 < input.length && input[i] == (byte) 0xFF && input[i + 1] == (byte) 0xFE;
            if (sep || i == input.length) {
                chunk.accept(start, i - start);
                start = i + 2;
                i++;
            }
        }
    }
}
