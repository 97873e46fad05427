package org.wardwatch.model.device;

import java.time.Instant;

/**
 * A name the device used or was given.
 *
 * @param source where it came from: dhcp, dns, mdns, netbios, ntlm, smb, snmp, lldp, cdp, dicom (AE title is not a hostname)
 */
public record Hostname(String name, String source, Instant firstSeen, Instant lastSeen) {
}
