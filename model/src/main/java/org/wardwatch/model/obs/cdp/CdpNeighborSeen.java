package org.wardwatch.model.obs.cdp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * A Cisco Discovery Protocol advertisement (v1/v2). Emitted when a sender's advertisement changes.
 * Null where absent.
 *
 * @param deviceId        Device ID TLV (the host name)
 * @param softwareVersion Software Version TLV (e.g. the IOS banner)
 * @param platform        Platform TLV (the model, e.g. "cisco WS-C2960-24TT-L")
 * @param portId          Port ID TLV (the sender's interface)
 * @param capabilities    router, transparent_bridge, source_route_bridge, switch, host, igmp, repeater,
 *                        voip_phone, remotely_managed, cvta, mac_relay
 * @param addresses       Addresses TLV (IPv4/IPv6 as text)
 * @param managementAddresses Management Address TLV (CDPv2)
 * @param nativeVlan      Native VLAN TLV (CDPv2)
 * @param vtpDomain       VTP Management Domain TLV
 */
public record CdpNeighborSeen(Instant ts, MacAddress source, int vlan, int version, String deviceId,
                              String softwareVersion, String platform, String portId, List<String> capabilities,
                              List<String> addresses, List<String> managementAddresses, Integer nativeVlan,
                              String vtpDomain) implements Observation {
    public CdpNeighborSeen {
        capabilities = List.copyOf(capabilities);
        addresses = List.copyOf(addresses);
        managementAddresses = List.copyOf(managementAddresses);
    }
}
