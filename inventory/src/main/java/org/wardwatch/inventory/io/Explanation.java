package org.wardwatch.inventory.io;

import java.util.List;
import java.util.stream.Collectors;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.Evidence;

/** The evidence chain of one device as text: for each attribute, the answer, why, and what disagreed. */
public final class Explanation {
    private Explanation() {
    }

    public static String of(Device d) {
        StringBuilder sb = new StringBuilder();
        sb.append("device ").append(d.id());
        if (d.hostname() != null) {
            sb.append(" (").append(d.hostname()).append(')');
        }
        sb.append('\n');
        sb.append("  macs: ").append(d.macs().stream().map(Object::toString).collect(Collectors.joining(" ")))
                .append(d.randomizedMac() ? "  [randomized MAC]" : "").append(d.layer3Only() ? "  [seen at layer 3 only]" : "").append('\n');
        d.addresses().forEach(p -> sb.append("  ip ").append(p.ip()).append(" vlan ").append(p.vlan()).append("  ")
                .append(p.firstSeen()).append(" .. ").append(p.lastSeen()).append('\n'));
        d.hostnames().forEach(h -> sb.append("  name ").append(h.name()).append(" (").append(h.source()).append(")\n"));
        d.roles().forEach(r -> sb.append("  role ").append(r.protocol()).append(' ').append(r.role())
                .append(r.name() == null ? "" : " as " + r.name()).append(r.peer() == null ? "" : " with " + r.peer())
                .append(r.detail() == null ? "" : ": " + r.detail()).append('\n'));
        d.software().forEach(s -> sb.append("  software ").append(s.product()).append(s.version() == null ? "" : " " + s.version())
                .append(" (").append(s.source()).append(")\n"));
        if (!d.services().isEmpty()) {
            sb.append("  offers ").append(d.services().stream()
                    .map(s -> s.transport() + "/" + s.port() + (s.application() == null ? "" : "(" + s.application() + ")"))
                    .collect(Collectors.joining(" "))).append('\n');
        }
        sb.append("  criticality: ").append(d.criticality().jsonName()).append(" (from the category)\n");
        for (Attribute a : Attribute.values()) {
            AttributeValue v = d.attribute(a);
            sb.append("  ").append(a.jsonName()).append(": ");
            if (v.isKnown()) {
                sb.append(v.value()).append("  confidence ").append(String.format(java.util.Locale.ROOT, "%.2f", v.confidence())).append('\n');
            } else {
                sb.append("unknown\n");
            }
            for (Evidence e : v.evidence()) {
                sb.append("    because ").append(line(e)).append('\n');
            }
            List<Claim> conflicts = v.conflicts();
            for (Claim c : conflicts) {
                sb.append("    but ").append(c.value()).append(" (weight ").append(c.weight()).append(") ").append(line(c.evidence())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String line(Evidence e) {
        return "[" + e.rule() + "] " + e.observation() + (e.fact() == null || e.fact().isEmpty() ? "" : " " + e.fact())
                + (e.ts() == null ? "" : " at " + e.ts()) + (e.source() == null ? "" : " — " + e.source());
    }
}
