package org.wardwatch.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Criticality;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.Evidence;

final class Fixtures {
    static final Instant T = Instant.parse("2024-05-01T08:00:00Z");

    private Fixtures() {
    }

    static Device device(String id, long mac, String ip, String vendor, long seconds) {
        AttributeValue v = vendor == null ? AttributeValue.unknown(Attribute.VENDOR)
                : new AttributeValue(Attribute.VENDOR, vendor, 0.8, List.of(new Evidence(T, "device_profile", "mac", "oui.vendor", "IEEE")), List.of());
        return new Device(id, mac == 0 ? List.of() : List.of(MacAddress.of(mac)),
                List.of(new AddressPeriod(IpAddress.parse(ip), 0, T.plusSeconds(seconds), T.plusSeconds(seconds))), List.of(), List.of(),
                T.plusSeconds(seconds), T.plusSeconds(seconds), mac == 0, false,
                new AttributeValue(Attribute.CATEGORY, "infusion_pump", 0.9, List.of(), List.of()), v,
                AttributeValue.unknown(Attribute.MODEL), AttributeValue.unknown(Attribute.OS), AttributeValue.unknown(Attribute.FIRMWARE),
                AttributeValue.unknown(Attribute.SERIAL), Criticality.LIFE_SUSTAINING, List.of(), List.of(), List.of());
    }

    /** A merge for tests: the newer record, with the union of MACs and addresses and the earliest first-seen. */
    static Device merge(Device old, Device now) {
        List<MacAddress> macs = new ArrayList<>(new LinkedHashSet<>(concat(old.macs(), now.macs())));
        List<AddressPeriod> addresses = new ArrayList<>(new LinkedHashSet<>(concat(old.addresses(), now.addresses())));
        String id = old.layer3Only() && !now.layer3Only() ? now.id() : old.id();
        return new Device(id, macs, addresses, now.hostnames(), now.vlans(), old.firstSeen(), now.lastSeen(), macs.isEmpty(),
                now.randomizedMac(), now.category(), now.vendor().isKnown() ? now.vendor() : old.vendor(), now.model(), now.os(),
                now.firmware(), now.serial(), now.criticality(), now.services(), now.roles(), now.software());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
