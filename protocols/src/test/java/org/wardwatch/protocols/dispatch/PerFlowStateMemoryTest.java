package org.wardwatch.protocols.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.protocols.Analyzers;
import org.wardwatch.testkit.Frames;

/**
 * Per-flow analyzer state stays under 1 KiB on average (issue "Performance"): the dispatcher's state
 * of every open flow (attached analyzers, their buffers and parse state) is measured as retained heap.
 *
 * <p>Flows: every flow-analyzer exchange of the three fuzz seed sets (real-peer recordings and
 * spec-made messages: TLS, HTTP, SSH, RDP, VNC, FTP, Telnet, DNS family, DHCP, SSDP, SMB, Kerberos,
 * SNMP, MQTT, Modbus, BACnet, CoAP, NTP, syslog, DICOM, HL7, FHIR, ASTM, POCT1-A, SDC) on its
 * well-known port, each in three stages: whole (but not closed), only its first chunk, and its first
 * chunk cut in half (a message half-received, held in a buffer); replicated over many client
 * addresses, all open at once. The heap is measured (after GC) with the flows open, then again after
 * the dispatcher forgets its per-flow state; the difference over the number of flows is the figure.
 */
class PerFlowStateMemoryTest {
    private static final String NET = "/org/wardwatch/protocols/nettest/NetworkAnalyzersFuzzTestInputs/analyzersNeverThrowAndStayBounded/";
    private static final String MED = "/org/wardwatch/protocols/medicaltest/MedicalAnalyzersFuzzTestInputs/analyzersNeverThrowAndStayBounded/";
    private static final String INFRA = "/org/wardwatch/protocols/infratest/InfrastructureAnalyzersFuzzTestInputs/";
    private static final int REPLICAS = 300;

    /** A seed exchange: transport, server port, chunks in order. */
    record Exchange(String name, boolean tcp, int serverPort, List<Chunk> chunks) {
    }

    record Chunk(boolean fromClient, byte[] data) {
    }

    @Test
    void perFlowAnalyzerStateAveragesUnderOneKibibyte() throws IOException {
        List<Exchange> templates = new ArrayList<>();
        for (Exchange e : exchanges()) {
            templates.add(e);
            templates.add(new Exchange(e.name() + "/first", e.tcp(), e.serverPort(), e.chunks().subList(0, 1)));
            byte[] first = e.chunks().get(0).data();
            if (first.length >= 2) {
                templates.add(new Exchange(e.name() + "/half", e.tcp(), e.serverPort(),
                        List.of(new Chunk(e.chunks().get(0).fromClient(), Arrays.copyOf(first, first.length / 2)))));
            }
        }
        Dispatcher dispatcher = new Dispatcher(Analyzers.flowAnalyzers(), Analyzers.frameAnalyzers(), o -> { });
        long[] measured = new long[3];
        OpenFlows source = new OpenFlows(templates, REPLICAS, () -> {
            measured[0] = dispatcher.flowStates();
            measured[1] = usedHeap();
            dispatcher.forgetFlowStates();
            measured[2] = usedHeap();
        });
        new Engine(EngineConfig.defaults(), dispatcher).run(source);

        long flows = measured[0];
        long perFlow = (measured[1] - measured[2]) / Math.max(1, flows);
        System.out.printf("per-flow analyzer state: %d flows (%d exchanges x 3 stages x %d), %d bytes retained, %d bytes per flow%n",
                flows, templates.size() / 3, REPLICAS, measured[1] - measured[2], perFlow);
        assertThat(flows).as("flows with dispatch state while open").isGreaterThanOrEqualTo((long) templates.size() * REPLICAS * 9 / 10);
        assertThat(dispatcher.counters().snapshot()).as("analyzers attached").containsKeys("tls_attached", "dicom_attached",
                "hl7_attached", "smb_attached", "http_attached", "dns_attached");
        assertThat(perFlow).as("average retained bytes of a flow's analyzer state").isLessThan(1024);
    }

