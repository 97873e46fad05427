package org.wardwatch.protocols.medicaltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * {@link LoopbackCapture} holds the whole exchange every time, including a stop right after the last
 * byte: the way the old capture lost everything (tcpdump stopped while the kernel still held the
 * packets in a TPACKET_V3 block). tshark counts what the file holds.
 */
class LoopbackCaptureReliabilityTest {
    static final int ROUNDS = 8;

    @TempDir
    Path dir;

    @Test
    void everyRoundOfATcpExchangeIsCompleteInTheCapture() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
            int port = server.getLocalPort();
            Thread echo = new Thread(() -> echoUntilClosed(server), "echo-peer");
            echo.setDaemon(true);
            echo.start();
            for (int round = 0; round < ROUNDS; round++) {
                Path pcap = dir.resolve("round" + round + ".pcap");
                int sent = 0;
                try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(loopback, port), 10_000);
                        s.setSoTimeout(30_000);
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        for (int size : new int[] {1, 700, 9000 + round}) {
                            out.write(new byte[size]);
                            in.readNBytes(size);
                            sent += size;
                        }
                        s.shutdownOutput();
                        // the peer closes on our FIN; reading its FIN proves it passed the tap on lo
                        assertThat(in.read()).isEqualTo(-1);
                    }
                    cap.stop(); // at once: no grace period
                }
                List<String[]> frames = Tshark.on(pcap).fields("tcp.srcport", "tcp.len", "tcp.flags.syn", "tcp.flags.fin", "udp.port");
                long toServer = frames.stream().filter(f -> f[0].equals(Integer.toString(port)) == false)
                        .mapToLong(f -> f[1].isEmpty() ? 0 : Long.parseLong(f[1])).sum();
                long toClient = frames.stream().filter(f -> f[0].equals(Integer.toString(port)))
                        .mapToLong(f -> f[1].isEmpty() ? 0 : Long.parseLong(f[1])).sum();
                assertThat(toServer).as("round %d: client payload bytes in the capture", round).isEqualTo(sent);
                assertThat(toClient).as("round %d: echoed payload bytes in the capture", round).isEqualTo(sent);
                assertThat(frames.stream().filter(f -> f[2].equals("1"))).as("round %d: SYN and SYN/ACK", round).hasSize(2);
                assertThat(frames.stream().filter(f -> f[3].equals("1"))).as("round %d: both FINs", round).hasSize(2);
                assertThat(frames.stream().filter(f -> !f[4].isEmpty())).as("round %d: sentinels removed", round).isEmpty();
            }
        }
    }

    @Test
    void everyEchoscuAssociationIsCompleteInTheCapture() throws Exception {
        Requirements.command("storescp");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Process scp = new ProcessBuilder("storescp", "-aet", "LOOPTEST", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("scp.log").toFile()).start();
        try {
            LocalPeers.awaitTcp(port, scp);
            for (int round = 0; round < 3; round++) {
                Path pcap = dir.resolve("echo" + round + ".pcap");
                try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                    Requirements.run(30, "echoscu", "-aec", "LOOPTEST", "127.0.0.1", String.valueOf(port));
                    cap.stop();
                }
                List<String[]> pdus = Tshark.on(pcap).decodeAs("tcp.port==" + port + ",dicom").filter("dicom.pdu.type")
                        .fields("dicom.pdu.type");
                // A-ASSOCIATE-RQ, -AC, P-DATA (C-ECHO-RQ), P-DATA (C-ECHO-RSP), A-RELEASE-RQ, -RP
                assertThat(pdus.stream().flatMap(r -> List.of(r[0].split(",")).stream()).toList())
                        .as("round %d", round).containsExactly("0x01", "0x02", "0x04", "0x04", "0x05", "0x06");
            }
        } finally {
            scp.destroy();
            scp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void echoUntilClosed(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException e) {
                // closed server or a reset peer: the test's assertions tell
            }
        }
    }
}
