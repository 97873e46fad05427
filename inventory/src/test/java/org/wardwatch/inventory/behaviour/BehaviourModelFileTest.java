package org.wardwatch.inventory.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * The shipped {@code behaviour/model.tsv} is what {@link BehaviourClassifier#train} makes of the shipped
 * {@code behaviour/training.tsv}, and the copied tree answers exactly as the Tribuo model. With
 * {@code -Dwardwatch.regenerate=true} it rewrites the model file from the table first.
 */
class BehaviourModelFileTest {
    static final Path MODEL = Path.of("src/main/resources/org/wardwatch/inventory/behaviour/model.tsv");
    static final Path TABLE = Path.of("src/main/resources/org/wardwatch/inventory/behaviour/training.tsv");

    private static BehaviourClassifier fresh;
    private static List<BehaviourClassifier.Row> rows;
    private static byte[] table;

    @BeforeAll
    static void trainOnTheShippedTable() throws Exception {
        if (Boolean.getBoolean("wardwatch.regenerate")) {
            BehaviourClassifier.writeModelFile(TABLE, MODEL);
        }
        try (InputStream in = BehaviourClassifier.class.getResourceAsStream("training.tsv")) {
            table = in.readAllBytes();
        }
        rows = BehaviourClassifier.read(new ByteArrayInputStream(table));
        fresh = BehaviourClassifier.train(rows, "behaviour/training.tsv");
    }

    @Test
    void theShippedModelFileIsWhatTrainingOnTheShippedTableWrites() throws Exception {
        StringWriter expected = new StringWriter();
        fresh.writeModel(expected, BehaviourClassifier.sha256(new ByteArrayInputStream(table)));
        String shipped;
        try (InputStream in = BehaviourClassifier.class.getResourceAsStream(BehaviourClassifier.MODEL_RESOURCE)) {
            assertThat(in).as("behaviour/model.tsv is shipped").isNotNull();
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(shipped).as("behaviour/model.tsv is stale: regenerate it with mvn -q -o -pl inventory -am test"
                + " -Dtest=BehaviourModelFileTest -Dsurefire.failIfNoSpecifiedTests=false -Dwardwatch.regenerate=true")
                .isEqualTo(expected.toString());
        assertThat(BehaviourClassifier.loadShipped()).as("the shipped model loads").isNotNull();
    }

    @Test
    void theCopiedTreeAnswersAsTheTribuoModelOnEveryTrainingRowAndOnPerturbedOnes() throws Exception {
        BehaviourClassifier loaded = BehaviourClassifier.readModel(
                new ByteArrayInputStream(writeModel(fresh, "x").getBytes(StandardCharsets.UTF_8)), "x");
        assertThat(loaded).isNotNull();
        String[] names = BehaviourFeatures.NAMES.toArray(new String[0]);
        LabelFactory factory = new LabelFactory();
        Random rnd = new Random(11);
        List<double[]> inputs = new ArrayList<>();
        for (BehaviourClassifier.Row r : rows) {
            inputs.add(r.features());
            double[] f = r.features().clone();
            for (int i = 0; i < f.length; i++) {
                if (rnd.nextInt(4) == 0) {
                    f[i] = i < BehaviourFeatures.CONTINUOUS ? f[i] * (0.5 + rnd.nextDouble()) : 1 - f[i];
                }
            }
            inputs.add(f);
        }
        int compared = 0;
        for (double[] f : inputs) {
            Label want = fresh.tribuo.predict(new ArrayExample<>(factory.getUnknownOutput(), names, f)).getOutput();
            DecisionTree.Answer got = loaded.predict(f);
            assertThat(got.label()).isEqualTo(want.getLabel());
            assertThat(got.score()).isEqualTo(want.getScore());
            compared++;
        }
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void aModelFileForAnotherTableIsRefused() throws Exception {
        String text = writeModel(fresh, "aaaa");
        assertThat(BehaviourClassifier.readModel(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "bbbb")).isNull();
        assertThat(BehaviourClassifier.readModel(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "aaaa")).isNotNull();
    }

    private static String writeModel(BehaviourClassifier c, String sha) throws Exception {
        StringWriter w = new StringWriter();
        c.writeModel(w, sha);
        return w.toString();
    }

    @Test
    void theModelFileIsSmallText() throws Exception {
        assertThat(Files.size(MODEL)).isLessThan(512 * 1024);
    }
}
