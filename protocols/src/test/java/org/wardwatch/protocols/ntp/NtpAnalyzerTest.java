package org.wardwatch.protocols.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.ntp.NtpMessageSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class NtpAnalyzerTest {

    @Test
    void reportsModeStratumAndReferenceOfClientAndServer() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new NtpAnalyzerFactory(), 123).client(ntpClient()).server(ntpServer()).end();
        assertThat(h.observations(NtpMessageSeen.class)).extracting(m -> m.version() + " " + m.mode() + " " + m.stratum() + " " + m.referenceId())
                .containsExactly("4 client 0 null", "4 server 1 GPS");
    }

    @Test
    void shortDatagramIsAViolation() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new NtpAnalyzerFactory(), 123).client(bytes(0x23, 0, 0)).end();
        assertThat(h.violated()).isTrue();
        assertThat(h.counter("ntp_truncated")).isEqualTo(1);
    }

    @Test
    void probeIsStrictAboutLengthVersionAndDirection() {
        NtpAnalyzerFactory f = new NtpAnalyzerFactory();
        byte[] c = ntpClient();
        assertThat(f.probe(true, c, 0, c.length)).isTrue();
        assertThat(f.probe(false, c, 0, c.length)).isFalse();
        assertThat(f.probe(true, c, 0, 47)).isFalse();
    }
}
