package org.wardwatch.model.obs.mqtt;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A topic used on a flow: emitted the first time each (action, direction, topic filter) appears on the
 * flow. Payloads are never kept.
 *
 * @param action     publish, subscribe or unsubscribe
 * @param fromClient sent by the flow's initiator (a broker's PUBLISH to a subscriber is false)
 * @param topic      the topic name or filter; for an MQTT 5 PUBLISH that uses only a topic alias, null
 */
public record MqttTopicSeen(Instant ts, FlowId flow, String action, boolean fromClient, String topic)
        implements MqttObservation {
}
