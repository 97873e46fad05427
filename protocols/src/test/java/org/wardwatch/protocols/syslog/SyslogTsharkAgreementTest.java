package org.wardwatch.protocols.syslog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.syslog.SyslogMessageSeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * Syslog header fields equal tshark's on every message tshark dissects. tshark fields compared:
 * syslog.facility, syslog.hostname, syslog.appname / syslog.procid (see below; the message text, syslog.msg, is never kept), as
 * the distinct set per stream, since our records are per distinct (format, host, app, facility) per flow.
 */
class SyslogTsharkAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_syslog.pcap"})
    void facilityHostAndAppEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result udp = Replay.flows(capture, "syslog", SyslogAnalyzerFactory.udp());
        Replay.Result tcp = Replay.flows(capture, "syslog", SyslogAnalyzerFactory.tcp());
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("syslog")
                .fields("udp.stream", "tcp.stream", "syslog.facility", "syslog.hostname", "syslog.appname", "syslog.procid", "syslog.version");
        Set<String> expected = new TreeSet<>();
        for (String[] c : rows) {
            String stream = c[0].isEmpty() ? "tcp" + tcp.flow(c[1]) : "udp" + udp.flow(c[0]);
            // RFC 3164: Wireshark 4.0 shows a TAG without "[pid]" as syslog.procid and one with it as appname
            String tag = !c[4].isEmpty() || !c[6].isEmpty() ? c[4] : c[5];
            expected.add(stream + "|" + c[2] + "|" + nul(c[3]) + "|" + nul(tag));
        }
        Agreement a = new Agreement(name + " syslog");
        expected.forEach(a::expect);
        List<String> anomalies = new ArrayList<>();
        for (Replay.Result r : List.of(udp, tcp)) {
            String prefix = r == udp ? "udp" : "tcp";
            anomalies.add(prefix + " " + r.counters());
            r.byStream().forEach((stream, list) -> {
                Set<String> s = new TreeSet<>();
                for (Observation o : list) {
                    if (o instanceof SyslogMessageSeen m) {
                        s.add(prefix + stream + "|" + m.facility() + "|" + m.hostname() + "|" + m.appName());
                    }
                }
                s.forEach(a::actual);
            });
        }
        System.out.printf("%s: %d syslog messages, %s%n", name, rows.size(), anomalies);
        a.assertEqual();
    }

    private static String nul(String s) {
        return s.isEmpty() ? "null" : s;
    }
}
