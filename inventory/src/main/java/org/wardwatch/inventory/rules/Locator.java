package org.wardwatch.inventory.rules;

import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;

/** How an observation names a device: by MAC (preferred), else by IP address on a VLAN. */
public record Locator(MacAddress mac, IpAddress ip, int vlan) {
}
