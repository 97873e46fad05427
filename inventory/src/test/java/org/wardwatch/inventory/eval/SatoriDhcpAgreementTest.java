package org.wardwatch.inventory.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.inventory.identify.BehaviourModel;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.rules.RuleSet;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.testkit.Requirements;

/**
 * How often wardwatch's DHCP-based OS answer agrees with Satori's DHCP fingerprints (GPL-2.0, used here
 * only as a test oracle, never shipped), on every DHCP client message of the public corpus. The DHCP
 * fields are read with tshark (an oracle independent of wardwatch's DHCP analyzer); wardwatch answers
 * from those fields alone, through its rules and knowledge base. Results go to target/satori-dhcp-agreement.txt.
 */
class SatoriDhcpAgreementTest {
    private static final List<String> CAPTURES = List.of("protocols/ndpi_1kxun.pcap", "protocols/ndpi_alexa_app.pcapng",
            "protocols/ndpi_android.pcap", "protocols/ndpi_iphone.pcap", "protocols/suricata_dhcp_extended.pcap",
            "protocols/suricata_dhcp_option60_vendor_class.pcap", "protocols/wireshark_dhcp.pcap", "protocols/zeek_dhcp.pcap",
            "protocols/zeek_dhcp_discover_param_req_and_client_id.pcap", "protocols/zeek_dhcp_hw_type0.pcap",
            "protocols/zeek_dhcp_inform.pcap", "protocols/zeek_dhcp_time_and_nameserver.pcap", "attacks/zeek_dhcp_flood.pcap");
    private static final String[] TYPES = {"", "Discover", "Offer", "Request", "Decline", "Ack", "Nak", "Release", "Inform"};

    record Message(String mac, int type, List<Integer> prl, String vendorClass, List<Integer> options) {
    }

    record SatoriPrint(String name, String osClass, String osName, List<String[]> tests) {
    }

