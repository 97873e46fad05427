package org.wardwatch.protocols.infratest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.testkit.Tshark;

/**
 * Runs the flows of a capture that tshark attributes to a protocol through our analyzers, in one of two
 * ways: by default through the real {@link Pipeline}; with {@code -Dwardwatch.replay=harness} through
 * the {@link AnalyzerHarness} only (the dispatcher's buffering and lifecycle without the engine): tshark cuts the capture into
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
                         int violated, Map<String, List<Observation>> byStream, Map<String, String> flowOfStream) {
        /**
         * The key {@link #byStream} uses for tshark's stream number: in pipeline mode the flow's address
         * and port pair (tshark 4.0 may number the two directions of a UDP exchange as two streams, the
         * engine makes them one flow), in harness mode the stream number itself.
         */
        public String flow(String tsharkStream) {
            return flowOfStream == null ? tsharkStream : flowOfStream.getOrDefault(tsharkStream, "stream " + tsharkStream);
        }

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
        return "harness".equals(System.getProperty("wardwatch.replay")) ? harness(capture, protocolFilter, factory, decodeAs)
                : pipeline(capture, protocolFilter, factory, decodeAs);
    }

    /**
     * Through the real {@link Pipeline} (packet engine, reassembly, dispatcher with every registered
     * analyzer): the observations of the flows tshark attributes to the protocol, grouped by tshark's
     * stream number (matched by address and port pair), the analyzer's counters, and how many of those
     * flows the pipeline named after the analyzer.
     */
    public static Result pipeline(Path capture, String protocolFilter, AnalyzerFactory factory, String... decodeAs) {
        boolean tcp = factory.transport() == AnalyzerFactory.Transport.TCP;
        String streamField = tcp ? "tcp.stream" : "udp.stream";
        Tshark.Query q = Tshark.on(capture).tolerateReadErrors().filter(protocolFilter);
        for (String d : decodeAs) {
            q.decodeAs(d);
        }
        String l4 = tcp ? "tcp" : "udp";
        Map<String, String> streamOfKey = new TreeMap<>();
        Map<String, String> keyOfStream = new TreeMap<>();
        for (String[] row : q.fields(streamField, "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", l4 + ".srcport", l4 + ".dstport",
                "frame.protocols")) {
            if (row[0].isEmpty()) {
                continue;
            }
            // tunnels (6in4, IP in IP): the flow is keyed by the innermost addresses, as the engine does
            List<String> layers = List.of(row[7].split(":"));
            boolean innerV6 = layers.lastIndexOf("ipv6") > layers.lastIndexOf("ip");
            String src = last(innerV6 ? row[3] : row[1]);
            String dst = last(innerV6 ? row[4] : row[2]);
            String k = key(l4, src, Integer.parseInt(row[5].split(",")[0]), dst, Integer.parseInt(row[6].split(",")[0]));
            streamOfKey.putIfAbsent(k, row[0].split(",")[0]);
            keyOfStream.put(row[0].split(",")[0], k);
        }
        List<Observation> all = new ArrayList<>();
        Pipeline.Result pr;
        try {
            pr = Pipeline.run(capture, all::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, List<Observation>> byStream = new TreeMap<>();
        List<Observation> obs = new ArrayList<>();
        int confirmed = 0;
        int flows = 0;
        String obsPackage = null;
        for (Observation o : all) {
            if (o instanceof FlowRecord fr) {
                String stream = streamOfKey.get(key(fr.flow()));
                if (stream != null) {
                    flows++;
                    confirmed += factory.name().equals(fr.application()) ? 1 : 0;
                }
                continue;
            }
            FlowId flow = flowOf(o);
            String stream = flow == null ? null : streamOfKey.get(key(flow));
            if (stream != null && isOwnedBy(o, factory)) {
                obs.add(o);
                byStream.computeIfAbsent(key(flow), k -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Long> counters = new TreeMap<>();
        String prefix = factory.name() + "_";
        pr.analyzerCounters().forEach((k, v) -> {
            if (k.startsWith(prefix) || k.startsWith("smb_ntlmssp")) {
                counters.put(k, v);
            }
        });
        return new Result(obs, counters, flows, confirmed, flows - confirmed, byStream, keyOfStream);
    }

    private static String last(String cell) {
        String[] parts = cell.split(",");
        return parts[parts.length - 1];
    }

    /** Observations of the analyzer's own family (its model package), NTLM for SMB. */
    private static boolean isOwnedBy(Observation o, AnalyzerFactory factory) {
        String pkg = o.getClass().getPackageName();
        String family = pkg.substring(pkg.lastIndexOf('.') + 1);
        return family.equals(factory.name()) || (factory.name().equals("smb") && family.equals("ntlm"));
    }

    private static FlowId flowOf(Observation o) {
        for (java.lang.reflect.RecordComponent c : o.getClass().getRecordComponents()) {
            if (c.getType() == FlowId.class) {
                try {
                    return (FlowId) c.getAccessor().invoke(o);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    private static String key(FlowId f) {
        return key(f.protocolName(), f.client().toString(), f.clientPort(), f.server().toString(), f.serverPort());
    }

    private static String key(String l4, String a, int ap, String b, int bp) {
        String x = IpAddress.parse(a) + ":" + ap;
        String y = IpAddress.parse(b) + ":" + bp;
        return l4 + "|" + (x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x);
    }

    /** Through the {@link AnalyzerHarness} only (no packet engine): isolates the analyzer from reassembly. */
    public static Result harness(Path capture, String protocolFilter, AnalyzerFactory factory, String... decodeAs) {
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
        return new Result(obs, counters, harnesses.size(), confirmed, violated, byStream, null);
    }
}
