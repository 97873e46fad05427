package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.testkit.Frames;
import org.wardwatch.testkit.Tshark;

/**
 * The network family's fixtures, all made by this project: captures recorded from real peers by the
 * real-peer tests ({@link Recorded}) and captures built here from {@link HandWrittenMessages}; and the
 * fuzz seeds cut from both. {@code -Dwardwatch.writeFixtures=true} on {@code NetworkGoldenCaptureTest}
 * (re)writes the built captures and the seeds.
 */
public final class NetworkFixtures {
    /** Source tree of the fixtures (tests run with the module directory as working directory). */
    public static final Path CAPTURES = Path.of("src/test/resources/captures");
    public static final Path SEEDS = Path.of("src/test/resources/org/wardwatch/protocols/nettest/NetworkAnalyzersFuzzTestInputs/analyzersNeverThrowAndStayBounded");

    /** Recorded captures → (analyzer index, server port or -1 for "the SYN's destination"). */
    static final Map<String, int[]> RECORDED = new LinkedHashMap<>();

    static {
        RECORDED.put("dhcp/udhcpc-udhcpd", new int[] {0, 67});
        RECORDED.put("tls/openssl-tls1_2", new int[] {7, -1});
        RECORDED.put("tls/openssl-tls1_3", new int[] {7, -1});
        RECORDED.put("ssh/openssh", new int[] {8, -1});
        RECORDED.put("http/curl-jdk-httpserver", new int[] {11, -1});
    }

    private NetworkFixtures() {
    }

