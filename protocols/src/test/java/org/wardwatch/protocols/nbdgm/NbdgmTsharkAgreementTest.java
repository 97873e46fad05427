package org.wardwatch.protocols.nbdgm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.nbdgm.BrowserAnnouncementSeen;
import org.wardwatch.model.obs.nbdgm.NetbiosDatagramSeen;
import org.wardwatch.model.obs.netbios.NetbiosName;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * NetBIOS datagram and browser fields equal tshark's on every datagram of the corpus captures that carry
 * NetBIOS datagrams (found with {@code tshark -Y nbdgm} over the whole corpus: these five files, 30
 * datagrams), replayed through the real {@link Pipeline}. Fields compared: nbdgm.type, node_type,
 * src.ip, src.port, source_name, destination_name, mailslot.name, browser.command; for announcements
 * browser.server (or browser.mb_server for domain announcements), os_major, os_minor, server_type,
 * proto_major, proto_minor, period, comment.
 *
 * <p>The fuzzed capture's datagrams whose names tshark calls illegal (not first-level encoded) or
 * that tshark cannot dissect at all are rejected by us as {@code nbdgm_bad_name}: they are counted,
 * not compared.
 */
class NbdgmTsharkAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_netbios.pcap", "protocols/ndpi_1kxun.pcap", "attacks/ndpi_dos_win98_smb_netbeui.pcap",
        "attacks/suricata_smb_psexec_add_user.pcap", "malformed/ndpi_fuzz-2006-06-26-2594.pcap"})
    void datagramAndBrowserFieldsEqualTsharks(String name) throws Exception {
        Path capture = Requirements.sharedFile("corpus/" + name);
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("nbdgm")
                .fields("frame.time_epoch", "nbdgm.type", "nbdgm.node_type", "nbdgm.src.ip", "nbdgm.src.port", "nbdgm.source_name",
                        "nbdgm.destination_name", "mailslot.name", "browser.command", "browser.server", "browser.mb_server",
                        "browser.os_major", "browser.os_minor", "browser.server_type", "browser.proto_major", "browser.proto_minor",
                        "browser.period", "browser.comment");
        Agreement datagrams = new Agreement(name + " nbdgm");
        Agreement announcements = new Agreement(name + " browser");
        int illegal = 0;
        for (String[] c : rows) {
            if (c[5].isEmpty() || c[5].startsWith("Illegal") || c[6].isEmpty() || c[6].startsWith("Illegal")) {
                illegal++;
                continue;
            }
            String t = Replay.instant(c[0]).toString();
            String command = c[8].isEmpty() ? "null" : NbdgmAnalyzer.browserCommand(Integer.decode(c[8]));
            datagrams.expect(t + "|" + NbdgmAnalyzer.messageType(Integer.parseInt(c[1])) + "|" + node(Integer.parseInt(c[2])) + "|" + c[3] + ":" + c[4]
                    + "|" + c[5] + "|" + c[6] + "|" + (c[7].isEmpty() ? "null" : c[7]) + "|" + command);
            if (command.endsWith("announcement") && !command.startsWith("master")) {
                boolean domain = command.equals("domain_announcement");
                announcements.expect(t + "|" + command + "|" + c[9] + "|" + c[11] + "." + c[12] + "|" + c[13] + "|"
                        + (c[14].isEmpty() ? "null" : c[14]) + "." + (c[15].isEmpty() ? "null" : c[15]) + "|" + c[16] + "|"
                        + (domain ? nul(c[10]) : nul(c[17])));
            }
        }
        List<Observation> all = Pipeline.observe(capture);
        Map<String, Long> counters = Pipeline.run(capture, o -> { }).analyzerCounters();
        for (Observation o : all) {
            if (o instanceof NetbiosDatagramSeen d) {
                datagrams.actual(d.ts() + "|" + d.messageType() + "|" + d.nodeType() + "|" + d.sourceIp() + ":" + d.sourcePort() + "|"
                        + text(d.sourceName()) + "|" + text(d.destinationName()) + "|" + d.mailslot() + "|" + d.browserCommand());
            } else if (o instanceof BrowserAnnouncementSeen a) {
                announcements.actual(a.ts() + "|" + a.command() + "|" + a.serverName() + "|" + a.osMajor() + "." + a.osMinor() + "|"
                        + String.format("0x%08x", a.serverType()) + "|" + a.browserVersionMajor() + "." + a.browserVersionMinor() + "|"
                        + a.periodicityMs() + "|" + a.comment());
            }
        }
        System.out.println(name + ": tshark datagrams " + rows.size() + " (illegal names " + illegal + "), nbdgm counters "
                + counters.entrySet().stream().filter(e -> e.getKey().startsWith("nbdgm_")).toList());
        int compared = datagrams.assertEqual() + announcements.assertEqual();
        assertThat(counters).doesNotContainKey("nbdgm_internal_error");
        assertThat(compared + illegal).isEqualTo(rows.size() + announcements.compared());
        if (!name.startsWith("malformed/")) {
            assertThat(illegal).isZero();
        } else {
            assertThat(counters.getOrDefault("nbdgm_bad_name", 0L)).isGreaterThanOrEqualTo(illegal - 1L);
        }
    }

    private static String text(NetbiosName n) {
        return n == null ? "null" : n.name() + String.format("<%02x>", n.suffix());
    }

    private static String nul(String s) {
        return s.isEmpty() ? "null" : s;
    }

    private static String node(int n) {
        return switch (n) {
            case 0 -> "b";
            case 1 -> "p";
            case 2 -> "m";
            default -> "nbdd";
        };
    }
}
