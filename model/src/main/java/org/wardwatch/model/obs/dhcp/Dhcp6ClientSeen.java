package org.wardwatch.model.obs.dhcp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.MacAddress;

/**
 * A DHCPv6 client message (RFC 8415: solicit, request, confirm, renew, rebind, release, decline,
 * information-request), unwrapped from relay-forward messages. Null when the option was absent.
 *
 * @param clientMac          Ethernet source of the packet, null without Ethernet
 * @param messageType        solicit, request, confirm, renew, rebind, release, decline, information_request
 * @param transactionId      24-bit transaction id
 * @param clientDuid         option 1 (client identifier) as lowercase hex
 * @param duidType           DUID type: 1 link-layer+time, 2 enterprise, 3 link-layer, 4 UUID
 * @param duidLinkLayer      the link-layer address inside a type 1 or 3 DUID over Ethernet
 * @param optionRequestList  option 6, in the client's order
 * @param vendorEnterprise   option 16 enterprise number
 * @param vendorClass        option 16 vendor class data items, as text
 * @param userClass          option 15 items, as text
 * @param fqdn               option 39 domain name
 * @param options            option codes in the order they appear
 */
public record Dhcp6ClientSeen(Instant ts, FlowId flow, MacAddress clientMac, String messageType, int transactionId,
                              String clientDuid, Integer duidType, MacAddress duidLinkLayer, List<Integer> optionRequestList,
                              Long vendorEnterprise, List<String> vendorClass, List<String> userClass, String fqdn,
                              List<Integer> options) implements DhcpObservation {
    public Dhcp6ClientSeen {
        optionRequestList = optionRequestList == null ? null : List.copyOf(optionRequestList);
        vendorClass = List.copyOf(vendorClass);
        userClass = List.copyOf(userClass);
        options = List.copyOf(options);
    }
}
