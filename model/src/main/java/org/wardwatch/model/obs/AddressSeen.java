package org.wardwatch.model.obs;

import java.time.Instant;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * A MAC address was seen owning an IP address, from a protocol that binds the two (ARP sender,
 * ICMPv6 neighbor/router advertisement or solicitation source, DHCP assignment).
 *
 * @param source arp, arp_gratuitous, ndp_ns, ndp_na, ndp_rs, ndp_ra, dhcp
 */
public record AddressSeen(Instant ts, MacAddress mac, IpAddress ip, int vlan, String source) implements Observation {
}
