package org.wardwatch.protocols.nettest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.wardwatch.model.Observation;

/**
 * Compares one protocol's observations from the pipeline with tshark's fields, message by message,
 * matched by packet time: for every packet time at which tshark dissects messages of the protocol,
 * the tshark field values of those frames (in frame order) must equal the values derived from the
 * observations the pipeline emitted at that time (in emission order).
 *
 * @param select   the frames whose messages are compared
 * @param messages how many messages a selected frame holds (TCP segments may carry several)
 * @param theirs   tshark side: field name → values of one frame
 * @param ours     which observations belong to the protocol
 * @param mine     our side: field name → values of one observation
 */
public record Comparison(String protocol, Predicate<CorpusOracle.Frame> select, Function<CorpusOracle.Frame, Integer> messages,
                         Function<CorpusOracle.Frame, Map<String, List<String>>> theirs, Predicate<Observation> ours,
                         Function<Observation, Map<String, List<String>>> mine) {

    /** Runs the comparison over the captures. */
    public Agreement run(List<CorpusOracle.Capture> captures) {
        Agreement agreement = null;
        for (CorpusOracle.Capture c : captures) {
            Map<Long, List<CorpusOracle.Frame>> frames = new LinkedHashMap<>();
            for (CorpusOracle.Frame f : c.frames()) {
                if (select.test(f)) {
                    frames.computeIfAbsent(f.tsNanos(), k -> new ArrayList<>()).add(f);
                }
            }
            Map<Long, List<Observation>> byTs = c.observationsByTs();
            for (Map.Entry<Long, List<CorpusOracle.Frame>> e : frames.entrySet()) {
                Map<String, List<String>> t = new LinkedHashMap<>();
                int count = 0;
                for (CorpusOracle.Frame f : e.getValue()) {
                    merge(t, theirs.apply(f));
                    count += messages.apply(f);
                }
                Map<String, List<String>> m = new LinkedHashMap<>();
                for (String k : t.keySet()) {
                    m.put(k, new ArrayList<>());
                }
                for (Observation o : byTs.getOrDefault(e.getKey(), List.of())) {
                    if (ours.test(o)) {
                        merge(m, mine.apply(o));
                    }
                }
                if (agreement == null) {
                    agreement = new Agreement(protocol, new ArrayList<>(t.keySet()));
                }
                List<Object> triples = new ArrayList<>();
                for (String k : t.keySet()) {
                    triples.add(k);
                    triples.add(t.get(k));
                    triples.add(m.getOrDefault(k, List.of()));
                }
                for (int i = 0; i < count; i++) {
                    agreement.message(c.name() + "#" + e.getValue().get(0).number(), i == 0 ? triples.toArray() : agreedCopy(triples));
                }
            }
        }
        return agreement == null ? new Agreement(protocol, List.of()) : agreement;
    }

    /** Further messages of the same packet time count with the first one's verdict, reported once. */
    private static Object[] agreedCopy(List<Object> triples) {
        boolean same = true;
        for (int i = 0; i < triples.size(); i += 3) {
            same &= Objects.equals(triples.get(i + 1), triples.get(i + 2));
        }
        return same ? new Object[0] : new Object[] {"(same packet)", "", "disagrees"};
    }

    private static void merge(Map<String, List<String>> into, Map<String, List<String>> from) {
        for (Map.Entry<String, List<String>> e : from.entrySet()) {
            into.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
        }
    }

    /** A map from alternating keys and values (each value a List, a String, or null for nothing). */
    public static Map<String, List<String>> fields(Object... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            List<String> list = new ArrayList<>();
            if (v instanceof List<?> l) {
                for (Object x : l) {
                    list.add(String.valueOf(x));
                }
            } else if (v != null && !"".equals(v)) {
                list.add(String.valueOf(v));
            }
            m.put((String) kv[i], list);
        }
        return m;
    }
}
