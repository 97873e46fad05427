package org.wardwatch.protocols.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.model.obs.dhcp.DhcpServerReplied;
import org.wardwatch.protocols.nettest.Agreement;
import org.wardwatch.protocols.nettest.CorpusFiles;
import org.wardwatch.protocols.nettest.Hex;
import org.wardwatch.protocols.nettest.RecordingContext;
import org.wardwatch.protocols.nettest.Tshark;

/** DHCPv4 analyzer against tshark on every DHCP message of the corpus (UDP payloads extracted by tshark). */
class DhcpTsharkPayloadTest {
    static final String[] FIELDS = {"frame.number", "udp.payload", "dhcp.type", "dhcp.id", "dhcp.option.dhcp", "dhcp.hw.mac_addr",
            "dhcp.option.hostname", "dhcp.option.request_list_item", "dhcp.option.vendor_class_id",
            "dhcp.option.requested_ip_address", "dhcp.option.dhcp_server_id", "dhcp.option.ip_address_lease_time",
            "dhcp.ip.your", "dhcp.option.type", "dhcp.fqdn.name", "dhcp.hw.type", "dhcp.hw.len"};

    @Test
    void observationFieldsEqualTsharks() {
        Agreement agreement = new Agreement("dhcp", Arrays.asList(FIELDS).subList(2, 15));
        for (Path file : CorpusFiles.all()) {
            for (String[] r : Tshark.fieldsWith(file, "dhcp && udp && !icmp", List.of("-E", "aggregator=\u001f"), FIELDS)) {
                byte[] payload = Hex.bytes(r[1]);
                RecordingContext ctx = new RecordingContext();
                new DhcpAnalyzer().onDatagram(true, payload, 0, payload.length, ctx);
                List<Observation> obs = ctx.observations;
                if (obs.isEmpty()) {
                    agreement.message(file.getFileName() + "#" + r[0], "observation", "present", ctx.anomalies.toString());
                    continue;
                }
                String where = file.getFileName() + "#" + r[0];
                List<String> optionTypes = list(r[13]).stream().filter(t -> !t.equals("0") && !t.equals("255")).toList();
                boolean ethernet = firstOf(r[15]).equals("0x01") && firstOf(r[16]).equals("6");
                String chaddr = ethernet ? firstOf(r[5]) : "";
                if (obs.get(0) instanceof DhcpClientSeen c) {
                    agreement.message(where,
                            "dhcp.type", r[2], "1",
                            "dhcp.id", Long.decode(r[3]), c.transactionId(),
                            "dhcp.option.dhcp", firstOf(r[4]), typeNumber(c.messageType()),
                            "dhcp.hw.mac_addr", chaddr, c.client() == null ? "" : c.client().toString(),
                            "dhcp.option.hostname", firstOf(r[6]), nz(c.hostname()),
                            "dhcp.option.request_list_item", list(r[7]), ints(c.parameterRequestList()),
                            "dhcp.option.vendor_class_id", firstOf(r[8]), nz(c.vendorClass()),
                            "dhcp.option.requested_ip_address", firstOf(r[9]), str(c.requestedAddress()),
                            "dhcp.option.type", optionTypes, ints(c.options()),
                            "dhcp.fqdn.name", firstOf(r[14]), nz(c.fqdn()));
                } else if (obs.get(0) instanceof DhcpServerReplied s) {
                    agreement.message(where,
                            "dhcp.type", r[2], "2",
                            "dhcp.id", Long.decode(r[3]), s.transactionId(),
                            "dhcp.option.dhcp", firstOf(r[4]), typeNumber(s.messageType()),
                            "dhcp.hw.mac_addr", chaddr, s.client() == null ? "" : s.client().toString(),
                            "dhcp.option.hostname", firstOf(r[6]), nz(s.hostname()),
                            "dhcp.option.dhcp_server_id", firstOf(r[10]), str(s.serverIdentifier()),
                            "dhcp.option.ip_address_lease_time", firstOf(r[11]), s.leaseSeconds() == null ? "" : s.leaseSeconds().toString(),
                            "dhcp.ip.your", r[12].equals("0.0.0.0") ? "" : r[12], str(s.yourAddress()),
                            "dhcp.option.type", optionTypes, ints(s.options()));
                }
            }
        }
        System.out.println(agreement.summary());
        assertThat(agreement.messages()).isGreaterThan(10_000);
        assertThat(agreement.disagreements()).isEmpty();
    }

    static String typeNumber(String name) {
        for (int t = 1; t <= 18; t++) {
            if (DhcpAnalyzer.typeName(t).equals(name)) {
                return Integer.toString(t);
            }
        }
        return name.startsWith("type_") ? name.substring(5) : "";
    }

    static String str(IpAddress a) {
        return a == null ? "" : a.toString();
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    static List<String> ints(List<Integer> l) {
        return l == null ? List.of() : l.stream().map(String::valueOf).toList();
    }

    static String firstOf(String cell) {
        int i = cell.indexOf('\u001f');
        return i < 0 ? cell : cell.substring(0, i);
    }

    static List<String> list(String cell) {
        return cell.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(cell.split("\u001f", -1)));
    }

}
