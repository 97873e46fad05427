package org.wardwatch.model.obs.dhcp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;

/**
 * A DHCPv4 client message (BOOTREQUEST: discover, request, inform, decline, release). Fields as on the
 * wire (RFC 2131/2132); null when the option was absent. The option order and the parameter request
 * list order are kept: both are device fingerprints.
 *
 * @param client               the client hardware address (chaddr) when it is a 6-byte Ethernet address, else null
 * @param messageType          option 53 as a name (discover, request, decline, release, inform, ...), "bootp" without option 53
 * @param transactionId        xid
 * @param hostname             option 12
 * @param parameterRequestList option 55, in the client's order
 * @param vendorClass          option 60 (vendor class identifier), as text
 * @param clientId             option 61 as lowercase hex (type byte first), e.g. "01001122334455"
 * @param fqdn                 option 81 domain name (RFC 4702), decoded from either ASCII or wire encoding
 * @param requestedAddress     option 50
 * @param clientAddress        ciaddr when not 0.0.0.0
 * @param relayAgent           giaddr when not 0.0.0.0
 * @param maxMessageSize       option 57
 * @param options              option codes in the order they appear (without pad and end)
 */
public record DhcpClientSeen(Instant ts, FlowId flow, MacAddress client, String messageType, long transactionId,
                             String hostname, List<Integer> parameterRequestList, String vendorClass, String clientId,
                             String fqdn, IpAddress requestedAddress, IpAddress clientAddress, IpAddress relayAgent,
                             Integer maxMessageSize, List<Integer> options) implements DhcpObservation {
    public DhcpClientSeen {
        parameterRequestList = parameterRequestList == null ? null : List.copyOf(parameterRequestList);
        options = List.copyOf(options);
    }
}
