package org.wardwatch.risk;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.Software;

/**
 * What risk needs to know about a device: identity for matching advisories (vendor, model, firmware,
 * OS, each null when unknown), clinical context for scoring (taxonomy category and criticality), and
 * addresses for attributing observations. Built from the inventory's {@code Device}.
 *
 * @param id          the inventory's device id
 * @param label       a human name for reports (hostname, or vendor and model)
 * @param category    taxonomy category id (e.g. {@code infusion_pump}, {@code workstation}), null when unknown
 * @param criticality {@code life_sustaining}, {@code diagnostic}, {@code informational}, {@code none} or
 *                    {@code unknown} (the inventory's {@code Criticality} JSON names)
 */
public record DeviceFacts(String id, String label, String vendor, String model, String firmware, String os,
                          String category, String criticality, List<Address> addresses, List<MacAddress> macs,
                          List<SoftwareFacts> software) {
    public DeviceFacts {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        macs = macs == null ? List.of() : List.copyOf(macs);
        software = software == null ? List.of() : List.copyOf(software);
        criticality = criticality == null ? "unknown" : criticality;
    }

    /**
     * Software the device announced (DCMTK in a DICOM implementation version name, lighttpd in an HTTP
     * Server header): matched against advisories by product name and version.
     *
     * @param source the observation field it came from
     */
    public record SoftwareFacts(String product, String version, String source) {
    }

    /** An IP address the device held on a VLAN, from first to last sighting (packet time). */
    public record Address(IpAddress ip, int vlan, Instant firstSeen, Instant lastSeen) {
    }

    /** A device known only by its identity (tests, matching without traffic). */
    public static DeviceFacts identity(String id, String vendor, String model, String firmware, String category,
                                       String criticality) {
        return new DeviceFacts(id, vendor + " " + model, vendor, model, firmware, null, category, criticality, List.of(), List.of(),
                List.of());
    }

    /**
     * The facts of an inventory device. Attribute values are used whatever their confidence (the
     * finding's evidence names them, and an unsure model only yields a less certain match through the
     * product-name comparison); a firmware value falls back to the version of announced software whose
     * product is the device's model.
     */
    public static DeviceFacts of(Device d) {
        String label = d.hostname();
        String vendor = d.vendor().value();
        String model = d.model().value();
        if (label == null) {
            label = vendor != null || model != null ? ((vendor == null ? "" : vendor + " ") + (model == null ? "" : model)).strip() : d.id();
        }
        String firmware = d.firmware().value();
        if (firmware == null && model != null) {
            for (Software s : d.software()) {
                if (s.version() != null && s.product() != null && s.product().equalsIgnoreCase(model)) {
                    firmware = s.version();
                }
            }
        }
        List<Address> addresses = new java.util.ArrayList<>();
        for (AddressPeriod a : d.addresses()) {
            addresses.add(new Address(a.ip(), a.vlan(), a.firstSeen(), a.lastSeen()));
        }
        List<SoftwareFacts> software = new java.util.ArrayList<>();
        for (Software s : d.software()) {
            if (s.product() != null) {
                software.add(new SoftwareFacts(s.product(), s.version(), s.source()));
            }
        }
        return new DeviceFacts(d.id(), label, vendor, model, firmware, d.os().value(), d.category().value(),
                d.criticality() == null ? "unknown" : d.criticality().jsonName(), addresses, d.macs(), software);
    }

    public DeviceFacts withOs(String newOs) {
        return new DeviceFacts(id, label, vendor, model, firmware, newOs, category, criticality, addresses, macs, software);
    }

    public DeviceFacts withSoftware(List<SoftwareFacts> newSoftware) {
        return new DeviceFacts(id, label, vendor, model, firmware, os, category, criticality, addresses, macs, newSoftware);
    }
}
