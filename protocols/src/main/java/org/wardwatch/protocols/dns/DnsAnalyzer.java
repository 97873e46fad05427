package org.wardwatch.protocols.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.dns.DnsAnswered;
import org.wardwatch.model.obs.dns.DnsQueried;
import org.wardwatch.model.obs.dns.MdnsHostAnnounced;
import org.wardwatch.model.obs.dns.MdnsServiceAnnounced;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * DNS (RFC 1035, over UDP and over TCP with the two-byte length prefix of section 4.2.2), multicast
 * DNS with DNS-SD (RFC 6762, RFC 6763) and LLMNR (RFC 4795): one parser ({@link DnsMessage}), three
 * dialects. Every query becomes {@link DnsQueried}, every response {@link DnsAnswered}; mDNS responses
 * also yield {@link MdnsServiceAnnounced} (PTR from a service type to an instance, with its SRV and
 * TXT) and {@link MdnsHostAnnounced} (A/AAAA of a name).
 *
 * <p>Detection: DNS by a strict probe of the header and first question on any port (see
 * {@link #looksLikeDns}); mDNS and LLMNR by their ports only (5353 and 5355 are part of their
 * specifications, and their payload is indistinguishable from DNS).
 *
 * <p>Anomalies: those of {@link DnsMessage}, prefixed by the dialect; {@code dns_tcp_length_too_small}.
 *
 * <p>Known gaps: DNSSEC, EDNS options and update prerequisites are not interpreted; DNS over TLS,
 * HTTPS and QUIC are encrypted and invisible here; TXT strings beyond 32 and records beyond 64 are dropped.
 */
public final class DnsAnalyzer implements Analyzer {
    /** Plain DNS over UDP, any port (probe), port 53 as a hint. */
    public static final AnalyzerFactory UDP_FACTORY = new Factory("dns", AnalyzerFactory.Transport.UDP, new int[] {53}, "dns", false);
    /** DNS over TCP with the RFC 1035 4.2.2 length prefix. */
    public static final AnalyzerFactory TCP_FACTORY = new Factory("dns", AnalyzerFactory.Transport.TCP, new int[] {53}, "dns", true);
    /** Multicast DNS, port 5353 only. */
    public static final AnalyzerFactory MDNS_FACTORY = new Factory("mdns", AnalyzerFactory.Transport.UDP, new int[] {5353}, "mdns", false);
    /** LLMNR, port 5355 only. */
    public static final AnalyzerFactory LLMNR_FACTORY = new Factory("llmnr", AnalyzerFactory.Transport.UDP, new int[] {5355}, "llmnr", false);

    private static final int MAX_HOSTS_PER_MESSAGE = 16;
    private static final int MAX_ADDRESSES_PER_HOST = 16;

    /** One parser per analysis thread: analyzers live per flow, most DNS flows carry one query and one answer. */
    private static final ThreadLocal<DnsMessage> PARSER = ThreadLocal.withInitial(DnsMessage::new);

    private final String protocol;
    private final boolean dns;
    private final boolean mdns;
    private boolean confirmed;

    DnsAnalyzer(String protocol) {
        this.protocol = protocol;
        this.dns = protocol.equals("dns");
        this.mdns = protocol.equals("mdns");
    }


    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        int consumed = 0;
        while (length - consumed >= 2) {
            int msgLen = DnsMessage.u16(data, offset + consumed);
            if (msgLen < 12) {
                ctx.anomaly("dns_tcp_length_too_small");
                if (!confirmed) {
                    ctx.violation("DNS over TCP message shorter than a header");
                }
                return length;
            }
            if (length - consumed - 2 < msgLen) {
                break; // wait for the rest of the message
            }
            onDatagram(fromClient, data, offset + consumed + 2, msgLen, ctx);
            consumed += 2 + msgLen;
        }
        return consumed;
    }

    /** One message (a datagram, or a message of a TCP stream without its length prefix). */
    @Override
    public void onDatagram(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        if (!confirmed && dns && ownedByAnotherDialect(ctx.flow())) {
            ctx.done();
            return;
        }
        DnsMessage m = PARSER.get();
        if (!m.parse(data, offset, length, ctx, protocol, mdns)
                || (m.questionCount == 0 && m.recordCount == 0 && m.truncated)) {
            if (!confirmed) {
                notThisProtocol(ctx);
            }
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        if (!m.response) {
            ctx.emit(new DnsQueried(ctx.ts(), ctx.flow(), protocol, m.id, m.opcode, m.questions()));
            return;
        }
        ctx.emit(new DnsAnswered(ctx.ts(), ctx.flow(), protocol, m.id, m.rcode, m.authoritative, m.questions(), m.records(),
                m.truncated));
        if (mdns) {
            announce(m, ctx);
        }
    }

    private void notThisProtocol(AnalyzerContext ctx) {
        ctx.violation("not a " + protocol + " message");
    }

    /**
     * The DNS probe also matches mDNS, LLMNR and NetBIOS name service datagrams (same layout); on
     * their ports those analyzers, attached by port hint, speak for the flow.
     */
    private static boolean ownedByAnotherDialect(org.wardwatch.model.FlowId flow) {
        if (flow == null || flow.protocol() != org.wardwatch.model.FlowId.UDP) {
            return false;
        }
        return isDialectPort(flow.clientPort()) || isDialectPort(flow.serverPort());
    }

    private static boolean isDialectPort(int port) {
        return port == 5353 || port == 5355 || port == 137;
    }

    /** DNS-SD services and host addresses of an mDNS response. */
    private static void announce(DnsMessage m, AnalyzerContext ctx) {
        int n = m.recordCount;
        Set<String> described = new HashSet<>();
        for (int k = 0; k < n; k++) {
            String name = m.record(k).name();
            String target = m.targets[k];
            if (m.types[k] == DnsMessage.TYPE_PTR && target != null && isServiceType(name)
                    && !name.startsWith("_services._dns-sd._udp.")
                    && target.length() > name.length() + 1 && target.endsWith("." + name)
                    && described.add(target)) {
                emitService(m, target, name, ctx);
            }
        }
        // SRV records of instances that no PTR in this response pointed at (probes, goodbyes, updates)
        for (int k = 0; k < n; k++) {
            String name = m.record(k).name();
            if (m.types[k] == DnsMessage.TYPE_SRV && !described.contains(name)) {
                String type = serviceTypeOf(name);
                if (type != null && described.add(name)) {
                    emitService(m, name, type, ctx);
                }
            }
        }
        Map<String, List<IpAddress>> hosts = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            String name = m.record(k).name();
            IpAddress address = m.addresses[k];
            if (address != null && !name.isEmpty()) {
                List<IpAddress> list = hosts.get(name);
                if (list == null) {
                    if (hosts.size() == MAX_HOSTS_PER_MESSAGE) {
                        continue;
                    }
                    list = new ArrayList<>();
                    hosts.put(name, list);
                }
                if (list.size() < MAX_ADDRESSES_PER_HOST && !list.contains(address)) {
                    list.add(address);
                }
            }
        }
        for (Map.Entry<String, List<IpAddress>> host : hosts.entrySet()) {
            ctx.emit(new MdnsHostAnnounced(ctx.ts(), ctx.flow(), host.getKey(), host.getValue()));
        }
    }

    private static void emitService(DnsMessage m, String instanceName, String serviceName, AnalyzerContext ctx) {
        String instance = instanceName.substring(0, instanceName.length() - serviceName.length() - 1);
        // serviceName is "_type._proto.domain": split the domain off after the protocol label
        int protoEnd = serviceName.indexOf('.', serviceName.indexOf('.') + 1);
        String serviceType = protoEnd < 0 ? serviceName : serviceName.substring(0, protoEnd);
        String domain = protoEnd < 0 ? "" : serviceName.substring(protoEnd + 1);
        // a subtype PTR ("_printer._sub._http._tcp.local") names the instance under the parent type
        String host = null;
        Integer port = null;
        List<String> txt = List.of();
        for (int k = 0; k < m.recordCount; k++) {
            if (!m.record(k).name().equalsIgnoreCase(instanceName)) {
                continue;
            }
            if (m.types[k] == DnsMessage.TYPE_SRV && host == null) {
                host = m.targets[k];
                port = m.ports[k];
            } else if (m.types[k] == DnsMessage.TYPE_TXT && txt.isEmpty()) {
                txt = m.txt(k);
            }
        }
        ctx.emit(new MdnsServiceAnnounced(ctx.ts(), ctx.flow(), instance, serviceType, domain, host, port, txt));
    }

    /** "_ipp._tcp.local" and subtypes "_x._sub._ipp._tcp.local": a DNS-SD service type name. */
    static boolean isServiceType(String name) {
        return name.startsWith("_") && (name.contains("._tcp.") || name.contains("._udp.")
                || name.endsWith("._tcp") || name.endsWith("._udp"));
    }

    /** For "Instance._ipp._tcp.local" the service name "_ipp._tcp.local"; null when not of that shape. */
    static String serviceTypeOf(String instanceName) {
        for (String proto : new String[] {"._tcp.", "._udp."}) {
            int p = instanceName.lastIndexOf(proto);
            if (p > 0) {
                int typeStart = instanceName.lastIndexOf("._", p - 1);
                if (typeStart > 0) {
                    return instanceName.substring(typeStart + 1);
                }
            }
        }
        return null;
    }

    /**
     * Strict, allocation-free check that {@code d[off, off+len)} starts with a DNS message header and
     * a well-formed first question: at least one question and at most 16, a standard opcode, the Z bit
     * clear, plausible section counts, a valid uncompressed first name and a known class.
     */
    public static boolean looksLikeDns(byte[] d, int off, int len) {
        if (len < 17) {
            return false;
        }
        int flags = DnsMessage.u16(d, off + 2);
        int opcode = (flags >>> 11) & 0xF;
        if (opcode == 3 || opcode > 6 || (flags & 0x0040) != 0) {
            return false;
        }
        int qd = DnsMessage.u16(d, off + 4);
        int an = DnsMessage.u16(d, off + 6);
        int ns = DnsMessage.u16(d, off + 8);
        int ar = DnsMessage.u16(d, off + 10);
        if (qd < 1 || qd > 16 || an > 256 || ns > 256 || ar > 256) {
            return false;
        }
        boolean response = (flags & 0x8000) != 0;
        if (!response && opcode == 0 && an > 0) {
            return false;
        }
        int next = DnsNames.skip(d, off, len, off + 12, false);
        if (next < 0 || next + 4 > off + len) {
            return false;
        }
        int qtype = DnsMessage.u16(d, next);
        int qclass = DnsMessage.u16(d, next + 2);
        return qtype != 0 && (qclass == 1 || qclass == 3 || qclass == 4 || qclass == 254 || qclass == 255);
    }

    private static final class Factory implements AnalyzerFactory {
        private final String name;
        private final Transport transport;
        private final int[] ports;
        private final String protocol;
        private final boolean tcp;

        Factory(String name, Transport transport, int[] ports, String protocol, boolean tcp) {
            this.name = name;
            this.transport = transport;
            this.ports = ports;
            this.protocol = protocol;
            this.tcp = tcp;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Transport transport() {
            return transport;
        }

        @Override
        public int[] portHints() {
            return ports.clone();
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            if (!protocol.equals("dns")) {
                return false; // mDNS and LLMNR are defined by their ports
            }
            if (tcp) {
                return length >= 2 && DnsMessage.u16(data, offset) >= 17 && looksLikeDns(data, offset + 2, length - 2);
            }
            return looksLikeDns(data, offset, length);
        }

        @Override
        public DnsAnalyzer newAnalyzer() {
            return new DnsAnalyzer(protocol);
        }

        @Override
        public int maxBufferedBytes() {
            return tcp ? 65_537 + 2 : 64 * 1024;
        }
    }
}
