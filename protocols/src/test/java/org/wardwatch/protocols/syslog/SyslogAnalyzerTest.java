package org.wardwatch.protocols.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.syslog.SyslogMessageSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class SyslogAnalyzerTest {

    @Test
    void readsHostAndAppOfBothFormatsAndNeverTheMessage() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(SyslogAnalyzerFactory.udp(), 514).client(syslog3164()).client(syslog5424()).end();
        assertThat(h.observations(SyslogMessageSeen.class))
                .extracting(m -> m.format() + " " + m.facility() + "." + m.severity() + " " + m.hostname() + " " + m.appName())
                .containsExactly("rfc3164 16.6 pump-gw-07 alarmd", "rfc5424 20.5 monitor-12.ward3b vitals");
        assertThat(h.observations().toString()).doesNotContain("occlusion").doesNotContain("patient");
    }

    @Test
    void tcpOctetCountingAndLineFramingGiveTheSameMessagesWhateverTheSegmentSizes() {
        byte[] m1 = syslog3164();
        byte[] m2 = syslog5424();
        byte[] counted = bytes(m1.length + " ", m1, m2.length + " ", m2);
        byte[] lines = bytes(m1, "\n", m2, "\n");
        for (byte[] stream : new byte[][] {counted, lines}) {
            for (int chunk = 1; chunk <= stream.length; chunk += 7) {
                AnalyzerHarness h = AnalyzerHarness.forFlow(SyslogAnalyzerFactory.tcp(), 601).feedSplit(true, stream, chunk).end();
                assertThat(h.observations(SyslogMessageSeen.class)).as("chunk %d", chunk).hasSize(2);
            }
        }
    }

    @Test
    void aPriorityOutOfRangeIsAViolation() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(SyslogAnalyzerFactory.udp(), 514).client(bytes("<999>nope")).end();
        assertThat(h.violated()).isTrue();
    }

    @Test
    void kindKeyBytesAreTheTextKeyOfHostAndApp() {
        java.util.Random r = new java.util.Random(5);
        byte[] alphabet = {'a', 'b', '|', 0, '\r', '\n', '\t', 1, (byte) 0x85, (byte) 0xE9, 0x7F, ' '};
        byte[] key = new byte[SyslogAnalyzer.KEY_CAP];
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[r.nextInt(300)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[r.nextInt(alphabet.length)];
            }
            boolean rfc5424 = r.nextBoolean();
            int appMax = rfc5424 ? 255 : 48;
            int[] f = new int[8];
            f[2] = r.nextInt(4) == 0 || b.length == 0 ? -1 : r.nextInt(b.length);
            f[3] = f[2] < 0 ? 0 : f[2] + r.nextInt(Math.min(255, b.length - f[2]) + 1);
            f[4] = r.nextInt(4) == 0 || b.length == 0 ? -1 : r.nextInt(b.length);
            f[5] = f[4] < 0 ? 0 : f[4] + r.nextInt(Math.min(appMax, b.length - f[4]) + 1);
            int facility = r.nextInt(24);
            String host = f[2] < 0 ? null : org.wardwatch.protocols.asn1.WireText.latin1(b, f[2], f[3] - f[2], 255);
            String app = f[4] < 0 ? null : org.wardwatch.protocols.asn1.WireText.latin1(b, f[4], f[5] - f[4], appMax);
            String text = (rfc5424 ? "rfc5424" : "rfc3164") + "|" + host + "|" + app + "|" + facility;
            int n = SyslogAnalyzer.kindKey(key, rfc5424, b, f, appMax, facility);
            assertThat(new String(key, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(text);
            if (host != null) {
                assertThat(new String(key, 8, f[6] - 8, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(host);
            }
            if (app != null) {
                assertThat(new String(key, f[6] + 1, f[7] - f[6] - 1, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(app);
            }
        }
    }
}
