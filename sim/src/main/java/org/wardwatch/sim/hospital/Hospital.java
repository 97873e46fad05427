package org.wardwatch.sim.hospital;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.sim.catalog.Catalog;

/** The simulated hospital: its VLANs, its devices, and who serves whom. */
public final class Hospital {
    public static final String DOMAIN = "hospital.example";
    public static final String NETBIOS_DOMAIN = "HOSP";

    private final Topology topology;
    private final Map<Integer, Vlan> vlans;
    private final List<Device> devices;
    private final Device router;
    private final Map<String, List<Device>> byFunction = new LinkedHashMap<>();
    private final List<String> departments;
    private final int beds;

    Hospital(Topology topology, Map<Integer, Vlan> vlans, List<Device> devices, Device router, List<String> departments, int beds) {
        this.topology = topology;
        this.vlans = vlans;
        this.devices = Collections.unmodifiableList(devices);
        this.router = router;
        this.departments = List.copyOf(departments);
        this.beds = beds;
        for (Device d : devices) {
            byFunction.computeIfAbsent(d.function(), k -> new ArrayList<>()).add(d);
        }
    }

    public Topology topology() {
        return topology;
    }

    public Map<Integer, Vlan> vlans() {
        return vlans;
    }

    public Vlan vlan(Zone zone) {
        return vlans.get(topology.vlanId(zone));
    }

    public List<Device> devices() {
        return devices;
    }

    public Device router() {
        return router;
    }

    public List<String> departments() {
        return departments;
    }

    public int beds() {
        return beds;
    }

    /** Every device with this function (server function or device role). */
    public List<Device> withFunction(String function) {
        return byFunction.getOrDefault(function, List.of());
    }

    /** The server running {@code function} for devices of {@code profileId} (vendor-specific if one exists). */
    public Device server(String function, String profileId) {
        List<Device> all = withFunction(function);
        Device generic = null;
        for (Device d : all) {
            Catalog.Application a = d.application();
            if (a != null && a.forProfiles().contains(profileId)) {
                return d;
            }
            if (a != null && a.forProfiles().isEmpty() && generic == null) {
                generic = d;
            }
        }
        if (generic == null && !all.isEmpty()) {
            return all.get(0);
        }
        return generic;
    }

    /** The first server with this function (the primary one). */
    public Device server(String function) {
        List<Device> all = withFunction(function);
        return all.isEmpty() ? null : all.get(0);
    }
}
