package org.wardwatch.protocols.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.mqtt.MqttConnectSeen;
import org.wardwatch.model.obs.mqtt.MqttTopicSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class MqttAnalyzerTest {

    @Test
    void connectCredentialsAreFactsAndTopicsAreReportedOnce() {
        byte[] client = bytes(mqttConnect("pump-0042", true), mqttSubscribe("ward/+/alarms"), mqttPublish("ward/3b/pump/42", "{\"rate\":5}"),
                mqttPublish("ward/3b/pump/42", "{\"rate\":6}"));
        AnalyzerHarness h = AnalyzerHarness.forFlow(new MqttAnalyzerFactory(), 1883).client(client).server(mqttConnack()).end();
        MqttConnectSeen c = h.observations(MqttConnectSeen.class).get(0);
        assertThat(c.clientId()).isEqualTo("pump-0042");
        assertThat(c.usernamePresent()).isTrue();
        assertThat(c.passwordPresent()).isTrue();
        assertThat(c.returnCode()).isZero();
        assertThat(h.observations(MqttTopicSeen.class)).extracting(t -> t.action() + " " + t.topic())
                .containsExactly("subscribe ward/+/alarms", "publish ward/3b/pump/42");
        assertThat(h.observations().toString()).doesNotContain("s3cret").doesNotContain("ward7op").doesNotContain("rate");
    }

    @Test
    void givesTheSameObservationsWhateverTheSegmentSizes() {
        byte[] client = bytes(mqttConnect("pump-0042", true), mqttSubscribe("a/b"), mqttPublish("a/b/c", "x"));
        for (int chunk = 1; chunk <= client.length; chunk++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new MqttAnalyzerFactory(), 1883).feedSplit(true, client, chunk)
                    .server(mqttConnack()).end();
            assertThat(h.observations()).as("chunk %d", chunk).hasSize(3);
        }
    }

    @Test
    void aLargePublishIsSkippedWithoutBeingBuffered() {
        byte[] payload = new byte[200_000];
        byte[] topic = bytes(u16(3), "a/b");
        int rest = topic.length + payload.length;
        byte[] publish = bytes(0x30, (rest & 0x7F) | 0x80, ((rest >>> 7) & 0x7F) | 0x80, rest >>> 14, topic, payload);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new MqttAnalyzerFactory(), 1883).client(mqttConnect("c", false))
                .feedSplit(true, publish, 1460).client(mqttPublish("after/it", "y")).end();
        assertThat(h.observations(MqttTopicSeen.class)).extracting(MqttTopicSeen::topic).containsExactly("a/b", "after/it");
        assertThat(h.counters()).doesNotContainKey("mqtt_buffer_cap");
    }

    @Test
    void httpOnPort1883IsAViolation() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new MqttAnalyzerFactory(), 1883).client(bytes("GET / HTTP/1.1\r\n\r\n")).end();
        assertThat(h.violated()).isTrue();
        assertThat(h.observations()).isEmpty();
    }
}
