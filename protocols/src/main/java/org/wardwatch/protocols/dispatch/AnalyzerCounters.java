package org.wardwatch.protocols.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named counters of what analyzers did and what went wrong: anomalies ({@code dicom_pdu_too_long}),
 * lifecycle ({@code hl7_attached}, {@code hl7_confirmed}, {@code hl7_violation}, {@code hl7_internal_error}).
 * Single-threaded (the analysis thread); the counter names are API.
 */
public final class AnalyzerCounters {
    private final Map<String, long[]> counts = new HashMap<>();

    public void inc(String name) {
        cell(name)[0]++;
    }

    /**
     * The counter's one-element cell, for a caller that counts the same name often (lifecycle
     * counters): {@code cell[0]++} instead of a lookup per count. A counter still at zero is not
     * reported by {@link #snapshot()}.
     */
    long[] cell(String name) {
        long[] c = counts.get(name);
        if (c == null) {
            c = new long[1];
            counts.put(name, c);
        }
        return c;
    }

    public long get(String name) {
        long[] c = counts.get(name);
        return c == null ? 0 : c[0];
    }

    /** A sorted copy of the counters that counted something. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (v[0] != 0) {
                out.put(k, v[0]);
            }
        });
        return out;
    }
}
