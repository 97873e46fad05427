package org.wardwatch.model.device;

import java.time.Instant;

/** A VLAN a device was seen on (0 = untagged) and when; several entries mean the device moved. */
public record VlanPeriod(int vlan, Instant firstSeen, Instant lastSeen) {
}
