package org.wardwatch.inventory.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.rules.RuleSet;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.FlowRecord;

class BehaviourClassifierTest {
    private static int index(String name) {
        return BehaviourFeatures.NAMES.indexOf(name);
    }

    /** Synthetic rows: print servers answer on 9100 to many peers; workstations talk to 443 outside. */
    private static List<BehaviourClassifier.Row> rows() {
        Random rnd = new Random(7);
        List<BehaviourClassifier.Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] f = new double[BehaviourFeatures.NAMES.size()];
            boolean printer = i % 2 == 0;
            double u = rnd.nextDouble();
            f[index("server_share")] = printer ? 0.8 + 0.2 * u : 0.1 * u;
            f[index("log_bytes_per_flow")] = printer ? 9 + 3 * u : 8 + 3 * u;
            f[index("out_share")] = printer ? 0.1 * u : 0.1 + 0.3 * u;
            f[index("peers")] = printer ? 5 + 15 * u : 5 + 25 * u;
            f[index("dst_ports")] = printer ? 0 : 2 + 6 * u;
            f[index("services")] = printer ? 1 + Math.round(u) : 0;
            f[index("external_share")] = printer ? 0 : 0.3 + 0.5 * u;
            f[index("interval_cv")] = printer ? -1 : 0.5 + 1.5 * u;
            f[index("log_flows_per_hour")] = printer ? 3 + 2 * u : 3 + 3 * u;
            f[index("offers_9100")] = printer ? 1 : 0;
            f[index("uses_443")] = printer ? 0 : 1;
            rows.add(new BehaviourClassifier.Row(printer ? "printer" : "workstation", f));
        }
        return rows;
    }

    @Test
    void shippedTrainingTableListsTheCurrentFeatures() throws Exception {
        try (var in = BehaviourClassifier.class.getResourceAsStream("training.tsv")) {
            assertThat(in).as("behaviour/training.tsv is shipped").isNotNull();
            assertThat(BehaviourClassifier.read(in)).hasSizeGreaterThan(500);
        }
    }

    @Test
    void trainingTableRoundTripsAndRejectsStaleHeaders() throws Exception {
        StringWriter w = new StringWriter();
        BehaviourClassifier.write(w, rows(), "synthetic");
        List<BehaviourClassifier.Row> back = BehaviourClassifier.read(new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(back).hasSize(200);
        assertThat(back.get(0).label()).isEqualTo("printer");
        String stale = "label\tfoo\nprinter\t1\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BehaviourClassifier.read(
                new ByteArrayInputStream(stale.getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("regenerate");
    }

    @Test
    void aSilentDeviceThatServesPrintJobsIsClaimedAPrinterWithABoundedCalibratedWeight() {
        BehaviourClassifier model = BehaviourClassifier.train(rows(), "synthetic");
        assertThat(model.reliability()).isNotEmpty();
        KnowledgeBase kb = KnowledgeBase.defaults();
        Inventory inv = new Inventory(kb, RuleSet.defaults(kb), model, 1000);
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        // a locally administered MAC: no OUI vendor, nothing but behaviour to go on
        MacAddress printer = MacAddress.parse("02:00:00:00:00:09");
        inv.accept(new AddressSeen(t, printer, IpAddress.parse("10.0.0.9"), 0, "arp"));
        for (int i = 0; i < 10; i++) {
            FlowId f = new FlowId(0, IpAddress.parse("10.0.0." + (20 + i)), 40000 + i, IpAddress.parse("10.0.0.9"), 9100, FlowId.TCP);
            inv.accept(new FlowRecord(t.plusSeconds(i * 60 + 1), f, t.plusSeconds(i * 60), t.plusSeconds(i * 60 + 1), null, printer, 0,
                    20, 40000, 10, 600, 39000, 0, 0x1b, 0x1b, "closed", "fin", null));
        }
        Device d = inv.finish().devices().stream().filter(x -> x.id().equals("mac-020000000009")).findFirst().orElseThrow();
        assertThat(d.category().value()).isEqualTo("printer");
        assertThat(d.category().evidence()).anySatisfy(e -> assertThat(e.rule()).isEqualTo("behaviour.classifier"));
        assertThat(d.category().confidence()).isLessThanOrEqualTo(1.0);
        assertThat(d.category().evidence().stream().filter(e -> e.rule().equals("behaviour.classifier")).findFirst().orElseThrow().source())
                .contains("held-out accuracy");
    }
}