    /** Diagnosis: the figure per exchange stage ({@code -Dwardwatch.perFlowBreakdown=true}). */
    @Test
    void breakdownPerExchange() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("wardwatch.perFlowBreakdown"));
        for (Exchange e : exchanges()) {
            byte[] first = e.chunks().get(0).data();
            for (Exchange t : List.of(e, new Exchange(e.name() + "/first", e.tcp(), e.serverPort(), e.chunks().subList(0, 1)),
                    new Exchange(e.name() + "/half", e.tcp(), e.serverPort(),
                            List.of(new Chunk(e.chunks().get(0).fromClient(), Arrays.copyOf(first, Math.max(1, first.length / 2))))))) {
                Dispatcher dispatcher = new Dispatcher(Analyzers.flowAnalyzers(), Analyzers.frameAnalyzers(), o -> { });
                long[] m = new long[3];
                new Engine(EngineConfig.defaults(), dispatcher).run(new OpenFlows(List.of(t), 500, () -> {
                    m[0] = dispatcher.flowStates();
                    m[1] = usedHeap();
                    dispatcher.forgetFlowStates();
                    m[2] = usedHeap();
                }));
                System.out.printf("%-40s %6d bytes/flow %s%n", t.name(), (m[1] - m[2]) / Math.max(1, m[0]),
                        dispatcher.counters().snapshot().keySet().stream().filter(k -> k.endsWith("_attached")).toList());
            }
        }
    }

    private static long usedHeap() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    // ---------------------------------------------------------------- the flows

    static List<Exchange> exchanges() throws IOException {
        List<Exchange> out = new ArrayList<>();
        Object[][] table = {
            {NET, "00-dhcp-udhcpc-udhcpd", false, 67}, {NET, "01-dhcpv6-solicit-advertise", false, 547},
            {NET, "02-nbns-query-and-node-status", false, 137}, {NET, "03-ssdp-search-and-answer", false, 1900},
            {NET, "04-mdns-ipp-printer-announcement", false, 5353}, {NET, "05-llmnr-query-answer", false, 5355},
            {NET, "06-dns-query-cname-a-aaaa", false, 53}, {NET, "07-tls-openssl-tls1_2", true, 443},
            {NET, "07-tls-openssl-tls1_3", true, 443}, {NET, "08-ssh-openssh", true, 22},
            {NET, "09-rdp-negotiation-hybrid", true, 3389}, {NET, "10-vnc-rfb38-none", true, 5900},
            {NET, "11-http-curl-jdk-httpserver", true, 80}, {NET, "12-ftp-login-syst", true, 21},
            {NET, "13-telnet-banner-login", true, 23}, {NET, "14-dns-tcp-query-answer", true, 53},
            {MED, "dicom_echo", true, 104}, {MED, "dicom_find", true, 104}, {MED, "hl7", true, 2575},
            {MED, "fhir", true, 8080}, {MED, "astm", true, 5000}, {MED, "poct1a", true, 7001},
            {MED, "sdc_http", true, 6464}, {MED, "sdc_discovery", false, 3702},
            {INFRA, "smb_negotiate_ntlm", true, 445}, {INFRA, "smb1_negotiate", true, 445},
            {INFRA, "kerberos_tcp_as_req", true, 88}, {INFRA, "kerberos_udp_as_req", false, 88},
            {INFRA, "snmp_v2c_get_response", false, 161}, {INFRA, "mqtt_connect_publish", true, 1883},
            {INFRA, "modbus_device_id", true, 502}, {INFRA, "bacnet_i_am_ack", false, 47808},
            {INFRA, "coap_discovery", false, 5683}, {INFRA, "ntp_client_server", false, 123},
            {INFRA, "syslog_udp", false, 514}, {INFRA, "syslog_tcp_counted", true, 601},
        };
        for (Object[] row : table) {
            out.add(new Exchange((String) row[1], (Boolean) row[2], (Integer) row[3], chunks((String) row[0] + row[1])));
        }
        return out;
    }

    /** A fuzz seed: byte 1 bit 0 = first direction (0: client), then chunks split at 0xFF 0xFE, alternating. */
    static List<Chunk> chunks(String resource) throws IOException {
        byte[] in;
        try (InputStream s = PerFlowStateMemoryTest.class.getResourceAsStream(resource)) {
            assertThat(s).as(resource).isNotNull();
            in = s.readAllBytes();
        }
        List<Chunk> out = new ArrayList<>();
        boolean fromClient = (in[1] & 1) == 0;
        int start = 2;
        for (int i = 2; i <= in.length; i++) {
            boolean sep = i + 1 < in.length && in[i] == (byte) 0xFF && in[i + 1] == (byte) 0xFE;
            if (sep || i == in.length) {
                if (i > start) {
                    out.add(new Chunk(fromClient, Arrays.copyOfRange(in, start, i)));
                }
                fromClient = !fromClient;
                start = i + 2;
                i++;
            }
        }
        return out;
    }

    /**
     * Frames of every template on {@code replicas} distinct client addresses, made as they are read (none
     * kept), never closed: a TCP flow gets its handshake and its chunks, no FIN. When the frames run out,
     * {@code atEnd} runs once, while every flow is still open (before the engine ends them).
     */
    static final class OpenFlows implements PacketSource {
        private final List<Exchange> templates;
        private final int replicas;
        private final Runnable atEnd;
        private final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
        private final List<byte[]> pending = new ArrayList<>();
        private int flow;
        private int frame;
        private long ts = 1_700_000_000_000_000_000L;
        private boolean ended;

        OpenFlows(List<Exchange> templates, int replicas, Runnable atEnd) {
            this.templates = templates;
            this.replicas = replicas;
            this.atEnd = atEnd;
        }

        @Override
        public boolean next(Packet into) {
            while (frame >= pending.size()) {
                if (flow == templates.size() * replicas) {
                    if (!ended) {
                        ended = true;
                        atEnd.run();
                    }
                    return false;
                }
                pending.clear();
                frame = 0;
                frames(templates.get(flow % templates.size()), flow, pending);
                flow++;
            }
            byte[] f = pending.get(frame++);
            buf.clear();
            buf.put(0, f);
            ts += 1000;
            into.set(buf, 0, f.length, f.length, ts, 1);
            return true;
        }

        /** Flow number {@code n}: its own client address and port. */
        private static void frames(Exchange e, int n, List<byte[]> out) {
            String client = "10." + (1 + n / 50000) + "." + (n / 200 % 250) + "." + (1 + n % 200);
            String server = "10.200.0.20";
            int cp = 10000 + n % 50000;
            int sp = e.serverPort();
            if (!e.tcp()) {
                for (Chunk c : e.chunks()) {
                    out.add((c.fromClient() ? Frames.ethernet("02:00:00:00:01:0a", "02:00:00:00:01:14").ipv4(client, server).udp(cp, sp)
                            : Frames.ethernet("02:00:00:00:01:14", "02:00:00:00:01:0a").ipv4(server, client).udp(sp, cp))
                            .payload(c.data()).build());
                }
                return;
            }
            long cseq = 1000;
            long sseq = 5000;
            out.add(c(client, server, cp, sp).flags(Frames.SYN).seq(cseq).build());
            out.add(s(client, server, cp, sp).flags(Frames.SYN | Frames.ACK).seq(sseq).ack(cseq + 1).build());
            cseq++;
            sseq++;
            out.add(c(client, server, cp, sp).flags(Frames.ACK).seq(cseq).ack(sseq).build());
            for (Chunk chunk : e.chunks()) {
                byte[] d = chunk.data();
                for (int off = 0; off < d.length; off += 1400) {
                    byte[] piece = Arrays.copyOfRange(d, off, Math.min(d.length, off + 1400));
                    if (chunk.fromClient()) {
                        out.add(c(client, server, cp, sp).flags(Frames.ACK | Frames.PSH).seq(cseq).ack(sseq).payload(piece).build());
                        cseq += piece.length;
                    } else {
                        out.add(s(client, server, cp, sp).flags(Frames.ACK | Frames.PSH).seq(sseq).ack(cseq).payload(piece).build());
                        sseq += piece.length;
                    }
                }
            }
        }

        private static Frames.Builder c(String client, String server, int cp, int sp) {
            return Frames.ethernet("02:00:00:00:01:0a", "02:00:00:00:01:14").ipv4(client, server).tcp(cp, sp);
        }

        private static Frames.Builder s(String client, String server, int cp, int sp) {
            return Frames.ethernet("02:00:00:00:01:14", "02:00:00:00:01:0a").ipv4(server, client).tcp(sp, cp);
        }

        @Override
        public String name() {
            return "open-flows";
        }

        @Override
        public long sizeBytes() {
            return -1;
        }

        @Override
        public long position() {
            return flow;
        }

        @Override
        public void close() {
        }
    }
}
