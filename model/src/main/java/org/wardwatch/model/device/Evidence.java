package org.wardwatch.model.device;

import java.time.Instant;

/**
 * One fact from the traffic that supports a claim, and the rule and knowledge entry that read it.
 * Never holds patient data: facts are protocol identifiers (MAC prefixes, option lists, AE titles,
 * application names, banners), not message contents.
 *
 * @param ts          packet time of the observation
 * @param observation the observation's type name, e.g. {@code dhcp_client_seen}
 * @param fact        what was seen, short and human readable, e.g. {@code vendor_class="MSFT 5.0"}
 * @param rule        id of the rule that turned the fact into a claim, e.g. {@code dhcp.vendor_class}
 * @param source      the knowledge entry and its public citation, e.g. {@code ieee_oui 001221 (IEEE MA-L)};
 *                    null when the rule needs no knowledge entry
 */
public record Evidence(Instant ts, String observation, String fact, String rule, String source) {
}
