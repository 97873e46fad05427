package org.wardwatch.inventory.rules;

import java.time.Instant;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.ClinicalRole;
import org.wardwatch.model.device.Software;

/** What a rule firing does to the device its locator names. */
public sealed interface Effect {
    Instant ts();

    Locator locator();

    record AddClaim(Instant ts, Locator locator, Claim claim) implements Effect {
    }

    record AddHostname(Instant ts, Locator locator, String name, String source) implements Effect {
    }

    record AddRole(Instant ts, Locator locator, ClinicalRole role) implements Effect {
    }

    record AddSoftware(Instant ts, Locator locator, Software software) implements Effect {
    }

    /** The MAC held the IP on the VLAN at {@code ts}; the locator is the MAC. */
    record Bind(Instant ts, Locator locator, MacAddress mac, IpAddress ip, int vlan, String source) implements Effect {
    }
}
