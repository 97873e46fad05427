package org.wardwatch.model.device;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.MacAddress;

/**
 * One physical device as the inventory resolved it from the traffic, and what it is.
 *
 * <p>Identity: {@code id} is stable across analyses of the same network: {@code mac-<12 hex>} for a
 * device known by a MAC address (its first universally administered one when it has several), or
 * {@code ip-<vlan>-<address>} for a device seen only at layer 3 (behind a router, so only its address
 * within its segment identifies it; {@code layer3Only} is then true).
 *
 * <p>Identification: each attribute is an {@link AttributeValue}, never null ({@link AttributeValue#unknown}
 * when nothing supports a value). {@code category} values are taxonomy ids; {@code criticality}
 * follows from the category through the taxonomy.
 *
 * @param randomizedMac the MAC is locally administered (privacy addressing of phones and laptops), so it
 *                      may change and names no vendor
 * @param services      services the device offered (it was a flow's server)
 * @param roles         DICOM/HL7 roles (AE titles, application names)
 * @param software      software the device announced (toolkits, servers, clients) with versions
 */
public record Device(String id, List<MacAddress> macs, List<AddressPeriod> addresses, List<Hostname> hostnames,
                     List<VlanPeriod> vlans, Instant firstSeen, Instant lastSeen,
                     boolean layer3Only, boolean randomizedMac,
                     AttributeValue category, AttributeValue vendor, AttributeValue model,
                     AttributeValue os, AttributeValue firmware, AttributeValue serial,
                     Criticality criticality, List<ServicePort> services, List<ClinicalRole> roles,
                     List<Software> software) {
    public Device {
        macs = List.copyOf(macs);
        addresses = List.copyOf(addresses);
        hostnames = List.copyOf(hostnames);
        vlans = List.copyOf(vlans);
        services = List.copyOf(services);
        roles = List.copyOf(roles);
        software = List.copyOf(software);
    }

    /** The attribute's combined value (never null). */
    public AttributeValue attribute(Attribute attribute) {
        return switch (attribute) {
            case CATEGORY -> category;
            case VENDOR -> vendor;
            case MODEL -> model;
            case OS -> os;
            case FIRMWARE -> firmware;
            case SERIAL -> serial;
        };
    }

    /** The first MAC address, or null for a layer-3-only device. */
    public MacAddress primaryMac() {
        return macs.isEmpty() ? null : macs.get(0);
    }

    /** The most recently used hostname, or null. */
    public String hostname() {
        Hostname best = null;
        for (Hostname h : hostnames) {
            if (best == null || h.lastSeen().isAfter(best.lastSeen())) {
                best = h;
            }
        }
        return best == null ? null : best.name();
    }
}
