package org.wardwatch.risk;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;

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
                          String category, String criticality, List<Address> addresses, List<MacAddress> macs) {
    public DeviceFacts {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        macs = macs == null ? List.of() : List.copyOf(macs);
        criticality = criticality == null ? "unknown" : criticality;
    }

    /** An IP address the device held on a VLAN, from first to last sighting (packet time). */
    public record Address(IpAddress ip, int vlan, Instant firstSeen, Instant lastSeen) {
    }

    /** A device known only by its identity (tests, matching without traffic). */
    public static DeviceFacts identity(String id, String vendor, String model, String firmware, String category,
                                       String criticality) {
        return new DeviceFacts(id, vendor + " " + model, vendor, model, firmware, null, category, criticality, List.of(), List.of());
    }

    public DeviceFacts withOs(String newOs) {
        return new DeviceFacts(id, label, vendor, model, firmware, newOs, category, criticality, addresses, macs);
    }
}
