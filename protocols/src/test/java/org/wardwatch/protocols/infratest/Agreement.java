package org.wardwatch.protocols.infratest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two multisets of rows (tshark's fields vs ours, each row a string such as
 * "time|field=value|..."), prints the disagreements, and counts the rows compared.
 */
public final class Agreement {
    private final String name;
    private final Map<String, Integer> expected = new TreeMap<>();
    private final Map<String, Integer> actual = new TreeMap<>();
    private int compared;

    public Agreement(String name) {
        this.name = name;
    }

    public Agreement expect(String row) {
        expected.merge(row, 1, Integer::sum);
        compared++;
        return this;
    }

    public Agreement actual(String row) {
        actual.merge(row, 1, Integer::sum);
        return this;
    }

    /** Rows tshark had that we lack (with multiplicity). */
    public List<String> missing() {
        return diff(expected, actual);
    }

    /** Rows we had that tshark lacks. */
    public List<String> extra() {
        return diff(actual, expected);
    }

    public int compared() {
        return compared;
    }

    private static List<String> diff(Map<String, Integer> a, Map<String, Integer> b) {
        List<String> out = new ArrayList<>();
        a.forEach((k, n) -> {
            int m = b.getOrDefault(k, 0);
            for (int i = m; i < n; i++) {
                out.add(k);
            }
        });
        return out;
    }

    /** Prints a one-line summary and asserts that the two multisets are equal. */
    public int assertEqual() {
        List<String> missing = missing();
        List<String> extra = extra();
        System.out.printf("tshark agreement %-40s compared %5d  missing %d  extra %d%n", name, compared, missing.size(), extra.size());
        assertThat(missing).as(name + ": tshark rows we did not produce").isEmpty();
        assertThat(extra).as(name + ": rows we produced that tshark did not").isEmpty();
        return compared;
    }
}
