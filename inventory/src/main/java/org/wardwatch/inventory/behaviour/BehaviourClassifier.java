package org.wardwatch.inventory.behaviour;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.wardwatch.inventory.identify.BehaviourModel;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.resolve.DeviceState;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.Evidence;

/**
 * The behaviour classifier: a CART decision tree (Tribuo, Apache-2.0) over {@link BehaviourFeatures},
 * trained from the labelled feature table {@code behaviour/training.tsv} (how it is made: docs/inventory.md
 * "Behaviour"). The tree is trained once, when the table is made, and shipped as {@code behaviour/model.tsv}
 * (the tree's nodes, the calibration and the SHA-256 of the table it was trained on, see {@link #writeModel});
 * an analysis loads it instead of training. When the table no longer matches that hash, the classifier is
 * trained from the table at run time as before, so the answers are the same either way. Its answer becomes one category claim whose weight is the accuracy
 * the tree had, on rows held out of training, for answers of the same score (reliability bins), capped
 * at {@value #MAX_WEIGHT} so traffic shape never outweighs what a device says about itself. No claim
 * for devices with fewer than {@link BehaviourFeatures#MIN_FLOWS} flows, when the held-out accuracy of
 * that score is below {@value #MIN_ACCURACY}, or when the device's traffic is unlike every training
 * example of the predicted category (a continuous feature outside the range that category showed in
 * training, widened by a quarter): the tree then extrapolates, and an honest "unknown" beats a guess.
 */
public final class BehaviourClassifier implements BehaviourModel {
    public static final double MAX_WEIGHT = 0.45;
    public static final double MIN_ACCURACY = 0.5;
    static final int BINS = 10;
    static final int PER_LABEL = 400;
    private static final String RESOURCE = "training.tsv";
    /** The shipped trained model (see {@link #writeModel}). */
    static final String MODEL_RESOURCE = "model.tsv";

    private final DecisionTree tree;
    /** The Tribuo model the tree was copied from, when trained in this process (tests compare the two); else null. */
    final Model<Label> tribuo;
    private final Map<String, double[][]> ranges;
    private final double[] binAccuracy;
    private final int[] binCount;
    private final String description;

    private BehaviourClassifier(DecisionTree tree, Model<Label> tribuo, Map<String, double[][]> ranges, double[] binAccuracy,
                                int[] binCount, String description) {
        this.tree = tree;
        this.tribuo = tribuo;
        this.ranges = ranges;
        this.binAccuracy = binAccuracy;
        this.binCount = binCount;
        this.description = description;
    }

    /** A labelled feature row. */
    public record Row(String label, double[] features) {
    }

    private static volatile BehaviourModel shipped;

    private static volatile java.util.concurrent.CompletableFuture<BehaviourModel> training;

    /**
     * The shipped classifier: the trained model file when it matches the training table (loading takes
     * milliseconds); otherwise trained in the background from now on (training takes seconds; an analysis
     * reads packets meanwhile), and the first claim waits for it.
     */
    public static BehaviourModel shippedAsync(KnowledgeBase kb) {
        BehaviourModel loaded = shipped;
        if (loaded == null) {
            loaded = loadShipped();
            if (loaded != null) {
                shipped = loaded;
            }
        }
        if (loaded != null) {
            return loaded;
        }
        java.util.concurrent.CompletableFuture<BehaviourModel> f = training;
        if (f == null) {
            synchronized (BehaviourClassifier.class) {
                f = training;
                if (f == null) {
                    f = new java.util.concurrent.CompletableFuture<>();
                    java.util.concurrent.CompletableFuture<BehaviourModel> result = f;
                    Thread t = new Thread(() -> {
                        try {
                            result.complete(shipped(kb));
                        } catch (RuntimeException | Error e) {
                            result.completeExceptionally(e);
                        }
                    }, "wardwatch-behaviour-training");
                    t.setDaemon(true);
                    t.start();
                    training = f;
                }
            }
        }
        java.util.concurrent.CompletableFuture<BehaviourModel> model = f;
        return d -> model.join().categoryClaim(d);
    }

