package org.wardwatch.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.wardwatch.cli.stage.AnalysisContext;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.kb.Taxonomy;
import org.wardwatch.model.device.Criticality;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.VlanPeriod;

/** Inventory: how many devices, what they are (category, vendor, criticality, VLAN) and the medical ones in a table. */
public final class InventorySection implements ReportSection {
    private static final int TOP = 15;
    private static final int MEDICAL_ROWS = 200;

    @Override
    public String id() {
        return "inventory";
    }

    @Override
    public String title() {
        return "Device inventory";
    }

    @Override
    public String html(AnalysisContext context) {
        Inventory.Result r = context.get(Inventory.Result.class).orElse(null);
        if (r == null || r.devices().isEmpty()) {
            return null;
        }
        Taxonomy taxonomy = KnowledgeBase.defaults().taxonomy();
        List<Device> devices = r.devices();
        long identified = devices.stream().filter(d -> d.category().isKnown()).count();
        long medical = devices.stream().filter(d -> isMedical(taxonomy, d)).count();
        long lifeSustaining = devices.stream().filter(d -> d.criticality() == Criticality.LIFE_SUSTAINING).count();
        long layer3 = devices.stream().filter(Device::layer3Only).count();
        long randomized = devices.stream().filter(Device::randomizedMac).count();
        StringBuilder sb = new StringBuilder();
        List<String[]> tiles = new ArrayList<>();
        tiles.add(new String[] {"devices", Html.number(devices.size())});
        tiles.add(new String[] {"with a category", Html.number(identified)});
        tiles.add(new String[] {"medical devices", Html.number(medical)});
        tiles.add(new String[] {"life-sustaining", Html.number(lifeSustaining)});
        tiles.add(new String[] {"seen at layer 3 only", Html.number(layer3)});
        tiles.add(new String[] {"randomized MACs", Html.number(randomized)});
        sb.append(Html.tiles(tiles));
        sb.append("<p>Every attribute carries a confidence and its evidence: <code>wardwatch inventory --devices &lt;out&gt; --explain DEVICE</code>"
                + " prints why. Unknown means no evidence reached the threshold, not a guess.</p>");
        chart(sb, "Devices by criticality", devices, d -> d.criticality().jsonName(), Integer.MAX_VALUE);
        chart(sb, "Devices by category", devices, d -> label(taxonomy, d), TOP);
        chart(sb, "Devices by vendor", devices, d -> d.vendor().valueOr("unknown"), TOP);
        chart(sb, "Devices by VLAN", devices, d -> d.vlans().isEmpty() ? "none seen" : "VLAN " + lastVlan(d), TOP);
        List<Device> med = devices.stream().filter(d -> isMedical(taxonomy, d))
                .sorted(Comparator.comparing((Device d) -> d.criticality().ordinal()).thenComparing(Device::id)).toList();
        if (!med.isEmpty()) {
            sb.append("<h3>Medical devices</h3>");
            List<List<String>> rows = new ArrayList<>();
            for (Device d : med.subList(0, Math.min(MEDICAL_ROWS, med.size()))) {
                rows.add(List.of(Html.text(d.id()), Html.text(d.addresses().isEmpty() ? "" : d.addresses().get(d.addresses().size() - 1).ip()),
                        Html.text(label(taxonomy, d)) + conf(d.category().confidence()), Html.text(d.vendor().valueOr("")),
                        Html.text(d.model().valueOr("")), Html.text(d.criticality().jsonName()),
                        Html.text(d.roles().isEmpty() ? "" : d.roles().get(0).protocol() + " " + d.roles().get(0).role()
                                + (d.roles().get(0).name() == null ? "" : " " + d.roles().get(0).name()))));
            }
            sb.append(Html.table(List.of("device", "IP", "category", "vendor", "model", "criticality", "clinical role"), rows));
            if (med.size() > MEDICAL_ROWS) {
                sb.append("<p>").append(Html.text((med.size() - MEDICAL_ROWS) + " more in inventory.csv")).append("</p>");
            }
        }
        return sb.toString();
    }

    private static void chart(StringBuilder sb, String title, List<Device> devices, Function<Device, String> key, int top) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Device d : devices) {
            counts.merge(key.apply(d), 1L, Long::sum);
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        if (sorted.size() > top) {
            long rest = sorted.subList(top, sorted.size()).stream().mapToLong(Map.Entry::getValue).sum();
            sorted = new ArrayList<>(sorted.subList(0, top));
            sorted.add(Map.entry("other (" + (counts.size() - top) + ")", rest));
        }
        sb.append("<h3>").append(Html.text(title)).append("</h3>");
        sb.append(Html.barChart(title.toLowerCase(Locale.ROOT), sorted.stream().map(Map.Entry::getKey).toList(),
                sorted.stream().map(Map.Entry::getValue).toList(), false));
    }

    private static boolean isMedical(Taxonomy taxonomy, Device d) {
        if (!d.category().isKnown()) {
            return false;
        }
        Taxonomy.Category c = taxonomy.get(d.category().value());
        return c != null && c.group().equals("medical");
    }

    private static String label(Taxonomy taxonomy, Device d) {
        if (!d.category().isKnown()) {
            return "unknown";
        }
        Taxonomy.Category c = taxonomy.get(d.category().value());
        return c == null ? d.category().value() : c.name();
    }

    private static int lastVlan(Device d) {
        VlanPeriod best = null;
        for (VlanPeriod v : d.vlans()) {
            if (best == null || v.lastSeen().isAfter(best.lastSeen())) {
                best = v;
            }
        }
        return best.vlan();
    }

    private static String conf(double c) {
        return String.format(Locale.ROOT, " <span class=\"num\">%.2f</span>", c);
    }
}
