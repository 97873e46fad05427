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
}
