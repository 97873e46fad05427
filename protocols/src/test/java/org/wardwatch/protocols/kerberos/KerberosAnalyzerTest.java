package org.wardwatch.protocols.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.kerberos.KerberosRequestSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class KerberosAnalyzerTest {

    @Test
    void readsRealmPrincipalsAndEncryptionTypesOfAnAsReqOverUdp() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(KerberosAnalyzerFactory.udp(), 88).client(kerberosAsReq()).end();
        KerberosRequestSeen r = h.observations(KerberosRequestSeen.class).get(0);
        assertThat(r.messageType()).isEqualTo("as_req");
        assertThat(r.realm()).isEqualTo("HOSPITAL.EXAMPLE");
        assertThat(r.clientName()).isEqualTo("nurse01");
        assertThat(r.serverName()).isEqualTo("krbtgt/HOSPITAL.EXAMPLE");
        assertThat(r.encryptionTypes()).containsExactly(18, 17, 23);
        assertThat(h.confirmed()).isTrue();
    }

    @Test
    void tcpRecordMarksGiveTheSameRequestWhateverTheSegmentSizes() {
        byte[] two = bytes(kerberosAsReqTcp(), kerberosAsReqTcp());
        for (int chunk = 1; chunk <= two.length; chunk += 3) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(KerberosAnalyzerFactory.tcp(), 88).feedSplit(true, two, chunk).end();
            assertThat(h.observations(KerberosRequestSeen.class)).as("chunk %d", chunk).hasSize(2);
        }
    }

    @Test
    void probesFindKerberosOnAnyPortAndRejectOtherDer() {
        byte[] req = kerberosAsReq();
        assertThat(KerberosAnalyzerFactory.udp().probe(true, req, 0, req.length)).isTrue();
        byte[] tcp = kerberosAsReqTcp();
        assertThat(KerberosAnalyzerFactory.tcp().probe(true, tcp, 0, tcp.length)).isTrue();
        byte[] snmp = snmpV2cGet("public");
        assertThat(KerberosAnalyzerFactory.udp().probe(true, snmp, 0, snmp.length)).isFalse();
    }

    @Test
    void truncatedMessagesAreCountedAnomaliesAndAViolation() {
        byte[] req = kerberosAsReq();
        AnalyzerHarness h = AnalyzerHarness.forFlow(KerberosAnalyzerFactory.udp(), 88).client(req, 0, req.length / 2).end();
        assertThat(h.counter("kerberos_malformed")).isEqualTo(1);
        assertThat(h.violated()).isTrue();
        assertThat(h.counter("kerberos_internal_error")).isZero();
    }
}
