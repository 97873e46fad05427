package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.testkit.Requirements;

/** The live path of {@code wardwatch analyze --interface lo}, while the test sends traffic on loopback. */
class AnalyzeLiveTest {
    @TempDir
    Path tmp;

    @Test
    void capturesLoopbackTrafficUntilTheDurationEnds() throws Exception {
        Requirements.root();
        Requirements.command("tcpdump");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // a free port nobody listens on once closed
        }
        int count = 25;
        java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);
        Thread sender = new Thread(() -> {
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                listening.await();
                for (int i = 0; i < count; i++) {
                    byte[] payload = ("datagram " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        Path out = tmp.resolve("out");
        Analysis.Live live = new Analysis.Live("lo", "udp and dst port " + port, java.time.Duration.ofSeconds(4), listening::countDown);
        Analysis.Result result = Analysis.run(new Analysis.Options(List.of(), out, null, null, false,
                org.wardwatch.capture.engine.EngineConfig.defaults(), live));
        sender.join();
        assertThat(result.engine().packets()).isEqualTo(count);
        List<String> flows = Files.readAllLines(out.resolve("flows.jsonl"));
        assertThat(flows).hasSize(1);
        JsonNode flow = new ObjectMapper().readTree(flows.get(0));
        assertThat(flow.get("flow").get("serverPort").asInt()).isEqualTo(port);
        assertThat(flow.get("clientPackets").asLong()).isEqualTo(count);
    }
}