    @Test
    void dhcpOsAnswersAgreeWithSatoriWhereBothAnswer() throws Exception {
        Requirements.command("tshark");
        List<SatoriPrint> satori = satori(Requirements.sharedFile("fingerprints/satori/dhcp.xml"));
        Set<Message> messages = new LinkedHashSet<>();
        for (String c : CAPTURES) {
            Path pcap = Requirements.sharedFile("corpus/" + c);
            String out = Requirements.run(60, "tshark", "-r", pcap.toString(), "-Y",
                    "dhcp.option.dhcp == 1 || dhcp.option.dhcp == 3 || dhcp.option.dhcp == 8", "-T", "fields", "-E", "separator=|",
                    "-e", "dhcp.hw.mac_addr", "-e", "dhcp.option.dhcp", "-e", "dhcp.option.request_list_item",
                    "-e", "dhcp.option.vendor_class_id", "-e", "dhcp.option.type");
            for (String line : out.split("\n")) {
                String[] f = line.split("\\|", -1);
                if (f.length < 5 || f[0].isBlank()) {
                    continue;
                }
                messages.add(new Message(f[0].split(",")[0], Integer.parseInt(f[1].split(",")[0]), ints(f[2]), f[3].isBlank() ? null : f[3], ints(f[4])));
            }
        }
        KnowledgeBase kb = KnowledgeBase.defaults();
        RuleSet rules = RuleSet.defaults(kb);
        int both = 0, agree = 0, onlyOurs = 0, onlySatori = 0, neither = 0;
        List<String> lines = new ArrayList<>();
        Map<String, Integer> disagreements = new LinkedHashMap<>();
        for (Message m : messages) {
            Inventory inv = new Inventory(kb, rules, BehaviourModel.NONE, 10);
            inv.accept(new DhcpClientSeen(Instant.EPOCH, new FlowId(0, IpAddress.parse("0.0.0.0"), 68, IpAddress.parse("255.255.255.255"), 67,
                    FlowId.UDP), MacAddress.parse(m.mac()), TYPES[m.type()].toLowerCase(Locale.ROOT), 1, null, m.prl(), m.vendorClass(), null,
                    null, null, null, null, null, m.options()));
            List<Device> found = inv.finish().devices();
            Device d = found.isEmpty() ? null : found.get(0);
            String ours = d != null && d.os().isKnown() ? family(d.os().value()) : null;
            SatoriPrint s = best(satori, m);
            String theirs = s == null ? null : family(!s.osClass().isBlank() ? s.osClass() : s.osName());
            if (theirs != null && theirs.isBlank()) {
                theirs = null;
            }
            if (ours != null && theirs != null) {
                both++;
                if (ours.equals(theirs)) {
                    agree++;
                } else {
                    disagreements.merge(ours + " vs " + theirs + " (" + s.name() + ")", 1, Integer::sum);
                }
            } else if (ours != null) {
                onlyOurs++;
            } else if (theirs != null) {
                onlySatori++;
            } else {
                neither++;
            }
            lines.add(String.format("%s %-8s prl=%s vc=%s -> wardwatch %s | satori %s", m.mac(), TYPES[m.type()], m.prl(), m.vendorClass(),
                    d == null ? "-" : d.os().valueOr("-"), s == null ? "-" : s.name() + " [" + s.osClass() + "]"));
        }
        String summary = String.format(Locale.ROOT, "DHCP client messages: %d distinct; both answer %d, agree %d (%.1f%%); only wardwatch %d;"
                        + " only Satori %d; neither %d%ndisagreements: %s%n", messages.size(), both, agree, both == 0 ? 0.0 : 100.0 * agree / both,
                onlyOurs, onlySatori, neither, disagreements);
        System.out.println(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/satori-dhcp-agreement.txt"), summary + String.join("\n", lines) + "\n");
        assertThat(messages).isNotEmpty();
        assertThat(both).as("messages both answer").isPositive();
        assertThat((double) agree / both).as("OS family agreement with Satori where both answer").isGreaterThanOrEqualTo(0.8);
    }

    /** OS family for comparison: first word, Mac OS / OS X / macOS as macos, Android as linux (Satori's os_class for Android-based systems). */
    static String family(String os) {
        String o = os.toLowerCase(Locale.ROOT).trim();
        if (o.startsWith("mac") || o.startsWith("os x")) {
            return "macos";
        }
        if (o.startsWith("microsoft ")) {
            o = o.substring(10);
        }
        int sp = o.indexOf(' ');
        String first = sp > 0 ? o.substring(0, sp) : o;
        return first.equals("android") ? "linux" : first;
    }

    private static SatoriPrint best(List<SatoriPrint> prints, Message m) {
        SatoriPrint best = null;
        int bestScore = 0;
        String type = TYPES[m.type()];
        String prl = join(m.prl());
        String opts = join(m.options());
        for (SatoriPrint p : prints) {
            int score = 0;
            for (String[] t : p.tests()) { // weight, matchtype, dhcptype, field, value
                if (!t[2].equals("Any") && !t[2].equalsIgnoreCase(type)) {
                    continue;
                }
                String actual = switch (t[3]) {
                    case "dhcpoption55" -> prl;
                    case "dhcpoptions" -> opts;
                    case "dhcpvendorcode" -> m.vendorClass();
                    default -> null;
                };
                if (actual != null && (t[1].equals("partial") ? actual.contains(t[4]) : actual.equals(t[4]))) {
                    score += Integer.parseInt(t[0]);
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = p;
            }
        }
        return best;
    }

    private static List<SatoriPrint> satori(Path xml) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList nodes = doc.getElementsByTagName("fingerprint");
        List<SatoriPrint> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            List<String[]> tests = new ArrayList<>();
            NodeList ts = e.getElementsByTagName("test");
            for (int j = 0; j < ts.getLength(); j++) {
                Element t = (Element) ts.item(j);
                for (String field : new String[] {"dhcpoption55", "dhcpoptions", "dhcpvendorcode"}) {
                    if (t.hasAttribute(field)) {
                        tests.add(new String[] {t.getAttribute("weight"), t.getAttribute("matchtype"), t.getAttribute("dhcptype"), field,
                                t.getAttribute(field)});
                    }
                }
            }
            out.add(new SatoriPrint(e.getAttribute("name"), e.getAttribute("os_class"), e.getAttribute("os_name"), tests));
        }
        return out;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return out;
    }

    private static String join(List<Integer> l) {
        StringBuilder sb = new StringBuilder();
        for (int i : l) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
        }
        return sb.toString();
    }
}
