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

    @Test
    void kindKeyIsEqualExactlyWhenTheTextKeyIs() {
        java.util.Random r = new java.util.Random(3);
        byte[] alphabet = {0, 'n', 'u', 'l', 1, 'A', (byte) 0x80};
        java.util.List<long[]> keys = new java.util.ArrayList<>();
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[4];
            for (int k = 0; k < 4; k++) {
                b[k] = alphabet[r.nextInt(alphabet.length)];
            }
            if (r.nextInt(5) == 0) {
                b = "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            int mode = 1 + r.nextInt(7);
            int stratum = mode >= 6 ? -1 : r.nextInt(3);
            String ref = stratum < 0 ? null : NtpAnalyzer.referenceId(stratum, b, 0);
            texts.add(true + "|" + 4 + "|" + mode + "|" + (stratum < 0 ? null : stratum) + "|" + ref);
            keys.add(new long[] {NtpAnalyzer.kindKey(true, 4, mode, stratum, b, 0)});
        }
        for (int i = 0; i < texts.size(); i += 7) {
            for (int j = 0; j < texts.size(); j++) {
                assertThat(keys.get(i)[0] == keys.get(j)[0]).as(texts.get(i) + " vs " + texts.get(j))
                        .isEqualTo(texts.get(i).equals(texts.get(j)));
            }
        }
    }
}
