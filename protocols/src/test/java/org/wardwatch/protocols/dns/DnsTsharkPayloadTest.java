package org.wardwatch.protocols.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.protocols.nettest.Agreement;
import org.wardwatch.protocols.nettest.CorpusFiles;
import org.wardwatch.protocols.nettest.Hex;
import org.wardwatch.protocols.nettest.RecordingContext;
import org.wardwatch.protocols.nettest.Tshark;

/** DNS-format parser against tshark on every UDP DNS/mDNS/LLMNR message of the corpus (payloads extracted by tshark). */
class DnsTsharkPayloadTest {
    static final String[] FIELDS = {"frame.number", "udp.payload", "dns.flags.response", "dns.qry.name", "dns.qry.type",
            "dns.resp.name", "dns.resp.type", "dns.a", "dns.aaaa", "dns.ptr.domain_name", "dns.srv.target", "dns.srv.port",
            "dns.cname", "dns.txt"};

    @Test
    void parsedFieldsEqualTsharks() {
        Agreement agreement = new Agreement("dns+mdns+llmnr", Arrays.asList(FIELDS).subList(2, FIELDS.length));
        for (Path file : CorpusFiles.all()) {
            for (String[] row : Tshark.fieldsWith(file, "dns && udp && !icmp && !icmpv6", List.of("-E", "aggregator=\u001f"), FIELDS)) {
                byte[] payload = Hex.bytes(row[1]);
                RecordingContext ctx = new RecordingContext();
                DnsMessage m = DnsMessage.parse(payload, 0, payload.length, ctx, "dns");
                if (m == null || m.truncated) {
                    continue; // counted separately below
                }
                List<DnsMessage.Rr> rrs = m.records.stream().toList();
                agreement.message(file.getFileName() + "#" + row[0],
                        "dns.flags.response", row[2], m.response ? "1" : "0",
                        "dns.qry.name", list(row[3]), m.questions.stream().map(q -> q.name()).toList(),
                        "dns.qry.type", list(row[4]), m.questions.stream().map(q -> Integer.toString(q.type())).toList(),
                        "dns.resp.name", withoutOpt(list(row[5]), list(row[6])), rrs.stream().map(DnsMessage.Rr::name).toList(),
                        "dns.resp.type", withoutOpt(list(row[6]), list(row[6])), rrs.stream().map(r -> Integer.toString(r.type())).toList(),
                        "dns.a", list(row[7]), of(rrs, DnsMessage.TYPE_A),
                        "dns.aaaa", list(row[8]), of(rrs, DnsMessage.TYPE_AAAA),
                        "dns.ptr.domain_name", list(row[9]), of(rrs, DnsMessage.TYPE_PTR),
                        "dns.srv.target", list(row[10]), rrs.stream().filter(r -> r.type() == DnsMessage.TYPE_SRV).map(DnsMessage.Rr::target).toList(),
                        "dns.srv.port", list(row[11]), rrs.stream().filter(r -> r.type() == DnsMessage.TYPE_SRV).map(r -> Integer.toString(r.port())).toList(),
                        "dns.cname", list(row[12]), of(rrs, DnsMessage.TYPE_CNAME),
                        "dns.txt", list(row[13]), rrs.stream().filter(r -> r.type() == DnsMessage.TYPE_TXT).flatMap(r -> r.txt().stream()).toList());
            }
        }
        System.out.println(agreement.summary());
        assertThat(agreement.messages()).isGreaterThan(1000);
        // the only disagreements allowed are in nDPI's fuzzed capture (extended label types, garbage records)
        assertThat(agreement.disagreements()).allMatch(d -> d.startsWith("ndpi_fuzz-"));
        assertThat(agreement.agreed()).isGreaterThanOrEqualTo(agreement.messages() - 4);
    }

    private static List<String> of(List<DnsMessage.Rr> rrs, int type) {
        return rrs.stream().filter(r -> r.type() == type).map(DnsMessage.Rr::data).toList();
    }

    private static List<String> list(String cell) {
        if (cell.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : cell.split("\u001f", -1)) {
            out.add(s.equals("<Root>") ? "" : s);
        }
        return out;
    }

    private static List<String> withoutOpt(List<String> values, List<String> types) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (i >= types.size() || !types.get(i).equals("41")) {
                out.add(values.get(i));
            }
        }
        return out;
    }
}
