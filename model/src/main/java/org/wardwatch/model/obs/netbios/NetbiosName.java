package org.wardwatch.model.obs.netbios;

/**
 * A NetBIOS name (RFC 1001/1002) with its 16th byte.
 *
 * @param name   the first 15 bytes, trailing spaces removed (e.g. "WORKSTATION1")
 * @param suffix the 16th byte (0x00 workstation, 0x20 file server, 0x1c domain controllers, 0x1d master browser, ...)
 * @param group  the group bit from the name flags (false when not known)
 */
public record NetbiosName(String name, int suffix, boolean group) {
}
