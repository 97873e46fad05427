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
}
