package org.wardwatch.model.obs.dns;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;

/**
 * An mDNS response claimed a host name for addresses (A and AAAA records of a ".local" name).
 *
 * @param hostname  e.g. "ultrasound-3.local"
 * @param addresses the addresses in the response for that name
 */
public record MdnsHostAnnounced(Instant ts, FlowId flow, String hostname, List<IpAddress> addresses)
        implements DnsObservation {
    public MdnsHostAnnounced {
        addresses = List.copyOf(addresses);
    }
}
