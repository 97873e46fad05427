package org.wardwatch.model.obs.netbios;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.MacAddress;

/**
 * A node status response (NBSTAT, RFC 1002 section 4.2.18): every name a host has registered and
 * its adapter address ("unit ID").
 *
 * @param names  at most 64 names, in order
 * @param unitId the MAC address the host reports, null when all zero
 */
public record NetbiosNodeStatusSeen(Instant ts, FlowId flow, int transactionId, List<NetbiosName> names, MacAddress unitId)
        implements NetbiosObservation {
    public NetbiosNodeStatusSeen {
        names = List.copyOf(names);
    }
}
