package org.wardwatch.model.obs.netbios;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;

/**
 * A host said a NetBIOS name is (or no longer is) at addresses: a registration, refresh, release or
 * positive query response.
 *
 * @param operation registration, refresh, release, multihomed_registration or query_response
 * @param addresses NB_ADDRESS entries of the record (for requests, from the additional record)
 * @param ttl       TTL of the record in seconds
 */
public record NetbiosNameClaimed(Instant ts, FlowId flow, int transactionId, String operation, NetbiosName name,
                                 List<IpAddress> addresses, long ttl) implements NetbiosObservation {
    public NetbiosNameClaimed {
        addresses = List.copyOf(addresses);
    }
}
