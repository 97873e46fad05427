package org.wardwatch.sim.wire;

/**
 * One addressable end of a frame: a device's interface, the router's interface on a VLAN, or a host
 * on the internet. Mutable only in its IP identification counter, which advances as frames are
 * written (so IDs increase in capture order, as a real IP stack's do).
 */
public final class Host {
    /** The MAC of the default gateway, per VLAN; the router uses one MAC on every VLAN. */
    private final long mac;
    private final int ip;
    private final int vlan;
    private final long gatewayMac;
    private final int ttl;
    private final boolean external;
    private int ipId;
    private int ephemeralBase = 49152;
    private int ephemeralSpan = 16384;
    private int ephemeralNext;

    private Host(long mac, int ip, int vlan, long gatewayMac, int ttl, boolean external, int firstIpId) {
        this.mac = mac;
        this.ip = ip;
        this.vlan = vlan;
        this.gatewayMac = gatewayMac;
        this.ttl = ttl;
        this.external = external;
        this.ipId = firstIpId & 0xffff;
    }

    /** A host inside the hospital, on {@code vlan} (0 = untagged), whose router answers at {@code gatewayMac}. */
    public static Host internal(long mac, int ip, int vlan, long gatewayMac, int ttl, int firstIpId) {
        return new Host(mac, ip, vlan, gatewayMac, ttl, false, firstIpId);
    }

    /** A host beyond the router (the internet): its frames are seen leaving the router on the peer's VLAN. */
    public static Host external(int ip, int ttlAsSeen, int firstIpId) {
        return new Host(0, ip, 0, 0, ttlAsSeen, true, firstIpId);
    }

    public long mac() {
        return mac;
    }

    public int ip() {
        return ip;
    }

    public int vlan() {
        return vlan;
    }

    public long gatewayMac() {
        return gatewayMac;
    }

    public int ttl() {
        return ttl;
    }

    public boolean external() {
        return external;
    }

    public int nextIpId() {
        int id = ipId;
        ipId = (ipId + 1) & 0xffff;
        return id;
    }

    /** Sets the client port range (IANA 49152-65535 for Windows, 32768-60999 for Linux). */
    public Host ephemeralPorts(int base, int span, int start) {
        this.ephemeralBase = base;
        this.ephemeralSpan = span;
        this.ephemeralNext = Math.floorMod(start, span);
        return this;
    }

    /** The next client port: sequential, as most stacks allocate them, so 4-tuples do not repeat soon. */
    public int nextEphemeralPort() {
        int p = ephemeralBase + ephemeralNext;
        ephemeralNext = (ephemeralNext + 1) % ephemeralSpan;
        return p;
    }

    @Override
    public String toString() {
        return Addr.ipString(ip);
    }
}
