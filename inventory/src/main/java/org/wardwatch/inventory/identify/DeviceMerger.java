package org.wardwatch.inventory.identify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.ClinicalRole;
import org.wardwatch.model.device.Criticality;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.Evidence;
import org.wardwatch.model.device.Hostname;
import org.wardwatch.model.device.ServicePort;
import org.wardwatch.model.device.Software;
import org.wardwatch.model.device.VlanPeriod;

/**
 * Merges a stored device with what a new analysis found about it (the store calls this on a second
 * {@code analyze}): addresses, names, VLANs, services, roles and software are united with their time
 * ranges; for each attribute the answers combine like claims (the stored answer and the new one are
 * two witnesses with their confidences), except OS and firmware, where a different new answer wins
 * (devices are upgraded) and the old one is kept as a conflict.
 */
public final class DeviceMerger {
    private static final int MAX_LIST = 64;
    private final KnowledgeBase kb;
    private final ClaimCombiner combiner;

    public DeviceMerger(KnowledgeBase kb) {
        this.kb = kb;
        this.combiner = new ClaimCombiner(kb);
    }

    public Device merge(Device old, Device now) {
        List<MacAddress> macs = new ArrayList<>(old.macs());
        for (MacAddress m : now.macs()) {
            if (!macs.contains(m)) {
                macs.add(m);
            }
        }
        String id = old.layer3Only() && !now.layer3Only() ? now.id() : old.id();
        AttributeValue category = attribute(Attribute.CATEGORY, old.category(), now.category());
        Criticality crit = category.isKnown() ? kb.taxonomy().criticality(category.value()) : Criticality.UNKNOWN;
        return new Device(id, macs, addresses(old.addresses(), now.addresses()), hostnames(old.hostnames(), now.hostnames()),
                vlans(old.vlans(), now.vlans()), min(old.firstSeen(), now.firstSeen()), max(old.lastSeen(), now.lastSeen()),
                macs.isEmpty(), now.randomizedMac() && old.randomizedMac(), category,
                attribute(Attribute.VENDOR, old.vendor(), now.vendor()), attribute(Attribute.MODEL, old.model(), now.model()),
                attribute(Attribute.OS, old.os(), now.os()), attribute(Attribute.FIRMWARE, old.firmware(), now.firmware()),
                attribute(Attribute.SERIAL, old.serial(), now.serial()), crit,
                union(old.services(), now.services(), s -> s.transport() + "/" + s.port()),
                roles(old.roles(), now.roles()),
                union(old.software(), now.software(), s -> s.product().toLowerCase(Locale.ROOT) + " " + s.version()));
    }

    private AttributeValue attribute(Attribute a, AttributeValue old, AttributeValue now) {
        if (!old.isKnown()) {
            return now;
        }
        if (!now.isKnown()) {
            return old;
        }
        if ((a == Attribute.OS || a == Attribute.FIRMWARE) && !combiner.compatible(a, combiner.key(a, old.value()), combiner.key(a, now.value()))) {
            List<Claim> conflicts = new ArrayList<>(now.conflicts());
            conflicts.add(asClaim(old, "earlier analysis"));
            return new AttributeValue(a, now.value(), now.confidence(), now.evidence(), conflicts.subList(0, Math.min(12, conflicts.size())));
        }
        AttributeValue merged = combiner.combine(a, List.of(asClaim(old, "stored"), asClaim(now, "new")));
        List<Evidence> evidence = new ArrayList<>();
        List<Claim> conflicts = new ArrayList<>();
        for (AttributeValue v : List.of(now, old)) {
            boolean agrees = merged.isKnown() && combiner.compatible(a, combiner.key(a, v.value()), combiner.key(a, merged.value()));
            if (agrees) {
                v.evidence().stream().filter(e -> !evidence.contains(e)).forEach(evidence::add);
            } else {
                conflicts.add(asClaim(v, v == now ? "new analysis" : "earlier analysis"));
            }
            v.conflicts().stream().filter(c -> !conflicts.contains(c)).forEach(conflicts::add);
        }
        if (!merged.isKnown()) {
            return new AttributeValue(a, null, 0, List.of(), conflicts.subList(0, Math.min(12, conflicts.size())));
        }
        return new AttributeValue(a, merged.value(), merged.confidence(), evidence.subList(0, Math.min(12, evidence.size())),
                conflicts.subList(0, Math.min(12, conflicts.size())));
    }

