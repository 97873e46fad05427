package org.wardwatch.capture.decode;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named counters of malformed or unusual input, shared by the decoder, the defragmenter, the flow
 * table and the reassembler of one engine. Names are stable snake_case API ({@code <proto>_<what>},
 * listed in {@code docs/flows.md}): they end up in stored data and detection rules.
 *
 * <p>Components register their names once, at construction ({@link #id}), and count by id on the
 * hot path ({@link #count}): an array increment, no map lookup, no allocation. Not thread-safe: one
 * instance per engine thread.
 */
public final class Anomalies {
    private final Map<String, Integer> ids = new HashMap<>();
    private String[] names = new String[64];
    private long[] counts = new long[64];
    private int size = 1; // id 0 is "none"

    /** The id of {@code name}, registering it on first use. Call at setup time, not per packet. */
    public int id(String name) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        if (size == names.length) {
            names = java.util.Arrays.copyOf(names, size * 2);
            counts = java.util.Arrays.copyOf(counts, size * 2);
        }
        names[size] = name;
        ids.put(name, size);
        return size++;
    }

    /** Counts one occurrence of the anomaly registered as {@code id}. */
    public void count(int id) {
        counts[id]++;
    }

    /** Adds {@code n} occurrences by name (for counters merged from elsewhere, e.g. a capture source). */
    public void add(String name, long n) {
        counts[id(name)] += n;
    }

    public long get(String name) {
        Integer id = ids.get(name);
        return id == null ? 0 : counts[id];
    }

    /** The registered name of {@code id} (null for 0). */
    public String name(int id) {
        return id > 0 && id < size ? names[id] : null;
    }

    /** Sum of all counters. */
    public long total() {
        long t = 0;
        for (int i = 1; i < size; i++) {
            t += counts[i];
        }
        return t;
    }

    /** The non-zero counters, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 1; i < size; i++) {
            if (counts[i] != 0) {
                out.put(names[i], counts[i]);
            }
        }
        return out;
    }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
    }
}
