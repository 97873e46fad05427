package org.wardwatch.model.obs.dhcp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;

/**
 * A DHCPv6 server message (advertise, reply, reconfigure), unwrapped from relay-reply messages.
 *
 * @param serverMac   Ethernet source of the packet
 * @param messageType advertise, reply, reconfigure
 * @param clientDuid  option 1 as lowercase hex
 * @param serverDuid  option 2 as lowercase hex
 * @param addresses   IA_NA / IA_TA addresses (option 5 inside options 3 and 4)
 * @param dnsServers  option 23
 * @param domainSearch option 24
 * @param statusCode  option 13 at message level, null when absent
 */
public record Dhcp6ServerReplied(Instant ts, FlowId flow, MacAddress serverMac, String messageType, int transactionId,
                                 String clientDuid, String serverDuid, List<IpAddress> addresses, List<IpAddress> dnsServers,
                                 List<String> domainSearch, Integer statusCode, List<Integer> options) implements DhcpObservation {
    public Dhcp6ServerReplied {
        addresses = List.copyOf(addresses);
        dnsServers = List.copyOf(dnsServers);
        domainSearch = List.copyOf(domainSearch);
        options = List.copyOf(options);
    }
}