    /** The classifier trained on the shipped table, or {@link BehaviourModel#NONE} when there is none. */
    public static BehaviourModel shipped(KnowledgeBase kb) {
        BehaviourModel m = shipped;
        if (m == null) {
            synchronized (BehaviourClassifier.class) {
                m = shipped;
                if (m == null) {
                    m = loadShipped();
                }
                if (m == null) {
                    try (InputStream in = BehaviourClassifier.class.getResourceAsStream(RESOURCE)) {
                        m = in == null ? NONE : train(read(in), "behaviour/training.tsv");
                    } catch (StaleTableException e) {
                        // the features changed and the table was not regenerated yet (the regeneration itself runs here)
                        System.err.println("wardwatch: " + e.getMessage() + "; behaviour claims are off");
                        m = NONE;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    shipped = m;
                }
            }
        }
        return m;
    }

    /**
     * Trains on 70% of the rows (chosen by a fixed hash of the row index) and calibrates on the other 30%.
     */
    public static BehaviourClassifier train(List<Row> rows, String description) {
        if (rows.size() < 20) {
            throw new IllegalArgumentException("behaviour training needs at least 20 rows, got " + rows.size());
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance(description, factory), factory);
        List<Row> held = new ArrayList<>();
        String[] names = BehaviourFeatures.NAMES.toArray(new String[0]);
        // at most PER_LABEL rows of each category (the first ones, so the same table gives the same tree):
        // a few thousand identical pumps add training time, not knowledge
        Map<String, Integer> perLabel = new java.util.HashMap<>();
        List<Row> kept = new ArrayList<>();
        for (Row r : rows) {
            if (perLabel.merge(r.label(), 1, Integer::sum) <= PER_LABEL) {
                kept.add(r);
            }
        }
        rows = kept;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (Math.floorMod(i * 0x9E3779B1, 10) < 3) {
                held.add(r);
            } else {
                train.add(new ArrayExample<>(new Label(r.label()), names, r.features()));
            }
        }
        // depth-limited tree, every feature considered, fixed seed: the same table trains the same tree
        CARTClassificationTrainer trainer = new CARTClassificationTrainer(12, 2.0f, 0.0f, 1.0f,
                new org.tribuo.classification.dtree.impurity.GiniIndex(), 20240501L);
        TreeModel<Label> model = trainer.train(train);
        DecisionTree tree = DecisionTree.of(model, BehaviourFeatures.NAMES);
        double[] right = new double[BINS];
        int[] count = new int[BINS];
        for (Row r : held) {
            DecisionTree.Answer p = tree.predict(r.features());
            int bin = bin(p.score());
            count[bin]++;
            if (p.label().equals(r.label())) {
                right[bin]++;
            }
        }
        double[] acc = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            // Laplace-smoothed so that an empty or tiny bin is not trusted
            acc[b] = (right[b] + 1) / (count[b] + 2);
        }
        return new BehaviourClassifier(tree, model, ranges(rows), acc, count, description + " (" + (rows.size() - held.size()) + " training rows, "
                + held.size() + " held out)");
    }

    /** Per label, per continuous feature: the [min, max] seen in the training rows. */
    private static Map<String, double[][]> ranges(List<Row> rows) {
        Map<String, double[][]> out = new java.util.HashMap<>();
        for (Row r : rows) {
            double[][] mm = out.computeIfAbsent(r.label(), k -> {
                double[][] a = new double[BehaviourFeatures.CONTINUOUS][2];
                for (double[] x : a) {
                    x[0] = Double.POSITIVE_INFINITY;
                    x[1] = Double.NEGATIVE_INFINITY;
                }
                return a;
            });
            for (int i = 0; i < BehaviourFeatures.CONTINUOUS; i++) {
                mm[i][0] = Math.min(mm[i][0], r.features()[i]);
                mm[i][1] = Math.max(mm[i][1], r.features()[i]);
            }
        }
        return out;
    }

    /** True when every continuous feature lies within the label's training range, widened by a quarter of its span (at least 0.05). */
    boolean withinTraining(String label, double[] f) {
        double[][] mm = ranges.get(label);
        if (mm == null) {
            return false;
        }
        for (int i = 0; i < BehaviourFeatures.CONTINUOUS; i++) {
            double slack = Math.max(0.05, (mm[i][1] - mm[i][0]) * 0.25);
            if (f[i] < mm[i][0] - slack || f[i] > mm[i][1] + slack) {
                return false;
            }
        }
        return true;
    }

    private static int bin(double score) {
        return Math.max(0, Math.min(BINS - 1, (int) Math.floor(score * BINS)));
    }

    /** The tree's answer for a feature vector. */
    DecisionTree.Answer predict(double[] features) {
        return tree.predict(features);
    }

    @Override
    public Optional<Claim> categoryClaim(DeviceState d) {
        if (d.flows().flows() < BehaviourFeatures.MIN_FLOWS) {
            return Optional.empty();
        }
        double[] features = BehaviourFeatures.of(d);
        DecisionTree.Answer l = tree.predict(features);
        int bin = bin(l.score());
        double acc = binAccuracy[bin];
        if (acc < MIN_ACCURACY || !withinTraining(l.label(), features)) {
            return Optional.empty();
        }
        double w = Math.min(MAX_WEIGHT, acc);
        String fact = String.format(Locale.ROOT, "flows=%d peers=%d services=%d tree score %.2f", d.flows().flows(),
                d.flows().peerCount(), d.services().size(), l.score());
        String source = String.format(Locale.ROOT, "Tribuo CART over traffic features, %s; held-out accuracy at this score %.2f (n=%d)",
                description, acc, binCount[bin]);
        return Optional.of(new Claim(Attribute.CATEGORY, l.label(), w,
                new Evidence(d.lastSeen(), "flow_record", fact, "behaviour.classifier", source)));
    }

    /**
     * The shipped model file when it was trained on the shipped training table (same SHA-256) for the current
     * features; null when either is missing, stale or unreadable (the caller trains instead).
     */
    static BehaviourClassifier loadShipped() {
        try (InputStream table = BehaviourClassifier.class.getResourceAsStream(RESOURCE);
             InputStream model = BehaviourClassifier.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (table == null || model == null) {
                return null;
            }
            return readModel(model, sha256(table));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Hex SHA-256 of a stream's bytes (what the model file records of its training table). */
    static String sha256(InputStream in) throws IOException {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /**
     * Trains on the training table at {@code table} and writes the model file shipped beside it ({@link #writeModel});
     * run whenever the table is regenerated.
     */
    public static void writeModelFile(java.nio.file.Path table, java.nio.file.Path model) throws IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(table);
        BehaviourClassifier trained = train(read(new java.io.ByteArrayInputStream(bytes)), "behaviour/training.tsv");
        try (Writer w = java.nio.file.Files.newBufferedWriter(model, StandardCharsets.UTF_8)) {
            trained.writeModel(w, sha256(new java.io.ByteArrayInputStream(bytes)));
        }
    }

    /**
     * Writes the trained model as text: the SHA-256 of the training table it came from, the description,
     * the feature names, the calibration bins, the per-label feature ranges, and the tree's nodes in
     * pre-order. Numbers are written so that they read back to the same doubles.
     */
    public void writeModel(Writer w, String trainingSha256) throws IOException {
        w.write("# The behaviour classifier trained by BehaviourClassifier.train on behaviour/training.tsv (Tribuo CART,\n");
        w.write("# fixed seed), copied node by node, with its held-out calibration. Generated: do not edit. Regenerate with\n");
        w.write("# mvn -q -o -pl inventory -am test -Dtest=BehaviourModelFileTest -Dsurefire.failIfNoSpecifiedTests=false -Dwardwatch.regenerate=true\n");
        w.write("training_sha256\t" + trainingSha256 + "\n");
        w.write("description\t" + description + "\n");
        w.write("features\t" + String.join("\t", BehaviourFeatures.NAMES) + "\n");
        for (int b = 0; b < BINS; b++) {
            w.write("bin\t" + b + "\t" + binAccuracy[b] + "\t" + binCount[b] + "\n");
        }
        for (String label : new java.util.TreeSet<>(ranges.keySet())) {
            StringBuilder sb = new StringBuilder("range\t").append(label);
            for (double[] mm : ranges.get(label)) {
                sb.append('\t').append(mm[0]).append('\t').append(mm[1]);
            }
            w.write(sb.append('\n').toString());
        }
        for (int i = 0; i < tree.size(); i++) {
            if (tree.feature(i) >= 0) {
                w.write("node\tsplit\t" + BehaviourFeatures.NAMES.get(tree.feature(i)) + "\t" + tree.split(i) + "\t" + tree.greater(i)
                        + "\t" + tree.lessOrEqual(i) + "\n");
            } else {
                w.write("node\tleaf\t" + tree.label(i) + "\t" + tree.score(i) + "\n");
            }
        }
    }

    /**
     * Reads a model file written by {@link #writeModel}; null when it was trained on another table than
     * {@code trainingSha256} or for other features.
     */
    static BehaviourClassifier readModel(InputStream in, String trainingSha256) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String sha = null;
        String description = null;
        List<String> features = null;
        double[] acc = new double[BINS];
        int[] count = new int[BINS];
        Map<String, double[][]> ranges = new java.util.HashMap<>();
        List<String[]> nodes = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            switch (c[0]) {
                case "training_sha256" -> sha = c[1];
                case "description" -> description = c[1];
                case "features" -> features = List.of(c).subList(1, c.length);
                case "bin" -> {
                    int b = Integer.parseInt(c[1]);
                    acc[b] = Double.parseDouble(c[2]);
                    count[b] = Integer.parseInt(c[3]);
                }
                case "range" -> {
                    double[][] mm = new double[BehaviourFeatures.CONTINUOUS][2];
                    if (c.length != 2 + 2 * BehaviourFeatures.CONTINUOUS) {
                        throw new IOException("behaviour model: range of " + c[1] + " has " + (c.length - 2) + " values");
                    }
                    for (int i = 0; i < BehaviourFeatures.CONTINUOUS; i++) {
                        mm[i][0] = Double.parseDouble(c[2 + 2 * i]);
                        mm[i][1] = Double.parseDouble(c[3 + 2 * i]);
                    }
                    ranges.put(c[1], mm);
                }
                case "node" -> nodes.add(c);
                default -> throw new IOException("behaviour model: unknown line " + c[0]);
            }
        }
        if (sha == null || !sha.equals(trainingSha256) || !BehaviourFeatures.NAMES.equals(features) || description == null
                || nodes.isEmpty()) {
            return null;
        }
        int n = nodes.size();
        int[] feature = new int[n];
        double[] split = new double[n];
        int[] greater = new int[n];
        int[] lessOrEqual = new int[n];
        String[] label = new String[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            String[] c = nodes.get(i);
            if (c[1].equals("split")) {
                feature[i] = BehaviourFeatures.NAMES.indexOf(c[2]);
                if (feature[i] < 0) {
                    throw new IOException("behaviour model: split on unknown feature " + c[2]);
                }
                split[i] = Double.parseDouble(c[3]);
                greater[i] = Integer.parseInt(c[4]);
                lessOrEqual[i] = Integer.parseInt(c[5]);
            } else {
                feature[i] = -1;
                label[i] = c[2];
                score[i] = Double.parseDouble(c[3]);
            }
        }
        return new BehaviourClassifier(new DecisionTree(feature, split, greater, lessOrEqual, label, score), null, ranges, acc, count,
                description);
    }

    /** Reads a training table: header {@code label<TAB>feature...}, one row per labelled device. */
    public static List<Row> read(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        List<Row> rows = new ArrayList<>();
        String[] header = null;
        while ((line = r.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            if (header == null) {
                header = c;
                if (header.length != BehaviourFeatures.NAMES.size() + 1
                        || !List.of(header).subList(1, header.length).equals(BehaviourFeatures.NAMES)) {
                    throw new StaleTableException("behaviour training table: the header does not list the current features; regenerate it");
                }
                continue;
            }
            double[] f = new double[c.length - 1];
            for (int i = 1; i < c.length; i++) {
                f[i - 1] = Double.parseDouble(c[i]);
            }
            rows.add(new Row(c[0], f));
        }
        return rows;
    }

    /** The table was written for other features. */
    public static final class StaleTableException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleTableException(String message) {
            super(message);
        }
    }

    /** Writes a training table (see {@link #read}). */
    public static void write(Writer w, List<Row> rows, String comment) throws IOException {
        for (String line : comment.split("\n")) {
            w.write("# " + line + "\n");
        }
        w.write("label\t" + String.join("\t", BehaviourFeatures.NAMES) + "\n");
        for (Row r : rows) {
            StringBuilder sb = new StringBuilder(r.label());
            for (double v : r.features()) {
                sb.append('\t');
                sb.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v));
            }
            w.write(sb.append('\n').toString());
        }
    }

    /** Held-out accuracy per score bin (for docs and tests). */
    public Map<Integer, Double> reliability() {
        Map<Integer, Double> m = new java.util.TreeMap<>();
        for (int b = 0; b < BINS; b++) {
            if (binCount[b] > 0) {
                m.put(b, binAccuracy[b]);
            }
        }
        return m;
    }
}
