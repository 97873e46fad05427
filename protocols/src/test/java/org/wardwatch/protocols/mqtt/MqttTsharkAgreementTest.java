package org.wardwatch.protocols.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.mqtt.MqttConnectSeen;
import org.wardwatch.model.obs.mqtt.MqttTopicSeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * MQTT fields equal tshark's on every CONNECT, PUBLISH, SUBSCRIBE and UNSUBSCRIBE tshark dissects.
 * tshark fields compared: mqtt.msgtype, mqtt.ver, mqtt.clientid, mqtt.conflag.uname,
 * mqtt.conflag.passwd (flags only: user names and passwords are never kept), mqtt.topic. CONNECTs are
 * compared one by one (time, level, client id, flags); topics as the distinct (action, topic) set of
 * each TCP stream, since our records report a topic once per flow.
 */
class MqttTsharkAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_mqtt.pcap", "protocols/zeek_mqtt.pcap", "protocols/suricata_mqtt5_pub_userpass.pcap"})
    void connectsAndTopicsEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "mqtt", new MqttAnalyzerFactory());
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("mqtt")
                .fields("frame.time_epoch", "tcp.stream", "mqtt.msgtype", "mqtt.ver", "mqtt.clientid", "mqtt.conflag.uname",
                        "mqtt.conflag.passwd", "mqtt.topic");
        Agreement connects = new Agreement(name + " mqtt connect");
        Agreement topics = new Agreement(name + " mqtt topics");
        Set<String> topicSet = new TreeSet<>();
        int messages = 0;
        for (String[] c : rows) {
            String[] types = c[2].split(",");
            String[] topicList = c[7].isEmpty() ? new String[0] : c[7].split(",");
            int t = 0;
            for (String type : types) {
                messages++;
                switch (type) {
                    case "1" -> connects.expect(Replay.instant(c[0]) + "|" + c[3] + "|" + (c[4].isEmpty() ? null : c[4]) + "|u="
                            + c[5].equals("1") + "|p=" + c[6].equals("1"));
                    case "3", "8", "10" -> {
                        String action = type.equals("3") ? "publish" : type.equals("8") ? "subscribe" : "unsubscribe";
                        // a SUBSCRIBE may list several filters; tshark lists them all in mqtt.topic
                        if (type.equals("3")) {
                            topicSet.add(r.flow(c[1]) + "|" + action + "|" + (t < topicList.length ? topicList[t++] : null));
                        } else {
                            while (t < topicList.length) {
                                topicSet.add(r.flow(c[1]) + "|" + action + "|" + topicList[t++]);
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        topicSet.forEach(topics::expect);
        r.byStream().forEach((stream, list) -> {
            Set<String> s = new TreeSet<>();
            for (Observation o : list) {
                if (o instanceof MqttConnectSeen m) {
                    connects.actual(m.ts() + "|" + m.protocolLevel() + "|" + m.clientId() + "|u=" + m.usernamePresent() + "|p="
                            + m.passwordPresent());
                } else if (o instanceof MqttTopicSeen m) {
                    s.add(stream + "|" + m.action() + "|" + m.topic());
                }
            }
            s.forEach(topics::actual);
        });
        System.out.printf("%s: %d mqtt messages, %d streams, anomalies %s%n", name, messages, r.streams(), r.counters());
        connects.assertEqual();
        topics.assertEqual();
        assertThat(r.confirmed()).isEqualTo(r.streams());
    }
}