    /** Writes the built captures (hand-written exchanges, ARP/NDP frames). */
    static void writeBuiltCaptures() throws IOException {
        int i = 0;
        for (Map.Entry<String, HandWrittenMessages.Exchange> e : HandWrittenMessages.all().entrySet()) {
            HandWrittenMessages.Exchange x = e.getValue();
            AnalyzerFactory f = NetworkAnalyzersFuzzTest.FLOW.get(x.analyzer());
            int clientPort = x.serverPort() == 5353 || x.serverPort() == 137 ? x.serverPort() : 49200 + i++;
            List<byte[]> frames = f.transport() == AnalyzerFactory.Transport.TCP
                    ? SyntheticFlows.tcp(clientPort, x.serverPort(), x.chunks()) : SyntheticFlows.udp(clientPort, x.serverPort(), x.chunks());
            write(e.getKey(), frames);
        }
        List<byte[]> arp = new ArrayList<>();
        arp.add(Frames.ethernet("00:1b:21:3a:4b:5c", "ff:ff:ff:ff:ff:ff").arp(1, "00:1b:21:3a:4b:5c", "10.5.0.17", "00:00:00:00:00:00", "10.5.0.1").build());
        arp.add(Frames.ethernet("02:00:00:00:00:01", "00:1b:21:3a:4b:5c").arp(2, "02:00:00:00:00:01", "10.5.0.1", "00:1b:21:3a:4b:5c", "10.5.0.17").build());
        arp.add(Frames.ethernet("00:1b:21:3a:4b:5d", "ff:ff:ff:ff:ff:ff").arp(1, "00:1b:21:3a:4b:5d", "0.0.0.0", "00:00:00:00:00:00", "10.5.0.18").build());
        arp.add(Frames.ethernet("00:1b:21:3a:4b:5d", "ff:ff:ff:ff:ff:ff").arp(1, "00:1b:21:3a:4b:5d", "10.5.0.18", "ff:ff:ff:ff:ff:ff", "10.5.0.18").build());
        write("arp/request-reply-probe-gratuitous", arp);
        List<byte[]> ndp = new ArrayList<>();
        // NS from a host (source link-layer option), NA answering it (target link-layer option), RA from the router
        ndp.add(Frames.ethernet("00:1b:21:3a:4b:5c", "33:33:ff:00:00:01").ipv6("fe80::21b:21ff:fe3a:4b5c", "ff02::1:ff00:1").ttl(255)
                .icmpv6(135, 0, 0).payload(HandWrittenMessages.bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                        1, 1, 0x00, 0x1b, 0x21, 0x3a, 0x4b, 0x5c)).build());
        ndp.add(Frames.ethernet("02:00:00:00:00:01", "00:1b:21:3a:4b:5c").ipv6("fe80::1", "fe80::21b:21ff:fe3a:4b5c").ttl(255)
                .icmpv6(136, 0, 0x60000000).payload(HandWrittenMessages.bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                        2, 1, 0x02, 0, 0, 0, 0, 0x01)).build());
        ndp.add(Frames.ethernet("02:00:00:00:00:01", "33:33:00:00:00:01").ipv6("fe80::1", "ff02::1").ttl(255)
                .icmpv6(134, 0, 0x40000708).payload(HandWrittenMessages.bytes(0, 0, 0, 0, 0, 0, 0, 0,
                        1, 1, 0x02, 0, 0, 0, 0, 0x01)).build());
        write("ndp/ns-na-ra", ndp);
    }

    private static void write(String scenario, List<byte[]> frames) throws IOException {
        Path pcap = CAPTURES.resolve(scenario + ".pcap");
        Files.createDirectories(pcap.getParent());
        Frames.writePcap(pcap, Frames.timed(frames, 1_700_000_000_000_000_000L, 1_000_000L));
    }

    /** Writes one fuzz seed per fixture exchange (and the ARP/NDP frames). */
    static void writeSeeds() throws IOException {
        Files.createDirectories(SEEDS);
        try (var old = Files.list(SEEDS)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, HandWrittenMessages.Exchange> e : HandWrittenMessages.all().entrySet()) {
            seed(e.getValue().analyzer(), e.getKey(), e.getValue().chunks());
        }
        for (Map.Entry<String, int[]> e : RECORDED.entrySet()) {
            seed(e.getValue()[0], e.getKey(), chunksOf(CAPTURES.resolve(e.getKey() + ".pcap"), e.getValue()[1]));
        }
        List<Seeds.Chunk> arp = List.of(new Seeds.Chunk(true, HandWrittenMessages.bytes(0, 1, 8, 0, 6, 4, 0, 1, 0, 0x1b, 0x21, 0x3a,
                0x4b, 0x5c, 10, 5, 0, 17, 0, 0, 0, 0, 0, 0, 10, 5, 0, 1)));
        seed(NetworkAnalyzersFuzzTest.FRAME_ARP, "arp/request", arp);
        List<Seeds.Chunk> ndp = List.of(new Seeds.Chunk(true, HandWrittenMessages.bytes(135, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0x80, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0x00, 0x1b, 0x21, 0x3a, 0x4b, 0x5c)));
        seed(NetworkAnalyzersFuzzTest.FRAME_NDP, "ndp/neighbor-solicitation", ndp);
    }

    private static void seed(int analyzer, String scenario, List<Seeds.Chunk> chunks) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(analyzer);
        out.write(chunks.get(0).fromClient() ? 0 : 1);
        boolean dir = chunks.get(0).fromClient();
        boolean first = true;
        List<Seeds.Chunk> merged = new ArrayList<>();
        boolean datagrams = analyzer < NetworkAnalyzersFuzzTest.FLOW.size()
                && NetworkAnalyzersFuzzTest.FLOW.get(analyzer).transport() == AnalyzerFactory.Transport.UDP;
        for (Seeds.Chunk c : chunks) {
            if (!merged.isEmpty() && merged.get(merged.size() - 1).fromClient() == c.fromClient()) {
                if (!datagrams) { // stream bytes of one direction join; a later datagram of the same direction is dropped
                    Seeds.Chunk last = merged.remove(merged.size() - 1);
                    byte[] joined = java.util.Arrays.copyOf(last.data(), last.data().length + c.data().length);
                    System.arraycopy(c.data(), 0, joined, last.data().length, c.data().length);
                    merged.add(new Seeds.Chunk(last.fromClient(), joined));
                }
            } else {
                merged.add(c);
            }
        }
        for (Seeds.Chunk c : merged) {
            if (!first) {
                out.write(0xFF);
                out.write(0xFE);
            }
            first = false;
            out.writeBytes(c.data());
            dir = !dir;
        }
        Files.write(SEEDS.resolve(String.format("%02d-%s", analyzer, scenario.replace('/', '-'))), out.toByteArray());
    }

    /** The payloads of a recorded capture in order, with their direction (server port given, or the SYN's destination). */
    static List<Seeds.Chunk> chunksOf(Path pcap, int serverPort) {
        List<String[]> rows = Tshark.on(pcap).option("tcp.desegment_tcp_streams:FALSE").filter("tcp.len > 0 || udp || tcp.flags.syn == 1")
                .fields("tcp.flags.syn", "tcp.flags.ack", "tcp.dstport", "udp.dstport", "tcp.payload", "udp.payload");
        int server = serverPort;
        List<Seeds.Chunk> out = new ArrayList<>();
        for (String[] r : rows) {
            if (server < 0 && r[0].equals("1") && r[1].equals("0")) {
                server = Integer.parseInt(r[2]);
            }
            String payload = !r[4].isEmpty() ? r[4] : r[5];
            if (payload.isEmpty()) {
                continue;
            }
            String dst = !r[2].isEmpty() ? r[2] : r[3];
            out.add(new Seeds.Chunk(Integer.parseInt(dst) == server, hex(payload)));
        }
        return out;
    }

    private static byte[] hex(String h) {
        String s = h.replace(":", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
