package org.wardwatch.model.obs.dhcp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;

/**
 * A DHCPv4 server message (BOOTREPLY: offer, ack, nak). Null when the option was absent.
 *
 * @param server           the Ethernet source of the reply (the server or a relay), null without Ethernet
 * @param messageType      option 53 as a name (offer, ack, nak, ...), "bootp" without option 53
 * @param client           chaddr when it is a 6-byte Ethernet address
 * @param yourAddress      yiaddr (the address given to the client) when not 0.0.0.0
 * @param serverIdentifier option 54
 * @param leaseSeconds     option 51
 * @param subnetMask       option 1
 * @param routers          option 3
 * @param dnsServers       option 6
 * @param domainName       option 15
 * @param hostname         option 12 (a name the server gives the client)
 * @param options          option codes in the order they appear
 */
public record DhcpServerReplied(Instant ts, FlowId flow, MacAddress server, String messageType, long transactionId,
                                MacAddress client, IpAddress yourAddress, IpAddress serverIdentifier, Long leaseSeconds,
                                IpAddress subnetMask, List<IpAddress> routers, List<IpAddress> dnsServers,
                                String domainName, String hostname, List<Integer> options) implements DhcpObservation {
    public DhcpServerReplied {
        routers = List.copyOf(routers);
        dnsServers = List.copyOf(dnsServers);
        options = List.copyOf(options);
    }
}
