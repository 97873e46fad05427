package org.wardwatch.model.device;

import java.time.Instant;
import org.wardwatch.model.IpAddress;

/** An IP address a device held, on which VLAN, and from when to when (packet time). */
public record AddressPeriod(IpAddress ip, int vlan, Instant firstSeen, Instant lastSeen) {
}
