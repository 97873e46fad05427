package org.wardwatch.model.obs.mqtt;

import org.wardwatch.model.Observation;

/** Observations of the MQTT analyzer (MQTT 3.1, 3.1.1 and 5.0). */
public sealed interface MqttObservation extends Observation permits MqttConnectSeen, MqttTopicSeen {
}
