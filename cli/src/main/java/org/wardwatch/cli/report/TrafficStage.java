package org.wardwatch.cli.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.wardwatch.cli.stage.AnalysisContext;
import org.wardwatch.cli.stage.AnalysisStage;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;

/**
 * Sums the flow records into a {@link TrafficSummary} for the report. Memory is bounded: at most
 * {@value #MAX_KEYS} distinct hosts/ports/protocols are counted (the rest fall under "other") and the
 * time line keeps one column per minute up to {@value #MAX_MINUTES} minutes, then coarser.
 */
public final class TrafficStage implements AnalysisStage {
    static final int MAX_KEYS = 100_000;
    static final int MAX_MINUTES = 20_160;
    private static final String OTHER = "(other)";

    private long flows;
    private long packets;
    private long bytes;
    private Instant first;
    private Instant last;
    private final Map<String, long[]> applications = new HashMap<>();
    private final Map<String, long[]> transports = new HashMap<>();
    private final Map<String, long[]> vlans = new HashMap<>();
    /** By address (an IpAddress, or OTHER), labelled when the summary is made. */
    private final Map<Object, long[]> hosts = new HashMap<>();
    /** By protocol number &lt;&lt; 32 | server port (or OTHER), labelled when the summary is made. */
    private final Map<Object, long[]> ports = new HashMap<>();
    private boolean hostsCapped;
    private final Map<Long, long[]> minutes = new HashMap<>();

    @Override
    public String name() {
        return "traffic";
    }

    @Override
    public void accept(Observation observation) {
        if (!(observation instanceof FlowRecord f)) {
            return;
        }
        long p = f.clientPackets() + f.serverPackets();
        long b = f.clientBytes() + f.serverBytes();
        flows++;
        packets += p;
        bytes += b;
        if (f.firstSeen() != null && (first == null || f.firstSeen().isBefore(first))) {
            first = f.firstSeen();
        }
        if (f.lastSeen() != null && (last == null || f.lastSeen().isAfter(last))) {
            last = f.lastSeen();
        }
        add(applications, f.application() == null ? "(unidentified)" : f.application(), p, b);
        add(transports, f.flow().protocolName(), p, b);
        add(vlans, f.flow().vlan() == 0 ? "untagged" : String.valueOf(f.flow().vlan()), p, b);
        if (!add(hosts, f.flow().client() == null ? "null" : f.flow().client(), p, b)
                | !add(hosts, f.flow().server() == null ? "null" : f.flow().server(), p, b)) {
            hostsCapped = true;
        }
        if (f.flow().serverPort() > 0) {
            add(ports, ((long) f.flow().protocol() << 32) | (f.flow().serverPort() & 0xFFFF_FFFFL), p, b);
        }
        spread(f, p);
    }

    /** Attributes a flow's packets evenly to the minutes it spans. */
    private void spread(FlowRecord f, long p) {
        if (f.firstSeen() == null || f.lastSeen() == null) {
            return;
        }
        long m0 = f.firstSeen().getEpochSecond() / 60;
        long m1 = Math.max(m0, f.lastSeen().getEpochSecond() / 60);
        long span = m1 - m0 + 1;
        if (span > MAX_MINUTES) {
            m0 = m1 - MAX_MINUTES + 1;
            span = MAX_MINUTES;
        }
        for (long m = m0; m <= m1; m++) {
            long share = p / span + (m - m0 < p % span ? 1 : 0);
            if (share > 0 && (minutes.containsKey(m) || minutes.size() < MAX_MINUTES * 2)) {
                minutes.computeIfAbsent(m, k -> new long[1])[0] += share;
            }
        }
    }

    private static <K> boolean add(Map<K, long[]> map, K key, long p, long b) {
        long[] v = map.get(key);
        boolean kept = true;
        if (v == null) {
            if (map.size() >= MAX_KEYS) {
                @SuppressWarnings("unchecked")
                K other = (K) OTHER;
                key = other;
                kept = false;
            }
            v = map.computeIfAbsent(key, k -> new long[3]);
        }
        v[0]++;
        v[1] += p;
        v[2] += b;
        return kept;
    }

    @Override
    public void finish(AnalysisContext context) {
        long bucket = 60;
        long[] series = new long[0];
        if (!minutes.isEmpty()) {
            long lo = minutes.keySet().stream().min(Long::compare).orElse(0L);
            long hi = minutes.keySet().stream().max(Long::compare).orElse(0L);
            long span = hi - lo + 1;
            long per = Math.max(1, (span + 119) / 120); // at most 120 columns
            bucket = per * 60;
            series = new long[(int) ((span + per - 1) / per)];
            for (Map.Entry<Long, long[]> e : minutes.entrySet()) {
                series[(int) ((e.getKey() - lo) / per)] += e.getValue()[0];
            }
        }
        context.put(TrafficSummary.class, new TrafficSummary(flows, packets, bytes, hosts.size(), hostsCapped, first, last,
                top(applications, 15), top(transports, 10), top(vlans, 30), top(labelled(hosts, String::valueOf), 10), top(labelled(ports, TrafficStage::portLabel), 15), series, bucket));
        context.summary("hosts", String.format("%,d%s", hosts.size(), hostsCapped ? "+" : ""));
    }

    private static Map<String, long[]> labelled(Map<Object, long[]> map, Function<Object, String> label) {
        Map<String, long[]> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k == OTHER ? OTHER : label.apply(k), v));
        return out;
    }

    /** "tcp/443", as {@code FlowId.protocolName() + "/" + serverPort}. */
    private static String portLabel(Object key) {
        long k = (Long) key;
        return new FlowId(0, null, 0, null, 0, (int) (k >>> 32)).protocolName() + "/" + (int) k;
    }

    private static List<TrafficSummary.Row> top(Map<String, long[]> map, int n) {
        List<TrafficSummary.Row> rows = new ArrayList<>();
        map.forEach((k, v) -> rows.add(new TrafficSummary.Row(k, v[0], v[1], v[2])));
        rows.sort(Comparator.comparingLong(TrafficSummary.Row::bytes).reversed().thenComparing(TrafficSummary.Row::label));
        return rows.size() > n ? new ArrayList<>(rows.subList(0, n)) : rows;
    }
}
