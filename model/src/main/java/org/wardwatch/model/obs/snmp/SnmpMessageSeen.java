package org.wardwatch.model.obs.snmp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A kind of SNMP message seen on a flow: emitted once per distinct (direction, version, PDU type)
 * per flow, with the count of such messages so far, so a walk of thousands of messages yields a
 * handful of records. A community string is a cleartext password: only the FACT that one was sent is
 * kept, never its value.
 *
 * @param fromClient        sent by the flow's initiator
 * @param version           "v1", "v2c" or "v3"
 * @param pduType           get_request, get_next_request, response, set_request, trap, get_bulk_request,
 *                          inform_request, snmpv2_trap, report; "encrypted" for a v3 scoped PDU under privacy
 * @param cleartextCommunity a non-empty v1/v2c community string was sent (it travels in cleartext)
 * @param v3EngineId        v3 msgAuthoritativeEngineID as lowercase hex, null when empty or not v3
 * @param v3UserPresent     v3 msgUserName was not empty
 * @param v3Authenticated   v3 msgFlags auth bit
 * @param v3Encrypted       v3 msgFlags priv bit
 */
public record SnmpMessageSeen(Instant ts, FlowId flow, boolean fromClient, String version, String pduType,
                              boolean cleartextCommunity, String v3EngineId, boolean v3UserPresent,
                              boolean v3Authenticated, boolean v3Encrypted) implements SnmpObservation {
}
