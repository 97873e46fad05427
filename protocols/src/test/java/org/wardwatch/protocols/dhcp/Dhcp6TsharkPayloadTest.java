package org.wardwatch.protocols.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.dhcp.DhcpTsharkPayloadTest.firstOf;
import static org.wardwatch.protocols.dhcp.DhcpTsharkPayloadTest.ints;
import static org.wardwatch.protocols.dhcp.DhcpTsharkPayloadTest.list;
import static org.wardwatch.protocols.dhcp.DhcpTsharkPayloadTest.nz;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.dhcp.Dhcp6ClientSeen;
import org.wardwatch.model.obs.dhcp.Dhcp6ServerReplied;
import org.wardwatch.protocols.nettest.Agreement;
import org.wardwatch.protocols.nettest.CorpusFiles;
import org.wardwatch.protocols.nettest.Hex;
import org.wardwatch.protocols.nettest.RecordingContext;
import org.wardwatch.protocols.nettest.Tshark;

/** DHCPv6 analyzer against tshark on every DHCPv6 message of the corpus (UDP payloads extracted by tshark). */
class Dhcp6TsharkPayloadTest {
    static final String[] FIELDS = {"frame.number", "udp.payload", "dhcpv6.msgtype", "dhcpv6.xid", "dhcpv6.duid.bytes",
            "dhcpv6.requested_option_code", "dhcpv6.vendorclass.enterprise", "frame.number", "dhcpv6.iaaddr.ip",
            "dhcpv6.dns_server", "dhcpv6.duid.type"};

    @Test
    void observationFieldsEqualTsharks() {
        Agreement agreement = new Agreement("dhcpv6", Arrays.asList(FIELDS).subList(2, FIELDS.length));
        for (Path file : CorpusFiles.all()) {
            for (String[] r : Tshark.fieldsWith(file, "dhcpv6 && udp && !icmpv6", List.of("-E", "aggregator=\u001f"), FIELDS)) {
                byte[] payload = Hex.bytes(r[1]);
                RecordingContext ctx = new RecordingContext();
                new Dhcp6Analyzer().onDatagram(true, payload, 0, payload.length, ctx);
                String where = file.getFileName() + "#" + r[0];
                if (ctx.observations.isEmpty()) {
                    agreement.message(where, "observation", "present", ctx.anomalies.toString());
                } else if (ctx.observations.get(0) instanceof Dhcp6ClientSeen c) {
                    agreement.message(where,
                            "dhcpv6.msgtype", lastOf(r[2]), typeNumber(c.messageType()),
                            "dhcpv6.xid", Integer.decode(lastOf(r[3])), c.transactionId(),
                            "dhcpv6.duid.bytes", firstOf(r[4]).replace(":", ""), nz(c.clientDuid()),
                            "dhcpv6.duid.type", firstOf(r[10]), c.duidType() == null ? "" : c.duidType().toString(),
                            "dhcpv6.requested_option_code", list(r[5]), ints(c.optionRequestList()),
                            "dhcpv6.vendorclass.enterprise", firstOf(r[6]), c.vendorEnterprise() == null ? "" : c.vendorEnterprise().toString());
                } else if (ctx.observations.get(0) instanceof Dhcp6ServerReplied s) {
                    agreement.message(where,
                            "dhcpv6.msgtype", lastOf(r[2]), typeNumber(s.messageType()),
                            "dhcpv6.xid", Integer.decode(lastOf(r[3])), s.transactionId(),
                            "dhcpv6.iaaddr.ip", list(r[8]), s.addresses().stream().map(Object::toString).toList(),
                            "dhcpv6.dns_server", list(r[9]), s.dnsServers().stream().map(Object::toString).toList());
                }
            }
        }
        System.out.println(agreement.summary());
        assertThat(agreement.messages()).isGreaterThan(10);
        assertThat(agreement.disagreements()).isEmpty();
    }

    static String lastOf(String cell) {
        int i = cell.lastIndexOf('\u001f');
        return i < 0 ? cell : cell.substring(i + 1);
    }

    static String typeNumber(String name) {
        for (int t = 1; t <= 11; t++) {
            if (name.equals(Dhcp6Analyzer.typeName(t))) {
                return Integer.toString(t);
            }
        }
        return "";
    }
}
