package org.wardwatch.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.coap.CoapRequestSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.testkit.Requirements;

/**
 * The streaming writer must write what the tree form wrote: {@code "type"} first, then the record's
 * members as {@link Json#mapper()} serializes them, one object per line.
 */
class ObservationWriterTest {
    private static final FlowId FLOW = new FlowId(20, IpAddress.parse("10.0.0.5"), 50000, IpAddress.parse("fe80::1:2"), 443, 6);

    /** The tree form the writer replaced: the reference for its output. */
    private static String treeForm(List<Observation> observations) {
        ObjectMapper mapper = Json.mapper();
        StringWriter out = new StringWriter();
        try {
            for (Observation o : observations) {
                ObjectNode node = mapper.createObjectNode();
                node.put("type", o.type());
                node.setAll((ObjectNode) mapper.valueToTree(o));
                mapper.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeTree(node);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String written(List<Observation> observations) throws IOException {
        StringWriter out = new StringWriter();
        try (ObservationWriter w = new ObservationWriter(out)) {
            observations.forEach(w::write);
            assertThat(w.written()).isEqualTo(observations.size());
        }
        return out.toString();
    }

    @Test
    void linesAreTheTreeFormForOddValues() throws IOException {
        List<Observation> odd = new ArrayList<>();
        odd.add(new FlowRecord(Instant.parse("2024-05-02T10:00:00.123456789Z"), FLOW, Instant.EPOCH, null,
                MacAddress.of(0x0011_2233_4455L), null, 0, 1, 2, 3, 4, 5, 6, 7, 8, "established", "fin", null));
        odd.add(new AddressSeen(Instant.parse("1969-12-31T23:59:59.5Z"), MacAddress.of(1), IpAddress.parse("192.0.2.1"), 7, "dhcp \"quoted\" é ✓ \u0001\u2028 😀"));
        odd.add(new CoapRequestSeen(Instant.parse("2024-05-02T10:00:00Z"), FLOW, "NON", "GET", null, "/a\\b"));
        odd.add(new CoapRequestSeen(Instant.parse("+12024-05-02T10:00:00Z"), FLOW, "CON", "POST", "h", "/"));
        assertThat(written(odd)).isEqualTo(treeForm(odd)).contains("\"type\":\"coap_request_seen\"", "\"messageType\":\"NON\"");
    }

    @Test
    void linesAreTheTreeFormForRealCaptures() throws IOException {
        List<Observation> all = new ArrayList<>();
        for (String capture : List.of("protocols/zeek_tls12.pcap", "protocols/ndpi_coap_mqtt.pcap", "protocols/ndpi_snmp.pcap",
                "protocols/zeek_smb2.pcap", "protocols/wireshark_dhcp.pcap", "medical/ndpi_hl7.pcap", "protocols/ndpi_http.pcapng")) {
            Path file = Requirements.sharedFile("corpus/" + capture);
            all.addAll(Pipeline.observe(file));
        }
        assertThat(all).hasSizeGreaterThan(50);
        assertThat(all.stream().map(Observation::type).distinct().count()).isGreaterThan(10);
        assertThat(written(all)).isEqualTo(treeForm(all));
    }
}
