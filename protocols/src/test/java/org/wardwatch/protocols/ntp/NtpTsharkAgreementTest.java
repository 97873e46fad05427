package org.wardwatch.protocols.ntp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.ntp.NtpMessageSeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * NTP fields equal tshark's on every message tshark dissects. tshark fields compared: ntp.flags.vn,
 * ntp.flags.mode, ntp.stratum, ntp.refid (hex; ours is the ASCII code for stratum 0-1 and the dotted
 * address above), as the distinct set per UDP stream (our records are per distinct kind per flow).
 */
class NtpTsharkAgreementTest {
    private static final String[] MODES = {"reserved", "symmetric_active", "symmetric_passive", "client", "server",
        "broadcast", "control", "private"};

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_ntpv4.pcap", "protocols/ndpi_android.pcap", "protocols/ndpi_1kxun.pcap"})
    void versionModeStratumAndReferenceEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "ntp", new NtpAnalyzerFactory());
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("ntp")
                .fields("udp.stream", "ntp.flags.vn", "ntp.flags.mode", "ntp.stratum", "ntp.refid");
        Set<String> expected = new TreeSet<>();
        for (String[] c : rows) {
            int mode = Integer.parseInt(c[2]);
            String stratum = mode >= 6 ? "null" : c[3];
            expected.add(r.flow(c[0]) + "|" + c[1] + "|" + MODES[mode] + "|" + stratum + "|" + (mode >= 6 ? null : refid(Integer.parseInt(c[3]), c[4])));
        }
        Agreement a = new Agreement(name + " ntp");
        expected.forEach(a::expect);
        r.byStream().forEach((stream, list) -> {
            for (Observation o : list) {
                if (o instanceof NtpMessageSeen m) {
                    a.actual(stream + "|" + m.version() + "|" + m.mode() + "|" + m.stratum() + "|" + m.referenceId());
                }
            }
        });
        System.out.printf("%s: %d ntp messages, %d streams%n", name, rows.size(), r.streams());
        a.assertEqual();
    }

    private static String refid(int stratum, String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replace(":", ""));
        if (b.length != 4 || (b[0] | b[1] | b[2] | b[3]) == 0) {
            return null;
        }
        if (stratum <= 1) {
            int n = 0;
            while (n < 4 && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }
}
