package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.Pipeline;

/**
 * Both sides of the corpus comparison, computed once per capture and shared by the tests of the
 * network analyzers: the observations of the real pipeline (capture reader, engine, dispatcher, every
 * registered analyzer) and tshark's fields for every frame in which it dissects one of the network
 * protocols (one tshark run per capture, with the union of the fields the tests compare).
 */
public final class CorpusOracle {
    /** Display filter: frames of the protocols the network analyzers cover. */
    static final String FILTER = "arp || icmpv6.type >= 133 && icmpv6.type <= 136 || dhcp || dhcpv6 || dns || nbns || ssdp"
            + " || http.request.method || http.response.code || tls.handshake || ssh.protocol || ssh.kex.hassh"
            + " || ssh.kex.hasshserver || telnet || ftp || rdp || vnc";

    /** Every tshark field any comparison reads. Aggregated occurrences are separated by U+001F. */
    public static final List<String> FIELDS = List.of("frame.number", "frame.time_epoch", "frame.protocols",
            "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.opcode", "arp.hw.type",
            "icmpv6.type", "icmpv6.nd.ns.target_address", "icmpv6.nd.na.target_address", "icmpv6.opt.linkaddr",
            "icmpv6.opt.type", "ipv6.src", "ipv6.hlim",
            "dhcp.type", "dhcp.id", "dhcp.option.dhcp", "dhcp.hw.mac_addr", "dhcp.hw.type", "dhcp.hw.len",
            "dhcp.option.hostname", "dhcp.option.request_list_item", "dhcp.option.vendor_class_id",
            "dhcp.option.requested_ip_address", "dhcp.option.dhcp_server_id", "dhcp.option.ip_address_lease_time",
            "dhcp.ip.your", "dhcp.option.type", "dhcp.fqdn.name",
            "dhcpv6.msgtype", "dhcpv6.xid", "dhcpv6.duid.bytes", "dhcpv6.requested_option_code",
            "dhcpv6.vendorclass.enterprise", "dhcpv6.iaaddr.ip", "dhcpv6.dns_server",
            "dns.flags.response", "dns.qry.name", "dns.qry.type", "dns.resp.name", "dns.resp.type", "dns.a", "dns.aaaa",
            "dns.ptr.domain_name", "dns.srv.target", "dns.srv.port", "dns.cname", "dns.txt",
            "nbns.flags.response", "nbns.flags.opcode", "nbns.flags.rcode", "nbns.name", "nbns.type", "nbns.addr",
            "nbns.netbios_name", "nbns.count.answers",
            "http.request.method", "http.request.uri", "http.host", "http.user_agent", "http.response.code", "http.server",
            "http.location", "http.authorization", "http.proxy_authorization",
            "tls.handshake.type", "tls.handshake.version", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
            "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str", "tls.handshake.ja3_full",
            "tls.handshake.ja3", "tls.handshake.ja3s_full", "tls.handshake.ja3s", "tls.handshake.certificate_length",
            "x509af.serialNumber",
            "ssh.protocol", "ssh.kex.hassh", "ssh.kex.hasshserver", "ssh.kex.hassh_algorithms", "ssh.kex.hasshserver_algorithms",
            "telnet.cmd", "ftp.request.command", "ftp.response.code", "ftp.response.arg",
            "rdp.neg_type", "rdp.negReq.requestedProtocols", "rdp.negReq.selectedProtocol", "rdp.negFailure.failureCode",
            "vnc.server_proto_ver", "vnc.client_proto_ver", "vnc.num_security_types", "vnc.client_security_type",
            "tcp.stream", "udp.stream", "ip.src", "tcp.srcport", "udp.srcport");

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < FIELDS.size(); i++) {
            INDEX.put(FIELDS.get(i), i);
        }
    }

    /** One tshark frame: field → values (empty list when absent). */
    public record Frame(String[] cells) {
        public List<String> all(String field) {
            String c = cells[INDEX.get(field)];
            return c.isEmpty() ? List.of() : Arrays.asList(c.split("\u001f", -1));
        }

        public String first(String field) {
            List<String> v = all(field);
            return v.isEmpty() ? "" : v.get(0);
        }

        public boolean has(String field) {
            return !cells[INDEX.get(field)].isEmpty();
        }

        public long tsNanos() {
            return new BigDecimal(first("frame.time_epoch")).movePointRight(9).longValueExact();
        }

        public String number() {
            return first("frame.number");
        }

        public boolean layer(String protocol) {
            return (":" + first("frame.protocols") + ":").contains(":" + protocol + ":");
        }
    }

    /** What both sides said about one capture. */
    public record Capture(Path path, List<Frame> frames, List<Observation> observations) {
        public String name() {
            return path.getFileName().toString();
        }

        /** Observations grouped by packet time, in emission order. */
        public Map<Long, List<Observation>> observationsByTs() {
            Map<Long, List<Observation>> m = new LinkedHashMap<>();
            for (Observation o : observations) {
                long ts = o.ts().getEpochSecond() * 1_000_000_000L + o.ts().getNano();
                m.computeIfAbsent(ts, k -> new ArrayList<>()).add(o);
            }
            return m;
        }
    }

    private static final Map<Path, Capture> CACHE = new ConcurrentHashMap<>();

    private CorpusOracle() {
    }

    /**
     * The corpus captures that carry network protocols ({@code network-captures.txt} next to this
     * class says how the list was made), analyzed by both sides: computed on first use, two captures
     * at a time, then cached for the JVM.
     */
    public static synchronized List<Capture> all() {
        List<Path> paths = new ArrayList<>();
        try (var in = CorpusOracle.class.getResourceAsStream("network-captures.txt")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    paths.add(CorpusFiles.named(line.trim()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // tshark runs two at a time; the pipeline runs one at a time (frame analyzers are shared instances)
        Map<Path, List<Frame>> tshark = new ConcurrentHashMap<>();
        paths.parallelStream().filter(p -> !CACHE.containsKey(p)).forEach(p -> tshark.put(p, tshark(p)));
        for (Path p : paths) {
            CACHE.computeIfAbsent(p, k -> new Capture(k, tshark.get(k), pipeline(k)));
        }
        List<Capture> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(of(p));
        }
        return out;
    }

    public static Capture of(Path p) {
        return CACHE.computeIfAbsent(p, CorpusOracle::load);
    }

    private static Capture load(Path p) {
        return new Capture(p, tshark(p), pipeline(p));
    }

    private static List<Frame> tshark(Path p) {
        List<String[]> rows = cachedTshark(p);
        List<Frame> frames = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            frames.add(new Frame(r));
        }
        return frames;
    }

    /**
     * tshark's rows for a capture, kept under target/tshark-cache (keyed by the capture's name, size
     * and modification time and by the field list) so that repeated test runs in one checkout do not
     * pay tshark's start-up for every capture again.
     */
    private static List<String[]> cachedTshark(Path p) {
        try {
            long size = java.nio.file.Files.size(p);
            long mtime = java.nio.file.Files.getLastModifiedTime(p).toMillis();
            String key = p.getFileName() + "-" + size + "-" + mtime + "-" + Integer.toHexString((FILTER + FIELDS).hashCode()) + ".tsv";
            Path dir = Path.of("target", "tshark-cache");
            Path file = dir.resolve(key);
            if (java.nio.file.Files.isRegularFile(file)) {
                List<String[]> rows = new ArrayList<>();
                for (String line : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                    rows.add(line.split("\t", -1));
                }
                return rows;
            }
            List<String[]> rows = Tshark.fieldsWith(p, FILTER, List.of("-E", "aggregator=\u001f", "-o", "http.desegment_body:FALSE"),
                    FIELDS.toArray(String[]::new));
            java.nio.file.Files.createDirectories(dir);
            List<String> lines = new ArrayList<>(rows.size());
            for (String[] r : rows) {
                lines.add(String.join("\t", r));
            }
            Path tmp = java.nio.file.Files.createTempFile(dir, "rows", ".tmp");
            java.nio.file.Files.write(tmp, lines, java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Observation> pipeline(Path p) {
        List<Observation> obs;
        try {
            obs = Pipeline.observe(p);
        } catch (IOException e) {
            obs = List.of(); // an unreadable capture: the engine's tests cover it
        } catch (RuntimeException e) {
            throw new IllegalStateException(p + ": " + e, e);
        }
        return obs;
    }

}
