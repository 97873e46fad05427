package org.wardwatch.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.capture.ConversationComparison;
import org.wardwatch.capture.DecodeComparison;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.testkit.Requirements;

/**
 * Captures recorded by the test itself: tcpdump on the loopback interface ({@code lo}: Ethernet
 * link type; {@code any}: Linux cooked capture v2) while the test talks TCP and UDP to itself on
 * 127.0.0.1. The engine's flows must equal tshark's conversations, its decoding tshark's fields,
 * and the reassembled streams the bytes the test sent.
 */
class LoopbackCaptureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"lo", "any"})
    void loopbackTrafficRecordedByTcpdumpMatchesTsharkAndTheBytesSent(String iface) throws Exception {
        Requirements.root();
        Path tcpdump = Requirements.command("tcpdump");
        Requirements.command("tshark");
        Path pcap = dir.resolve("lo-" + iface + ".pcap");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = server.getLocalPort();
            // the UDP server gets a port below Linux's ephemeral range (32768+), as a service would:
            // without a handshake, the lower port is taken as the server's
            try (DatagramSocket udpServer = bindBelowEphemeral()) {
                int udpPort = udpServer.getLocalPort();
                Process p = new ProcessBuilder(tcpdump.toString(), "-i", iface, "-U", "-n", "-s", "0", "-w", pcap.toString(),
                        "host 127.0.0.1 and (tcp port " + port + " or udp port " + udpPort + ")").redirectErrorStream(true).start();
                byte[] request = new byte[50_000];
                new Random(1).nextBytes(request);
                byte[] response = "accepted\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    awaitListening(p.getInputStream());
                    Thread t = new Thread(() -> serveOnce(server, request.length, response));
                    t.start();
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        OutputStream out = s.getOutputStream();
                        out.write(request);
                        out.flush();
                        s.getInputStream().readNBytes(response.length);
                    }
                    t.join(10_000);
                    try (DatagramSocket udp = new DatagramSocket()) {
                        for (int i = 0; i < 3; i++) {
                            udp.send(new DatagramPacket(new byte[] {1, 2, 3, (byte) i}, 4, InetAddress.getLoopbackAddress(), udpPort));
                            udpServer.receive(new DatagramPacket(new byte[16], 16));
                        }
                    }
                    awaitPackets(pcap, 12);
                } finally {
                    p.destroy();
                    p.waitFor(10, TimeUnit.SECONDS);
                }

                Recorder r = new Recorder().streams();
                try (PacketSource src = CaptureFiles.open(pcap)) {
                    new Engine(EngineConfig.defaults(), r).run(src);
                }
                FlowRecord tcp = r.records.stream().filter(f -> f.flow().protocol() == 6).findFirst().orElseThrow();
                assertThat(tcp.flow().serverPort()).isEqualTo(port);
                assertThat(tcp.state()).isIn("closed", "closing");
                assertThat(r.stream(":" + port, true)).isEqualTo(request);
                assertThat(r.stream(":" + port, false)).isEqualTo(response);
                FlowRecord udp = r.records.stream().filter(f -> f.flow().protocol() == 17).findFirst().orElseThrow();
                assertThat(udp.flow().serverPort()).isEqualTo(udpPort);
                assertThat(udp.clientPackets()).isEqualTo(3);

                ConversationComparison.Result conv = ConversationComparison.compare(pcap);
                assertThat(conv.mismatches).isEmpty();
                assertThat(conv.tshark).hasSize(2);
                DecodeComparison.Result decoded = DecodeComparison.compare(pcap, 0);
                assertThat(decoded.mismatches).isEmpty();
                assertThat(decoded.checks).isPositive();
            }
        }
    }

    private static DatagramSocket bindBelowEphemeral() throws IOException {
        for (int port = 20_000 + new Random().nextInt(5_000); port < 30_000; port++) {
            try {
                return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (java.net.BindException busy) {
                // next
            }
        }
        throw new IOException("no free UDP port between 20000 and 30000");
    }

    private static void serveOnce(ServerSocket server, int expect, byte[] response) {
        try (Socket s = server.accept()) {
            s.getInputStream().readNBytes(expect);
            s.getOutputStream().write(response);
            s.getOutputStream().flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** tcpdump says "listening on IFACE" on stderr once its capture is open. */
    private static void awaitListening(InputStream stderr) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while ((line = r.readLine()) != null) {
            if (line.contains("listening on")) {
                Thread drain = new Thread(() -> {
                    try {
                        r.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // tcpdump exited
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("tcpdump did not start capturing");
    }

    /** Waits (polling, bounded) until tcpdump wrote at least {@code n} packets. */
    private static void awaitPackets(Path pcap, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            long count = 0;
            try (PacketSource s = CaptureFiles.open(pcap)) {
                org.wardwatch.capture.source.Packet p = new org.wardwatch.capture.source.Packet();
                while (s.next(p)) {
                    count++;
                }
            } catch (IOException e) {
                count = 0; // header not written yet
            }
            if (count >= n) {
                return;
            }
            Thread.sleep(50);
        }
        // fall through: the assertions will say what is missing
    }
}
