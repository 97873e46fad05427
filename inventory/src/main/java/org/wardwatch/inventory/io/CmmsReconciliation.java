package org.wardwatch.inventory.io;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.wardwatch.inventory.kb.VendorNames;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.Hostname;

/**
 * Reconciles an asset list exported from a CMMS (CSV with a header row) with the devices seen on the
 * network: matched, only in the CMMS (not seen on the network), only on the network (unknown to
 * clinical engineering). Columns are found by common names, any case: asset id ({@code asset_id},
 * {@code asset tag}, {@code tag}, {@code id}), {@code mac}, {@code ip}, {@code hostname},
 * {@code serial}, {@code vendor}/{@code manufacturer}, {@code model}, {@code category}/{@code type}.
 * A device matches an asset by MAC, else serial number, else IP address, else host name (in that
 * order of trust); each device matches at most one asset.
 */
public final class CmmsReconciliation {
    /** One CMMS row, by the columns that matter here. */
    public record Asset(int line, String assetId, MacAddress mac, String ip, String hostname, String serial, String vendor,
                        String model, String category) {
    }

    /** An asset and the device it matched, by what, and where the two disagree. */
    public record Match(Asset asset, Device device, String matchedBy, List<String> disagreements) {
    }

    public record Result(List<Match> matched, List<Asset> onlyInCmms, List<Device> onlyOnNetwork) {
    }

    private static final Map<String, List<String>> ALIASES = Map.of(
            "asset_id", List.of("asset_id", "asset id", "assetid", "asset tag", "asset_tag", "tag", "id", "asset number", "equipment id"),
            "mac", List.of("mac", "mac address", "mac_address", "macaddress", "ethernet address"),
            "ip", List.of("ip", "ip address", "ip_address", "ips", "ipaddress"),
            "hostname", List.of("hostname", "host name", "host", "device name", "name", "network name"),
            "serial", List.of("serial", "serial number", "serial_number", "serialnumber", "sn"),
            "vendor", List.of("vendor", "manufacturer", "make", "mfr"),
            "model", List.of("model", "model number", "model name"),
            "category", List.of("category", "type", "device type", "equipment type", "class"));

    private CmmsReconciliation() {
    }

