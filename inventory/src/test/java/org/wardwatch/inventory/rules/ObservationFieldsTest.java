package org.wardwatch.inventory.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.dns.DnsQueried;
import org.wardwatch.model.obs.dns.DnsQuestion;

class ObservationFieldsTest {
    private static final Instant T = Instant.parse("2024-05-01T08:00:00Z");
    private static final FlowId FLOW = new FlowId(7, IpAddress.parse("10.0.0.1"), 5353, IpAddress.parse("10.0.0.2"), 53, FlowId.UDP);

    /** A record this package can see but the generated getters cannot call directly. */
    private record Hidden(String name, int count) {
    }

    @Test
    void compiledPathsReadRecordComponentsNestedRecordsListsAndTheType() {
        DnsQueried q = new DnsQueried(T, FLOW, "dns", 1, 0,
                List.of(new DnsQuestion("a.example", 1, false), new DnsQuestion("b.example", 28, false)));
        assertThat(ObservationFields.compile("flow.vlan").get(q)).isEqualTo(7);
        assertThat(ObservationFields.compile("flow.client").get(q)).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(ObservationFields.compile("questions.name").get(q)).isEqualTo(List.of("a.example", "b.example"));
        assertThat(ObservationFields.compile("questions.1.name").get(q)).isEqualTo("b.example");
        assertThat(ObservationFields.compile("questions.5.name").get(q)).isNull();
        assertThat(ObservationFields.compile("type").get(q)).isEqualTo("dns_queried");
        assertThat(ObservationFields.compile("nothing").get(q)).isNull();
        assertThat(ObservationFields.compile("flow.").get(q)).isNull();
        assertThat(ObservationFields.text(ObservationFields.get(q, "questions.name"))).isEqualTo("a.example,b.example");
    }

    @Test
    void oneCompiledPathReadsRecordsOfDifferentClassesAndElementsInScope() {
        ObservationFields.FieldPath vlan = ObservationFields.compile("vlan");
        AddressSeen a = new AddressSeen(T, MacAddress.parse("00:11:22:33:44:55"), IpAddress.parse("10.0.0.9"), 12, "arp");
        assertThat(vlan.get(a)).isEqualTo(12);
        assertThat(vlan.get(FLOW)).isEqualTo(7);
        assertThat(vlan.get(a)).isEqualTo(12);
        assertThat(vlan.get(Map.of("vlan", "x"))).isEqualTo("x");
        ObservationFields.Scoped scoped = new ObservationFields.Scoped(new Hidden("pump", 3), a);
        assertThat(ObservationFields.compile("item.name").get(scoped)).isEqualTo("pump");
        assertThat(ObservationFields.compile("item.count").get(scoped)).isEqualTo(3);
        assertThat(ObservationFields.compile("item.name").readsItem()).isTrue();
        assertThat(vlan.get(scoped)).as("other paths read the observation").isEqualTo(12);
        assertThat(vlan.readsItem()).isFalse();
    }
}
