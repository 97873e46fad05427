package org.wardwatch.sim.hospital;

/**
 * How the hospital's devices are spread over VLANs. {@code FLAT} is what most hospitals run (90% of
 * VLANs mix healthcare and IT devices, Forescout 2020, DOMAIN.md section 7): servers, voice and one
 * large VLAN for everything else. {@code SEGMENTED} gives every device class ({@link Zone}) its own.
 */
public enum Topology {
    FLAT, SEGMENTED;

    public int vlanId(Zone zone) {
        if (this == SEGMENTED) {
            return zone.segmentedVlan;
        }
        return switch (zone) {
            case SERVERS -> 10;
            case VOICE -> 22;
            default -> 100;
        };
    }

    public String vlanName(Zone zone) {
        if (this == SEGMENTED) {
            return zone.segmentedName;
        }
        return switch (zone) {
            case SERVERS -> "datacenter";
            case VOICE -> "voice";
            default -> "hospital-lan";
        };
    }
}
