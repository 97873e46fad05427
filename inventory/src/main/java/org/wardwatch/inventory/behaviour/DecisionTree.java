package org.wardwatch.inventory.behaviour;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;

/**
 * A trained classification tree as flat arrays over the {@link BehaviourFeatures} vector: what a Tribuo
 * {@link TreeModel} answers, without Tribuo at prediction time (no feature-name map, no sparse vector,
 * no per-call objects). It answers exactly as the Tribuo model it was copied from: the same walk
 * ({@code value > split} goes to the greater branch, anything else, NaN included, to the other; a feature
 * the model never saw reads as 0, as Tribuo's sparse vector does) and the same leaf label and score.
 * {@code BehaviourModelFileTest} checks that on every training row.
 */
final class DecisionTree {
    /** Per node: the feature index it splits on, or -1 for a leaf. */
    private final int[] feature;
    private final double[] split;
    private final int[] greater;
    private final int[] lessOrEqual;
    private final String[] label;
    private final double[] score;

    /** A leaf's answer. */
    record Answer(String label, double score) {
    }

    DecisionTree(int[] feature, double[] split, int[] greater, int[] lessOrEqual, String[] label, double[] score) {
        int n = feature.length;
        if (n == 0 || split.length != n || greater.length != n || lessOrEqual.length != n || label.length != n || score.length != n) {
            throw new IllegalArgumentException("decision tree: inconsistent node arrays");
        }
        for (int i = 0; i < n; i++) {
            if (feature[i] >= 0 && (greater[i] <= i || lessOrEqual[i] <= i || greater[i] >= n || lessOrEqual[i] >= n)) {
                // children come after their parent (pre-order): the walk always ends
                throw new IllegalArgumentException("decision tree: node " + i + " has a bad child");
            }
            if (feature[i] < 0 && label[i] == null) {
                throw new IllegalArgumentException("decision tree: leaf " + i + " has no label");
            }
        }
        this.feature = feature;
        this.split = split;
        this.greater = greater;
        this.lessOrEqual = lessOrEqual;
        this.label = label;
        this.score = score;
    }

    /** The leaf the features lead to. */
    Answer predict(double[] features) {
        int i = 0;
        while (feature[i] >= 0) {
            i = features[feature[i]] > split[i] ? greater[i] : lessOrEqual[i];
        }
        return new Answer(label[i], score[i]);
    }

    int size() {
        return feature.length;
    }

    int feature(int node) {
        return feature[node];
    }

    double split(int node) {
        return split[node];
    }

    int greater(int node) {
        return greater[node];
    }

    int lessOrEqual(int node) {
        return lessOrEqual[node];
    }

    String label(int node) {
        return label[node];
    }

    double score(int node) {
        return score[node];
    }

    /**
     * Copies a Tribuo tree over features named {@code names} (the model's feature ids are mapped to positions
     * in {@code names}; a split on a feature not in {@code names} is refused).
     */
    static DecisionTree of(TreeModel<Label> model, List<String> names) {
        ImmutableFeatureMap ids = model.getFeatureIDMap();
        List<int[]> structure = new ArrayList<>(); // per node: feature, greater, lessOrEqual
        List<Double> splits = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        add(model.getRoot(), ids, names, structure, splits, labels, scores);
        int n = structure.size();
        int[] feature = new int[n];
        int[] greater = new int[n];
        int[] lessOrEqual = new int[n];
        double[] split = new double[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            feature[i] = structure.get(i)[0];
            greater[i] = structure.get(i)[1];
            lessOrEqual[i] = structure.get(i)[2];
            split[i] = splits.get(i);
            score[i] = scores.get(i);
        }
        return new DecisionTree(feature, split, greater, lessOrEqual, labels.toArray(new String[0]), score);
    }

    /** Appends {@code node} and its subtree in pre-order; returns its index. */
    private static int add(Node<Label> node, ImmutableFeatureMap ids, List<String> names, List<int[]> structure, List<Double> splits,
                           List<String> labels, List<Double> scores) {
        int at = structure.size();
        int[] s = {-1, 0, 0};
        structure.add(s);
        if (node instanceof SplitNode<Label> sn) {
            String name = ids.get(sn.getFeatureID()).getName();
            int index = names.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("decision tree: split on unknown feature " + name);
            }
            s[0] = index;
            splits.add(sn.splitValue());
            labels.add(null);
            scores.add(0.0);
            s[1] = add(sn.getGreaterThan(), ids, names, structure, splits, labels, scores);
            s[2] = add(sn.getLessThanOrEqual(), ids, names, structure, splits, labels, scores);
        } else if (node instanceof LeafNode<Label> leaf) {
            splits.add(0.0);
            labels.add(leaf.getOutput().getLabel());
            scores.add(leaf.getOutput().getScore());
        } else {
            throw new IllegalArgumentException("decision tree: unknown node " + node);
        }
        return at;
    }
}
