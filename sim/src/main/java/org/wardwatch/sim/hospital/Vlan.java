package org.wardwatch.sim.hospital;

import org.wardwatch.sim.wire.Host;

/** One VLAN: 10.{id}.0.0/16 with the router at 10.{id}.0.1. */
public final class Vlan {
    private final int id;
    private final String name;
    private final Host gateway;
    private int nextHost = 256 + 1; // 10.v.1.1

    Vlan(int id, String name, Host gateway) {
        this.id = id;
        this.name = name;
        this.gateway = gateway;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public int network() {
        return (10 << 24) | (id << 16);
    }

    public int mask() {
        return 0xffff_0000;
    }

    public Host gateway() {
        return gateway;
    }

    public String cidr() {
        return "10." + id + ".0.0/16";
    }

    /** Next free address, skipping .0 and .255 in every /24. */
    int allocate() {
        while ((nextHost & 0xff) == 0 || (nextHost & 0xff) == 255) {
            nextHost++;
        }
        if (nextHost >= 0xffff) {
            throw new IllegalStateException("VLAN " + id + " is full");
        }
        return network() | nextHost++;
    }
}
