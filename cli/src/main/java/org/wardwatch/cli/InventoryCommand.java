package org.wardwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wardwatch.inventory.io.CmmsReconciliation;
import org.wardwatch.inventory.io.DevicesJson;
import org.wardwatch.inventory.io.Explanation;
import org.wardwatch.inventory.io.InventoryCsv;
import org.wardwatch.inventory.io.InventoryDiff;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.VlanPeriod;
import org.wardwatch.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wardwatch inventory}: list and filter devices, explain one, compare two inventories, reconcile
 * with a CMMS export. Devices come from the store (default), or from a {@code devices.json}.
 */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"List the device inventory, filter it, or explain one device's identification.",
            "Reads the store 'wardwatch analyze' writes (--data DIR, default $WARDWATCH_DATA, else $XDG_DATA_HOME/wardwatch,",
            "else ~/.local/share/wardwatch; or --db URL) or a devices.json (--devices)."},
        subcommands = {InventoryCommand.Diff.class, InventoryCommand.Reconcile.class})
final class InventoryCommand implements Callable<Integer> {
    /** Where devices are read from. */
    static final class Source {
        @Option(names = "--devices", paramLabel = "FILE", description = "A devices.json (or an analyze output folder) instead of the store.")
        Path devices;

        @Option(names = "--data", paramLabel = "DIR", description = "Embedded store folder (default: the per-user data folder above).")
        Path data;

        @Option(names = "--db", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL of a server store.")
        String databaseUrl;

        List<Device> load() throws IOException {
            if (devices != null) {
                return readDevices(devices);
            }
            if (databaseUrl != null) {
                try (Store s = Store.open(databaseUrl, null, null, null)) {
                    return s.devices();
                }
            }
            Path dir = data != null ? data : Store.defaultDataDir();
            if (!Files.exists(dir.resolve("wardwatch.db"))) {
                throw new IOException("no store at " + dir + " (run wardwatch analyze --data " + dir + ", or use --devices FILE)");
            }
            try (Store s = Store.embedded(dir)) {
                return s.devices();
            }
        }
    }

    static List<Device> readDevices(Path p) throws IOException {
        Path file = Files.isDirectory(p) ? p.resolve("devices.json") : p;
        if (!Files.exists(file)) {
            throw new IOException("no devices.json at " + file);
        }
        return DevicesJson.read(file).devices();
    }

    @Mixin
    Source source = new Source();

    @Option(names = "--category", paramLabel = "ID", description = "Only this category or its sub-categories (taxonomy id or alias).")
    String category;

    @Option(names = "--vendor", paramLabel = "NAME", description = "Only this vendor (any spelling).")
    String vendor;

    @Option(names = "--criticality", paramLabel = "LEVEL", description = "Only life_sustaining, diagnostic, informational, none or unknown.")
    String criticality;

    @Option(names = "--vlan", paramLabel = "N", description = "Only devices seen on this VLAN.")
    Integer vlan;

    @Option(names = "--medical", description = "Only medical devices (taxonomy group medical).")
    boolean medical;

    @Option(names = "--unidentified", description = "Only devices whose category is unknown.")
    boolean unidentified;

    @Option(names = "--format", paramLabel = "FMT", description = "table (default), csv or json.", defaultValue = "table")
    String format;

    @Option(names = "--explain", paramLabel = "DEVICE", description = "Print the evidence chain of one device (id, MAC or IP).")
    String explain;

    @Override
    public Integer call() throws Exception {
        List<Device> devices = source.load();
        PrintStream out = System.out;
        if (explain != null) {
            Device d = find(devices, explain);
            if (d == null) {
                System.err.println("wardwatch: no device " + explain);
                return 1;
            }
            out.print(Explanation.of(d));
            return 0;
        }
        List<Device> selected = filter(devices);
        switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> {
                StringWriter w = new StringWriter();
                InventoryCsv.write(w, selected);
                out.print(w);
            }
            case "json" -> DevicesJson.write(out, selected, null);
            default -> out.print(table(selected));
        }
        return 0;
    }

    static Device find(List<Device> devices, String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (Device d : devices) {
            if (d.id().equalsIgnoreCase(k) || d.macs().stream().anyMatch(m -> m.toString().equals(k.replace('-', ':')))) {
                return d;
            }
        }
        Device best = null;
        for (Device d : devices) {
            for (AddressPeriod p : d.addresses()) {
                if (p.ip().toString().equals(k) && (best == null || best.lastSeen() == null
                        || (d.lastSeen() != null && d.lastSeen().isAfter(best.lastSeen())))) {
                    best = d;
                }
            }
        }
        if (best == null) {
            for (Device d : devices) {
                if (d.hostnames().stream().anyMatch(h -> h.name().equalsIgnoreCase(key))) {
                    return d;
                }
            }
        }
        return best;
    }

