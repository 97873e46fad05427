package org.wardwatch.inventory.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.Device;

/**
 * What changed between two inventories: devices that appeared, that are gone, and what changed on the
 * others (identified attributes, criticality, addresses, host names, VLANs). Devices are the same when
 * their ids are equal, or when they share a MAC address.
 */
public final class InventoryDiff {
    /** One field that changed on a device. */
    public record Change(String field, String before, String after) {
    }

    public record Changed(Device before, Device after, List<Change> changes) {
    }

    public record Result(List<Device> added, List<Device> removed, List<Changed> changed) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    private InventoryDiff() {
    }

    public static Result diff(List<Device> before, List<Device> after) {
        Map<String, Device> oldById = new HashMap<>();
        Map<Long, Device> oldByMac = new HashMap<>();
        for (Device d : before) {
            oldById.put(d.id(), d);
            d.macs().forEach(m -> oldByMac.putIfAbsent(m.value(), d));
        }
        Set<Device> seenOld = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Device> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (Device n : after) {
            Device o = oldById.get(n.id());
            if (o == null) {
                for (var m : n.macs()) {
                    o = oldByMac.get(m.value());
                    if (o != null) {
                        break;
                    }
                }
            }
            if (o == null || seenOld.contains(o)) {
                added.add(n);
                continue;
            }
            seenOld.add(o);
            List<Change> changes = changes(o, n);
            if (!changes.isEmpty()) {
                changed.add(new Changed(o, n, changes));
            }
        }
        List<Device> removed = new ArrayList<>();
        for (Device o : before) {
            if (!seenOld.contains(o)) {
                removed.add(o);
            }
        }
        return new Result(added, removed, changed);
    }

    static List<Change> changes(Device o, Device n) {
        List<Change> out = new ArrayList<>();
        for (Attribute a : Attribute.values()) {
            String x = o.attribute(a).value(), y = n.attribute(a).value();
            if (!Objects.equals(x, y)) {
                out.add(new Change(a.jsonName(), x, y));
            }
        }
        if (o.criticality() != n.criticality()) {
            out.add(new Change("criticality", o.criticality().jsonName(), n.criticality().jsonName()));
        }
        compareSets(out, "ips", ips(o), ips(n));
        compareSets(out, "vlans", vlans(o), vlans(n));
        compareSets(out, "macs", macs(o), macs(n));
        if (!Objects.equals(o.hostname(), n.hostname())) {
            out.add(new Change("hostname", o.hostname(), n.hostname()));
        }
        return out;
    }

    private static void compareSets(List<Change> out, String field, Set<String> a, Set<String> b) {
        if (!a.equals(b)) {
            out.add(new Change(field, String.join(" ", new TreeSet<>(a)), String.join(" ", new TreeSet<>(b))));
        }
    }

    private static Set<String> ips(Device d) {
        Set<String> s = new LinkedHashSet<>();
        d.addresses().forEach(p -> s.add(p.ip().toString()));
        return s;
    }

    private static Set<String> vlans(Device d) {
        Set<String> s = new LinkedHashSet<>();
        d.vlans().forEach(v -> s.add(Integer.toString(v.vlan())));
        return s;
    }

    private static Set<String> macs(Device d) {
        Set<String> s = new LinkedHashSet<>();
        d.macs().forEach(m -> s.add(m.toString()));
        return s;
    }
}
