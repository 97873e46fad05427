package org.wardwatch.inventory.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.VlanPeriod;

/**
 * {@code inventory.csv}: one row per device with the columns a CMMS asset import expects
 * (docs/inventory.md "inventory.csv"). Lists (MACs, IPs, VLANs) are separated by spaces.
 */
public final class InventoryCsv {
    public static final List<String> COLUMNS = List.of("asset_id", "mac", "ips", "hostname", "vendor", "model", "category",
            "criticality", "os", "firmware", "serial", "vlan", "first_seen", "last_seen", "confidence",
            "vendor_confidence", "model_confidence", "os_confidence", "layer3_only", "randomized_mac");

    /** Instants as {@code Instant.toString} writes them (the devices file's cache of whole seconds). */
    private static final DevicesJson.InstantText INSTANTS = new DevicesJson.InstantText();

    private InventoryCsv() {
    }

    public static void write(Path file, List<Device> devices) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w, devices);
        }
    }

    public static void write(Writer w, List<Device> devices) throws IOException {
        w.write(Csv.row(COLUMNS));
        for (Device d : devices) {
            w.write(Csv.row(row(d)));
        }
    }

    static List<String> row(Device d) {
        List<String> macs = new ArrayList<>();
        for (MacAddress m : d.macs()) {
            macs.add(m.toString());
        }
        Set<String> ips = new LinkedHashSet<>();
        for (AddressPeriod p : d.addresses()) {
            ips.add(p.ip().toString());
        }
        Set<String> vlans = new LinkedHashSet<>();
        for (VlanPeriod v : d.vlans()) {
            vlans.add(Integer.toString(v.vlan()));
        }
        return List.of(d.id(), String.join(" ", macs), String.join(" ", ips), nz(d.hostname()), v(d.vendor()), v(d.model()),
                v(d.category()), d.criticality().jsonName(), v(d.os()), v(d.firmware()), v(d.serial()), String.join(" ", vlans),
                d.firstSeen() == null ? "" : INSTANTS.text(d.firstSeen()), d.lastSeen() == null ? "" : INSTANTS.text(d.lastSeen()),
                c(d.category()), c(d.vendor()), c(d.model()), c(d.os()), Boolean.toString(d.layer3Only()),
                Boolean.toString(d.randomizedMac()));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String v(AttributeValue a) {
        return a.valueOr("");
    }

    private static String c(AttributeValue a) {
        return a.isKnown() ? twoDecimals(a.confidence()) : "";
    }

    /**
     * {@code String.format(Locale.ROOT, "%.2f", x)} without a Formatter per cell (five per row). Formatter rounds the
     * decimal digits half up; away from a tie (by far more than the digits' error) that is plain rounding of x, done
     * here on x × 100. Near a tie, negative, huge or not a number: Formatter itself.
     */
    static String twoDecimals(double x) {
        if (Double.doubleToRawLongBits(x) >= 0 && x < 1e6) {
            double scaled = x * 100;
            double whole = Math.floor(scaled);
            double frac = scaled - whole;
            if (Math.abs(frac - 0.5) > 1e-6) {
                long n = (long) whole + (frac > 0.5 ? 1 : 0);
                return new StringBuilder(12).append(n / 100).append('.')
                        .append((char) ('0' + n % 100 / 10)).append((char) ('0' + n % 10)).toString();
            }
        }
        return String.format(java.util.Locale.ROOT, "%.2f", x);
    }
}
