package org.wardwatch.protocols.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.snmp.SnmpMessageSeen;
import org.wardwatch.model.obs.snmp.SnmpSystemInfoSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class SnmpAnalyzerTest {

    @Test
    void reportsTheCommunityAsAFactAndTheSystemGroupFromTheResponse() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SnmpAnalyzerFactory(), 161)
                .client(snmpV2cGet("icu-secret")).server(snmpV2cResponse("icu-secret")).end();
        assertThat(h.observations(SnmpMessageSeen.class)).extracting(m -> m.version() + " " + m.pduType() + " " + m.cleartextCommunity())
                .containsExactly("v2c get_request true", "v2c response true");
        SnmpSystemInfoSeen s = h.observations(SnmpSystemInfoSeen.class).get(0);
        assertThat(s.sysDescr()).isEqualTo("Infusion gateway IG-200 fw 4.2.1");
        assertThat(s.sysObjectId()).isEqualTo("1.3.6.1.4.1.99999.1.2");
        assertThat(s.sysName()).isEqualTo("ig200-ward3b");
        assertThat(s.agent()).isEqualTo(AnalyzerHarness.SERVER_IP);
        assertThat(h.observations().toString()).doesNotContain("icu-secret");
    }

    @Test
    void aWalkOfManyMessagesYieldsOneRecordPerKind() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SnmpAnalyzerFactory(), 161);
        for (int i = 0; i < 500; i++) {
            h.client(snmpV2cGet("public")).server(snmpV2cResponse("public"));
        }
        assertThat(h.observations(SnmpMessageSeen.class)).hasSize(2);
        assertThat(h.observations(SnmpSystemInfoSeen.class)).hasSize(1);
    }

    @Test
    void everyTruncationIsAnAnomalyNeverAnException() {
        byte[] m = snmpV2cResponse("public");
        for (int n = 0; n < m.length; n++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new SnmpAnalyzerFactory(), 161).server(m, 0, n).end();
            assertThat(h.counter("snmp_internal_error")).isZero();
            assertThat(h.counter("snmp_malformed")).as("cut at %d", n).isEqualTo(1);
        }
    }

    @Test
    void oidChecksAndSystemFieldMatchTheOidText() {
        java.util.Random r = new java.util.Random(11);
        byte[] alphabet = {0x2B, 6, 1, 2, 5, 0, (byte) 0x80, (byte) 0x81, 0x7F};
        for (int round = 0; round < 50_000; round++) {
            byte[] b = new byte[r.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[r.nextInt(alphabet.length)];
            }
            if (r.nextInt(4) == 0 && b.length >= 8) {
                System.arraycopy(new byte[] {0x2B, 6, 1, 2, 1, 1}, 0, b, 0, 6);
            }
            String text = org.wardwatch.protocols.asn1.BerReader.oid(b, 0, b.length);
            assertThat(org.wardwatch.protocols.asn1.BerReader.isValidOid(b, 0, b.length)).isEqualTo(text != null);
            if (text != null) {
                int field = SnmpAnalyzer.systemField(b, 0, b.length);
                String expected = text.startsWith("1.3.6.1.2.1.1.") ? text.substring("1.3.6.1.2.1.1.".length()) : "";
                int want = switch (expected) {
                    case "1.0" -> 1;
                    case "2.0" -> 2;
                    case "5.0" -> 5;
                    case "6.0" -> 6;
                    default -> 0;
                };
                assertThat(field).as(text).isEqualTo(want);
            }
        }
    }
}