    private static Claim asClaim(AttributeValue v, String which) {
        Evidence first = v.evidence().isEmpty() ? null : v.evidence().get(0);
        Evidence e = new Evidence(first == null ? null : first.ts(), first == null ? "device" : first.observation(),
                "answer of the " + which + " (confidence " + v.confidence() + ")", "store.merge." + which.replace(' ', '_'),
                first == null ? null : first.source());
        return new Claim(v.attribute(), v.value(), Math.max(0, Math.min(1, v.confidence())), e);
    }

    private static List<AddressPeriod> addresses(List<AddressPeriod> a, List<AddressPeriod> b) {
        Map<String, AddressPeriod> out = new LinkedHashMap<>();
        for (AddressPeriod p : concat(a, b)) {
            String k = p.ip() + "/" + p.vlan();
            AddressPeriod q = out.get(k);
            out.put(k, q == null ? p : new AddressPeriod(p.ip(), p.vlan(), min(q.firstSeen(), p.firstSeen()), max(q.lastSeen(), p.lastSeen())));
        }
        return cap(new ArrayList<>(out.values()));
    }

    private static List<Hostname> hostnames(List<Hostname> a, List<Hostname> b) {
        Map<String, Hostname> out = new LinkedHashMap<>();
        for (Hostname h : concat(a, b)) {
            String k = h.name().toLowerCase(Locale.ROOT) + "/" + h.source();
            Hostname q = out.get(k);
            out.put(k, q == null ? h : new Hostname(q.name(), q.source(), min(q.firstSeen(), h.firstSeen()), max(q.lastSeen(), h.lastSeen())));
        }
        return cap(new ArrayList<>(out.values()));
    }

    private static List<VlanPeriod> vlans(List<VlanPeriod> a, List<VlanPeriod> b) {
        Map<Integer, VlanPeriod> out = new LinkedHashMap<>();
        for (VlanPeriod v : concat(a, b)) {
            VlanPeriod q = out.get(v.vlan());
            out.put(v.vlan(), q == null ? v : new VlanPeriod(v.vlan(), min(q.firstSeen(), v.firstSeen()), max(q.lastSeen(), v.lastSeen())));
        }
        return cap(new ArrayList<>(out.values()));
    }

    private static List<ClinicalRole> roles(List<ClinicalRole> a, List<ClinicalRole> b) {
        Map<String, ClinicalRole> out = new LinkedHashMap<>();
        for (ClinicalRole r : concat(a, b)) {
            String k = r.protocol() + "/" + r.role() + "/" + r.name() + "/" + r.peer();
            ClinicalRole q = out.get(k);
            out.put(k, q == null ? r : new ClinicalRole(r.protocol(), r.role(), r.name(), r.detail() != null ? r.detail() : q.detail(),
                    r.peer(), min(q.firstSeen(), r.firstSeen()), max(q.lastSeen(), r.lastSeen())));
        }
        return cap(new ArrayList<>(out.values()));
    }

    private static <T> List<T> union(List<T> a, List<T> b, java.util.function.Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T t : concat(a, b)) {
            out.putIfAbsent(key.apply(t), t);
        }
        return cap(new ArrayList<>(out.values()));
    }

    private static <T> List<T> cap(List<T> l) {
        return l.size() <= MAX_LIST ? l : new ArrayList<>(l.subList(l.size() - MAX_LIST, l.size()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }


}
