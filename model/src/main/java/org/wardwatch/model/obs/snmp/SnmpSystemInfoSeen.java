package org.wardwatch.model.obs.snmp;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;

/**
 * System group values (RFC 3418) an agent returned in a response or sent in a trap. Emitted when a
 * value not yet reported on the flow appears; null where the message did not carry it.
 *
 * @param agent       the address that sent the values
 * @param sysDescr    1.3.6.1.2.1.1.1.0 (vendor, model, OS and firmware in free text)
 * @param sysObjectId 1.3.6.1.2.1.1.2.0 in dotted notation (the vendor's enterprise subtree)
 * @param sysName     1.3.6.1.2.1.1.5.0
 * @param sysLocation 1.3.6.1.2.1.1.6.0
 */
public record SnmpSystemInfoSeen(Instant ts, FlowId flow, IpAddress agent, String sysDescr, String sysObjectId,
                                 String sysName, String sysLocation) implements SnmpObservation {
}
