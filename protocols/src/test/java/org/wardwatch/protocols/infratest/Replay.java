package org.wardwatch.protocols.infratest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.testkit.Tshark;

/**
 * Replays the flows of a capture that tshark attributes to a protocol into one analyzer, through the
 * {@link AnalyzerHarness} (the dispatcher's buffering and lifecycle): tshark cuts the capture into
 * streams and per-frame payloads (TCP desegmentation off, retransmissions dropped), each stream gets
 * its own analyzer instance, the side that sent the SYN (or the first datagram) is the client, and
 * packet times are the frames'. The packet engine is not involved: this isolates the analyzer.
 */
public final class Replay {
    private Replay() {
    }

    /** tshark's frame.time_epoch ("1375027523.123456000") as nanoseconds, exactly. */
    public static long epochNanos(String epoch) {
        String e = epoch.split(",")[0];
        int dot = e.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(e) * 1_000_000_000L;
        }
        String frac = (e.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(e.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
    }

    public static java.time.Instant instant(String epoch) {
        long ns = epochNanos(epoch);
        return java.time.Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    /** What the analyzer instances produced over all replayed streams. */
    public record Result(List<Observation> observations, Map<String, Long> counters, int streams, int confirmed,
                         int violated, Map<String, List<Observation>> byStream) {
        public <T extends Observation> List<T> of(Class<T> type) {
            return observations.stream().filter(type::isInstance).map(type::cast).toList();
        }

        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    /**
     * @param protocolFilter tshark display filter naming the protocol ("smb || smb2"); every stream with
     *                       at least one such frame is replayed whole
     */
    public static Result flows(Path capture, String protocolFilter, AnalyzerFactory factory, String... decodeAs) {
        boolean tcp = factory.transport() == AnalyzerFactory.Transport.TCP;
        String streamField = tcp ? "tcp.stream" : "udp.stream";
        Tshark.Query streamsQuery = Tshark.on(capture).tolerateReadErrors().filter(protocolFilter);
        for (String d : decodeAs) {
            streamsQuery.decodeAs(d);
        }
        List<String> wanted = new ArrayList<>();
        for (String[] row : streamsQuery.fields(streamField)) {
            for (String s : row[0].split(",")) {
                if (!s.isEmpty() && !wanted.contains(s)) {
                    wanted.add(s);
                }
            }
        }
        Map<String, AnalyzerHarness> harnesses = new LinkedHashMap<>();
        Map<String, String> clients = new TreeMap<>();
        if (!wanted.isEmpty()) {
            String filter = (tcp ? "tcp && !tcp.analysis.retransmission && !tcp.analysis.spurious_retransmission && " : "udp && ")
                    + streamField + " in {" + String.join(", ", wanted) + "}";
            Tshark.Query q = Tshark.on(capture).tolerateReadErrors().filter(filter)
                    .option("tcp.desegment_tcp_streams:FALSE").option("tcp.analyze_sequence_numbers:TRUE");
            String[] fields = tcp
                    ? new String[] {"frame.time_epoch", "tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "tcp.dstport",
                        "tcp.flags.syn", "tcp.flags.ack", "tcp.payload"}
                    : new String[] {"frame.time_epoch", "udp.stream", "ip.src", "ipv6.src", "udp.srcport", "udp.dstport",
                        "", "", "udp.payload"};
            List<String> fs = new ArrayList<>();
            for (String f : fields) {
                if (!f.isEmpty()) {
                    fs.add(f);
                }
            }
            List<String[]> rows = q.fields(fs.toArray(String[]::new));
            for (String[] r : rows) {
                String stream = r[1].split(",")[0];
                String src = (r[2].isEmpty() ? r[3] : r[2]).split(",")[0] + ":" + r[4].split(",")[0];
                int dstPort = Integer.parseInt(r[5].split(",")[0]);
                boolean synOnly = tcp && "1".equals(r[6]) && "0".equals(r[7]);
                String payload = r[tcp ? 8 : 6];
                if (!clients.containsKey(stream)) {
                    if (tcp && !synOnly && "1".equals(r[6])) {
                        // SYN-ACK first: the other side is the client; the server's port is our source port
                        clients.put(stream, "?not:" + src);
                        dstPort = Integer.parseInt(r[4].split(",")[0]);
                    } else {
                        clients.put(stream, src);
                    }
                    harnesses.put(stream, AnalyzerHarness.forFlow(factory, dstPort));
                }
                String client = clients.get(stream);
                boolean fromClient = client.startsWith("?not:") ? !client.substring(5).equals(src) : client.equals(src);
                if (payload.isEmpty()) {
                    continue;
                }
                byte[] bytes = HexFormat.of().parseHex(payload.split(",")[0].replace(":", ""));
                long ns = epochNanos(r[0]);
                harnesses.get(stream).at(ns).feed(fromClient, bytes, 0, bytes.length);
            }
        }
        List<Observation> obs = new ArrayList<>();
        Map<String, Long> counters = new TreeMap<>();
        int confirmed = 0;
        int violated = 0;
        Map<String, List<Observation>> byStream = new TreeMap<>();
        for (Map.Entry<String, AnalyzerHarness> e : harnesses.entrySet()) {
            AnalyzerHarness h = e.getValue();
            h.end();
            obs.addAll(h.observations());
            byStream.put(e.getKey(), List.copyOf(h.observations()));
            h.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            confirmed += h.confirmed() ? 1 : 0;
            violated += h.violated() ? 1 : 0;
        }
        return new Result(obs, counters, harnesses.size(), confirmed, violated, byStream);
    }
}
