package org.wardwatch.model.obs.mqtt;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An MQTT CONNECT (and its CONNACK when seen before the flow ends or the next CONNECT). User names and
 * passwords are credentials: only the FACT that they were sent in cleartext is kept.
 *
 * @param protocolLevel  3 (MQTT 3.1), 4 (3.1.1), 5 (5.0)
 * @param clientId       the client identifier (often a device serial or model), null when empty
 * @param usernamePresent the user name flag was set
 * @param passwordPresent the password flag was set (a cleartext password on a non-TLS flow)
 * @param willPresent    the will flag was set
 * @param cleanSession   clean session (3.x) / clean start (5)
 * @param keepAliveSeconds keep alive interval
 * @param returnCode     CONNACK return code (3.x) or reason code (5), null when no CONNACK was seen
 */
public record MqttConnectSeen(Instant ts, FlowId flow, int protocolLevel, String clientId,
                              boolean usernamePresent, boolean passwordPresent, boolean willPresent,
                              boolean cleanSession, int keepAliveSeconds, Integer returnCode)
        implements MqttObservation {
}