    public static List<Asset> readAssets(Reader r) throws IOException {
        List<List<String>> rows = Csv.read(r);
        if (rows.isEmpty()) {
            throw new IOException("CMMS file is empty");
        }
        Map<String, Integer> col = new HashMap<>();
        List<String> header = rows.get(0);
        for (Map.Entry<String, List<String>> e : ALIASES.entrySet()) {
            for (String alias : e.getValue()) {
                for (int i = 0; i < header.size() && !col.containsKey(e.getKey()); i++) {
                    if (header.get(i).trim().toLowerCase(Locale.ROOT).equals(alias)) {
                        col.put(e.getKey(), i);
                    }
                }
            }
        }
        if (!col.containsKey("mac") && !col.containsKey("serial") && !col.containsKey("ip") && !col.containsKey("hostname")) {
            throw new IOException("CMMS file has no MAC, serial, IP or hostname column (header: " + header + ")");
        }
        List<Asset> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.stream().allMatch(String::isBlank)) {
                continue;
            }
            MacAddress mac = null;
            String macText = cell(row, col.get("mac"));
            if (macText != null) {
                try {
                    mac = MacAddress.parse(macText);
                } catch (IllegalArgumentException e) {
                    mac = null;
                }
            }
            String id = cell(row, col.get("asset_id"));
            out.add(new Asset(i + 1, id == null ? "line " + (i + 1) : id, mac, cell(row, col.get("ip")), cell(row, col.get("hostname")),
                    cell(row, col.get("serial")), cell(row, col.get("vendor")), cell(row, col.get("model")), cell(row, col.get("category"))));
        }
        return out;
    }

    private static String cell(List<String> row, Integer i) {
        if (i == null || i >= row.size()) {
            return null;
        }
        String v = row.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    public static Result reconcile(List<Asset> assets, List<Device> devices, VendorNames vendors) {
        Map<Long, Device> byMac = new HashMap<>();
        Map<String, Device> bySerial = new HashMap<>();
        Map<String, Device> byIp = new HashMap<>();
        Map<String, Device> byName = new HashMap<>();
        for (Device d : devices) {
            d.macs().forEach(m -> byMac.putIfAbsent(m.value(), d));
            if (d.serial().isKnown()) {
                bySerial.putIfAbsent(norm(d.serial().value()), d);
            }
            for (AddressPeriod p : d.addresses()) {
                byIp.putIfAbsent(p.ip().toString(), d);
            }
            for (Hostname h : d.hostnames()) {
                byName.putIfAbsent(shortName(h.name()), d);
            }
        }
        Set<Device> used = new HashSet<>();
        List<Match> matched = new ArrayList<>();
        List<Asset> onlyCmms = new ArrayList<>();
        for (Asset a : assets) {
            Device d = null;
            String by = null;
            if (a.mac() != null && (d = free(byMac.get(a.mac().value()), used)) != null) {
                by = "mac";
            } else if (a.serial() != null && (d = free(bySerial.get(norm(a.serial())), used)) != null) {
                by = "serial";
            } else if (a.ip() != null && (d = free(byIp.get(a.ip().trim()), used)) != null) {
                by = "ip";
            } else if (a.hostname() != null && (d = free(byName.get(shortName(a.hostname())), used)) != null) {
                by = "hostname";
            }
            if (d == null) {
                onlyCmms.add(a);
                continue;
            }
            used.add(d);
            matched.add(new Match(a, d, by, disagreements(a, d, vendors)));
        }
        List<Device> onlyNetwork = new ArrayList<>();
        for (Device d : devices) {
            if (!used.contains(d)) {
                onlyNetwork.add(d);
            }
        }
        return new Result(matched, onlyCmms, onlyNetwork);
    }

    private static Device free(Device d, Set<Device> used) {
        return d == null || used.contains(d) ? null : d;
    }

    private static List<String> disagreements(Asset a, Device d, VendorNames vendors) {
        List<String> out = new ArrayList<>();
        if (a.vendor() != null && d.vendor().isKnown() && !vendors.same(a.vendor(), d.vendor().value())) {
            out.add("vendor: CMMS \"" + a.vendor() + "\", network \"" + d.vendor().value() + "\"");
        }
        if (a.model() != null && d.model().isKnown() && !norm(d.model().value()).contains(norm(a.model()))
                && !norm(a.model()).contains(norm(d.model().value()))) {
            out.add("model: CMMS \"" + a.model() + "\", network \"" + d.model().value() + "\"");
        }
        if (a.serial() != null && d.serial().isKnown() && !norm(a.serial()).equals(norm(d.serial().value()))) {
            out.add("serial: CMMS \"" + a.serial() + "\", network \"" + d.serial().value() + "\"");
        }
        if (a.mac() != null && !d.macs().contains(a.mac())) {
            out.add("mac: CMMS " + a.mac() + " not seen on this device");
        }
        return out;
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String shortName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int dot = h.indexOf('.');
        return dot > 0 ? h.substring(0, dot) : h;
    }

    /** reconcile.csv: status (matched, only_in_cmms, only_on_network), the asset and the device side by side. */
    public static void write(Writer w, Result r) throws IOException {
        w.write(Csv.row(List.of("status", "asset_id", "device_id", "matched_by", "cmms_mac", "cmms_serial", "cmms_vendor",
                "cmms_model", "network_mac", "network_ips", "network_vendor", "network_model", "network_category", "disagreements")));
        for (Match m : r.matched()) {
            w.write(Csv.row(List.of("matched", m.asset().assetId(), m.device().id(), m.matchedBy(), s(m.asset().mac()),
                    s(m.asset().serial()), s(m.asset().vendor()), s(m.asset().model()), macs(m.device()), ips(m.device()),
                    m.device().vendor().valueOr(""), m.device().model().valueOr(""), m.device().category().valueOr(""),
                    String.join("; ", m.disagreements()))));
        }
        for (Asset a : r.onlyInCmms()) {
            w.write(Csv.row(List.of("only_in_cmms", a.assetId(), "", "", s(a.mac()), s(a.serial()), s(a.vendor()), s(a.model()),
                    "", "", "", "", "", "")));
        }
        for (Device d : r.onlyOnNetwork()) {
            w.write(Csv.row(List.of("only_on_network", "", d.id(), "", "", "", "", "", macs(d), ips(d), d.vendor().valueOr(""),
                    d.model().valueOr(""), d.category().valueOr(""), "")));
        }
    }

    private static String s(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String macs(Device d) {
        List<String> l = new ArrayList<>();
        d.macs().forEach(m -> l.add(m.toString()));
        return String.join(" ", l);
    }

    private static String ips(Device d) {
        Map<String, Boolean> l = new LinkedHashMap<>();
        d.addresses().forEach(p -> l.put(p.ip().toString(), true));
        return String.join(" ", l.keySet());
    }
}