    List<Device> filter(List<Device> devices) {
        KnowledgeBase kb = KnowledgeBase.defaults();
        String cat = category == null ? null : kb.taxonomy().resolveName(category);
        if (category != null && cat == null) {
            throw new IllegalArgumentException("unknown category " + category + " (see docs/taxonomy.md)");
        }
        List<Device> out = new ArrayList<>();
        for (Device d : devices) {
            if (cat != null && !(d.category().isKnown() && kb.taxonomy().refines(d.category().value(), cat))) {
                continue;
            }
            if (vendor != null && !(d.vendor().isKnown() && kb.vendors().same(d.vendor().value(), vendor))) {
                continue;
            }
            if (criticality != null && !d.criticality().jsonName().equalsIgnoreCase(criticality.replace('-', '_'))) {
                continue;
            }
            if (vlan != null && d.vlans().stream().noneMatch(v -> v.vlan() == vlan)) {
                continue;
            }
            if (medical && !(d.category().isKnown() && "medical".equals(kb.taxonomy().get(d.category().value()).group()))) {
                continue;
            }
            if (unidentified && d.category().isKnown()) {
                continue;
            }
            out.add(d);
        }
        return out;
    }

    static String table(List<Device> devices) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-22s %-17s %-15s %-22s %-20s %-22s %-15s %-5s%n";
        sb.append(String.format(Locale.ROOT, fmt, "DEVICE", "MAC", "IP", "CATEGORY", "VENDOR", "MODEL", "CRITICALITY", "VLAN"));
        for (Device d : devices) {
            String ip = d.addresses().isEmpty() ? "" : d.addresses().get(d.addresses().size() - 1).ip().toString();
            List<String> vl = new ArrayList<>();
            for (VlanPeriod v : d.vlans()) {
                vl.add(Integer.toString(v.vlan()));
            }
            sb.append(String.format(Locale.ROOT, fmt, cut(d.id(), 22), d.primaryMac() == null ? "-" : d.primaryMac().toString(), cut(ip, 15),
                    cut(d.category().valueOr("unknown") + conf(d.category().confidence(), d.category().isKnown()), 22),
                    cut(d.vendor().valueOr("-"), 20), cut(d.model().valueOr("-"), 22), d.criticality().jsonName(), String.join(",", vl)));
        }
        sb.append(devices.size()).append(" devices\n");
        return sb.toString();
    }

    private static String conf(double c, boolean known) {
        return known ? String.format(Locale.ROOT, " %.2f", c) : "";
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compare two inventories (devices.json files or analyze output folders): new, changed and gone devices.")
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OLD")
        Path before;

        @Parameters(index = "1", paramLabel = "NEW")
        Path after;

        @Option(names = "--format", description = "text (default) or json", defaultValue = "text")
        String format;

        @Override
        public Integer call() throws Exception {
            InventoryDiff.Result r = InventoryDiff.diff(readDevices(before), readDevices(after));
            PrintStream out = System.out;
            if (format.equalsIgnoreCase("json")) {
                DevicesJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out, java.util.Map.of(
                        "added", r.added().stream().map(Device::id).toList(),
                        "removed", r.removed().stream().map(Device::id).toList(),
                        "changed", r.changed().stream().map(c -> java.util.Map.of("device", c.after().id(), "changes", c.changes())).toList()));
                out.println();
                return 0;
            }
            for (Device d : r.added()) {
                out.println("+ " + d.id() + "  " + d.category().valueOr("unknown") + "  " + d.vendor().valueOr("-") + "  " + d.model().valueOr("-"));
            }
            for (Device d : r.removed()) {
                out.println("- " + d.id() + "  " + d.category().valueOr("unknown") + "  " + d.vendor().valueOr("-") + "  " + d.model().valueOr("-"));
            }
            for (InventoryDiff.Changed c : r.changed()) {
                out.println("~ " + c.after().id());
                for (InventoryDiff.Change ch : c.changes()) {
                    out.println("    " + ch.field() + ": " + (ch.before() == null ? "unknown" : ch.before()) + " -> "
                            + (ch.after() == null ? "unknown" : ch.after()));
                }
            }
            out.println(r.added().size() + " new, " + r.removed().size() + " gone, " + r.changed().size() + " changed");
            return 0;
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = {"Reconcile a CMMS asset export (CSV) with the devices seen on the network:",
                "matched, only in the CMMS (not seen), only on the network (unknown to clinical engineering)."})
    static final class Reconcile implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CMMS_CSV")
        Path cmms;

        @Mixin
        Source source = new Source();

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write reconcile.csv here (default: print a summary and the CSV).")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            List<CmmsReconciliation.Asset> assets;
            try (Reader r = Files.newBufferedReader(cmms, StandardCharsets.UTF_8)) {
                assets = CmmsReconciliation.readAssets(r);
            }
            CmmsReconciliation.Result r = CmmsReconciliation.reconcile(assets, source.load(), KnowledgeBase.defaults().vendors());
            if (outFile != null) {
                try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
                    CmmsReconciliation.write(w, r);
                }
            } else {
                StringWriter w = new StringWriter();
                CmmsReconciliation.write(w, r);
                System.out.print(w);
            }
            long disagreeing = r.matched().stream().filter(m -> !m.disagreements().isEmpty()).count();
            System.err.println(r.matched().size() + " matched (" + disagreeing + " with disagreements), " + r.onlyInCmms().size()
                    + " only in the CMMS, " + r.onlyOnNetwork().size() + " only on the network");
            return 0;
        }
    }
}
