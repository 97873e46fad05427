package org.wardwatch.protocols.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.mqtt.MqttConnectSeen;
import org.wardwatch.model.obs.mqtt.MqttTopicSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.infratest.LoopbackPeers;
import org.wardwatch.testkit.Requirements;

/**
 * Eclipse Mosquitto on 127.0.0.1 on a random high port (not 1883: detection by payload), with a
 * password file; mosquitto_sub and mosquitto_pub connect with a user name and password (MQTT 3.1.1 and
 * 5), captured with tcpdump on lo and run through the real pipeline.
 */
class MqttRealPeerTest {
    private static final String PASSWORD = "ww-pump-s3cret";

    @Test
    void mosquittoClientsWithCredentialsOnAnOddPortAreFoundAndTheCredentialsAreOnlyAFact(@TempDir Path dir) throws Exception {
        Requirements.root();
        Path mosquitto = Requirements.command("mosquitto");
        Requirements.command("mosquitto_pub");
        int port = LoopbackPeers.freePort(false);
        Path passwords = dir.resolve("passwd");
        Requirements.run(20, "mosquitto_passwd", "-b", "-c", passwords.toString(), "pumpuser", PASSWORD);
        // mosquitto started as root drops to its own user before it reads the password file
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(passwords, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous false",
                "password_file " + passwords, "persistence false", "log_dest stdout", ""));
        Path pcap = dir.resolve("mqtt.pcap");
        try (LoopbackPeers peers = new LoopbackPeers()) {
            peers.capture(pcap, "tcp port " + port);
            peers.start(dir.resolve("mosquitto.log"), mosquitto.toString(), "-c", conf.toString());
            Requirements.awaitListening(port, 20, "mosquitto", dir.resolve("mosquitto.log"));
            // a retained message: the subscriber gets it whenever it subscribes, so nothing races
            Requirements.run(20, "mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-u", "pumpuser", "-P", PASSWORD,
                    "-i", "infusion-pump-07", "-t", "ward/3b/pump/7/status", "-m", "{\"state\":\"infusing\"}", "-r", "-V", "mqttv5");
            String received = Requirements.run(30, "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-u", "pumpuser",
                    "-P", PASSWORD, "-i", "ward3b-monitor", "-t", "ward/3b/pump/+/status", "-C", "1", "-W", "20", "-V", "mqttv311");
            assertThat(received).contains("infusing");
            peers.stopCapture();
        }

        List<Observation> all = Pipeline.observe(pcap);
        // the flows that carried bytes (the test's own readiness probes connect and close at once)
        assertThat(all.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast)
                .filter(f -> f.clientPayloadBytes() > 0).toList()).hasSize(2)
                .allSatisfy(f -> {
                    assertThat(f.flow().serverPort()).isEqualTo(port);
                    assertThat(f.application()).isEqualTo("mqtt");
                });
        List<MqttConnectSeen> connects = all.stream().filter(MqttConnectSeen.class::isInstance).map(MqttConnectSeen.class::cast).toList();
        assertThat(connects).extracting(MqttConnectSeen::clientId).containsExactlyInAnyOrder("ward3b-monitor", "infusion-pump-07");
        assertThat(connects).allSatisfy(c -> {
            assertThat(c.usernamePresent()).isTrue();
            assertThat(c.passwordPresent()).isTrue();
            assertThat(c.returnCode()).isZero();
        });
        assertThat(connects).extracting(MqttConnectSeen::protocolLevel).containsExactlyInAnyOrder(4, 5);
        List<MqttTopicSeen> topics = all.stream().filter(MqttTopicSeen.class::isInstance).map(MqttTopicSeen.class::cast).toList();
        assertThat(topics).anySatisfy(t -> {
            assertThat(t.action()).isEqualTo("subscribe");
            assertThat(t.topic()).isEqualTo("ward/3b/pump/+/status");
        });
        assertThat(topics).anySatisfy(t -> {
            assertThat(t.action() + " " + t.fromClient()).isEqualTo("publish true");
            assertThat(t.topic()).isEqualTo("ward/3b/pump/7/status");
        });
        // the broker's delivery to the subscriber is a PUBLISH from the server side
        assertThat(topics).anySatisfy(t -> assertThat(t.action() + " " + t.fromClient()).isEqualTo("publish false"));
        assertThat(all).allSatisfy(o -> assertThat(o.toString()).doesNotContain(PASSWORD).doesNotContain("pumpuser")
                .doesNotContain("infusing"));
    }
}
