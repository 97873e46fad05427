package org.wardwatch.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.cli.Analysis;
import org.wardwatch.inventory.behaviour.BehaviourClassifier;
import org.wardwatch.inventory.behaviour.BehaviourFeatures;
import org.wardwatch.inventory.eval.Truth;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.sim.SimulationConfig;
import org.wardwatch.sim.Simulator;
import org.wardwatch.sim.hospital.Topology;

/**
 * Builds the behaviour classifier's training table ({@code inventory/src/main/resources/org/wardwatch/inventory/behaviour/training.tsv})
 * from simulated hospitals: simulate, analyze with the real pipeline, label each device's traffic
 * features with the simulator's truth. Seeds 1001+ are used here, never the seeds the accuracy
 * checks evaluate on. Runs only with {@code -Dwardwatch.regenerate=true} (it takes minutes).
 */
class BehaviourTrainingSetTest {
    static final Path TABLE = Path.of("../inventory/src/main/resources/org/wardwatch/inventory/behaviour/training.tsv");

    @TempDir
    Path dir;

    @Test
    void regeneratesTheTrainingTableFromSimulatedHospitals() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("wardwatch.regenerate"),
                "regenerates only with -Dwardwatch.regenerate=true");
        List<BehaviourClassifier.Row> rows = new ArrayList<>();
        // beds, seed, seconds: several sizes and lengths, so that capture length is not what the tree learns
        int[][] runs = {{60, 1001, 600}, {120, 1002, 1200}, {200, 1003, 1800}, {40, 1004, 900}, {30, 1005, 300}};
        for (int[] run : runs) {
            rows.addAll(simulateAndLabel(run[0], run[1], run[2], run[1] % 2 == 0 ? Topology.FLAT : Topology.SEGMENTED));
        }
        Files.createDirectories(TABLE.getParent());
        try (Writer w = Files.newBufferedWriter(TABLE, StandardCharsets.UTF_8)) {
            BehaviourClassifier.write(w, rows, "Labelled traffic features of simulated hospitals (wardwatch simulate, seeds 1001-1005,\n"
                    + "30-200 beds, 5-30 minutes each), labels from the simulator's truth files. Synthetic: the simulator's\n"
                    + "behaviours follow the public sources in its catalogue (docs/simulator.md). Regenerate with\n"
                    + "mvn -pl cli test -Dtest=BehaviourTrainingSetTest -Dwardwatch.regenerate=true");
        }
        assertThat(rows).hasSizeGreaterThan(500);
        // the trained model shipped beside the table (behaviour/model.tsv) follows the table
        BehaviourClassifier.writeModelFile(TABLE, TABLE.resolveSibling("model.tsv"));
    }

    private List<BehaviourClassifier.Row> simulateAndLabel(int beds, long seed, long seconds, Topology topology) throws IOException {
        Path pcap = dir.resolve("h" + seed + ".pcap");
        Simulator.run(new SimulationConfig(beds, seconds, seed, topology, Set.of(), null), pcap, null);
        Truth truth = Truth.read(Simulator.truthPath(pcap));
        Map<Long, String> labelByMac = new HashMap<>();
        KnowledgeBase kb = KnowledgeBase.defaults();
        for (Truth.Device t : truth.devices()) {
            String label = t.expectedCategory(kb.taxonomy());
            if (t.mac() != null && label != null) {
                labelByMac.put(t.mac().value(), label);
            }
        }
        List<BehaviourClassifier.Row> rows = new ArrayList<>();
        InventoryStage.observer = (device, state) -> {
            if (device.primaryMac() == null || state.flows().flows() < BehaviourFeatures.MIN_FLOWS) {
                return;
            }
            String label = labelByMac.get(device.primaryMac().value());
            if (label != null) {
                rows.add(new BehaviourClassifier.Row(label, BehaviourFeatures.of(state)));
            }
        };
        try {
            Analysis.run(Analysis.Options.of(List.of(pcap.toString()), dir.resolve("out" + seed)));
        } finally {
            InventoryStage.observer = null;
        }
        return rows;
    }
}
