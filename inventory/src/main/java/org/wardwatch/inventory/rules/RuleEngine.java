package org.wardwatch.inventory.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.kb.Lookup;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.ClinicalRole;
import org.wardwatch.model.device.Evidence;
import org.wardwatch.model.device.Software;

/**
 * Applies the {@link RuleSet} to observations and emits {@link Effect}s for the resolver. Rules are
 * indexed by observation type; a rule that cannot read its fields (absent, malformed) simply does not
 * fire. Never throws for an observation.
 */
public final class RuleEngine {
    /** Default weight of a claim when neither the rule nor the table row sets one. */
    public static final double DEFAULT_WEIGHT = 0.5;
    private static final int MAX_FACT = 160;
    private static final Pattern TEMPLATE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)\\}");

    private final KnowledgeBase kb;
    private final Map<String, List<Compiled>> byType = new HashMap<>();
    private final Map<String, Long> skipped = new LinkedHashMap<>();

    private record Compiled(RuleSpec spec, Map<String, Pattern> regexes, Lookup lookup, Pattern keyRegex,
                            Pattern hostnameRegex) {
    }

    public RuleEngine(RuleSet rules, KnowledgeBase kb) {
        this.kb = kb;
        for (RuleSpec r : rules.rules()) {
            Map<String, Pattern> rx = new HashMap<>();
            if (r.when() != null) {
                r.when().forEach((path, c) -> {
                    if (c.regex() != null) {
                        rx.put(path, Pattern.compile(c.regex()));
                    }
                });
            }
            Compiled c = new Compiled(r, rx, r.lookup() == null ? null : kb.lookup(r.lookup().table()),
                    r.lookup() == null || r.lookup().regex() == null ? null : Pattern.compile(r.lookup().regex()),
                    r.hostname() == null || r.hostname().regex() == null ? null : Pattern.compile(r.hostname().regex()));
            for (String type : r.on()) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(c);
            }
        }
    }

    /** True when some rule listens to this observation type. */
    public boolean handles(String type) {
        return byType.containsKey(type);
    }

    /** Counts of claims dropped because their value could not be read (e.g. unknown category names). */
    public Map<String, Long> skipped() {
        return skipped;
    }

    public void apply(Observation obs, Consumer<Effect> out) {
        List<Compiled> rules = byType.get(obs.type());
        if (rules == null) {
            return;
        }
        for (Compiled c : rules) {
            try {
                if (c.spec().foreach() != null) {
                    Object list = ObservationFields.get(obs, c.spec().foreach());
                    if (list instanceof Collection<?> items) {
                        int n = 0;
                        for (Object item : items) {
                            if (item != null && n++ < 256) {
                                fire(c, new ObservationFields.Scoped(item, obs), obs, out);
                            }
                        }
                    }
                } else {
                    fire(c, obs, obs, out);
                }
            } catch (RuntimeException e) {
                // a rule that cannot read an odd observation does not fire; count it and go on
                skipped.merge(c.spec().id() + ":error", 1L, Long::sum);
            }
        }
    }

    private void fire(Compiled c, Object root, Observation obs, Consumer<Effect> out) {
        RuleSpec r = c.spec();
        Map<String, String> facts = new LinkedHashMap<>();
        if (r.when() != null) {
            for (Map.Entry<String, RuleSpec.ConditionSpec> w : r.when().entrySet()) {
                String v = ObservationFields.text(ObservationFields.get(root, w.getKey()));
                if (!holds(w.getValue(), c.regexes().get(w.getKey()), v)) {
                    return;
                }
                if (v != null && !v.isEmpty()) {
                    facts.put(w.getKey(), v);
                }
            }
        }
        Locator loc = locate(r.device(), root);
        if (loc == null) {
            return;
        }
        var ts = obs.ts();
        String type = obs.type();
        if (r.address() != null) {
            MacAddress mac = mac(ObservationFields.get(root, r.address().mac()));
            IpAddress ip = ip(ObservationFields.get(root, r.address().ip()));
            if (mac != null && ip != null) {
                out.accept(new Effect.Bind(ts, new Locator(mac, null, 0), mac, ip, vlan(root, r.address().vlan()), type));
            }
        }
        if (r.hostname() != null) {
            String name = ObservationFields.text(ObservationFields.get(root, r.hostname().field()));
            if (name != null && c.hostnameRegex() != null) {
                Matcher hm = c.hostnameRegex().matcher(name);
                name = hm.find() ? (hm.groupCount() > 0 ? hm.group(1) : hm.group()) : null;
            }
            if (name != null && !name.isBlank() && name.length() <= 255) {
                out.accept(new Effect.AddHostname(ts, loc, name.trim(), r.hostname().source() == null ? type : r.hostname().source()));
            }
        }
        if (r.role() != null) {
            RuleSpec.RoleSpec rs = r.role();
            String protocol = fill(rs.protocol(), root, null, facts);
            String role = fill(rs.role(), root, null, facts);
            if (protocol != null && role != null) {
                out.accept(new Effect.AddRole(ts, loc, new ClinicalRole(protocol, role, fill(rs.name(), root, null, facts),
                        fill(rs.detail(), root, null, facts), fill(rs.peer(), root, null, facts), ts, ts)));
            }
        }
        if (r.software() != null) {
            String product = fill(r.software().product(), root, null, facts);
            if (product != null && !product.isBlank()) {
                out.accept(new Effect.AddSoftware(ts, loc, new Software(product, fill(r.software().version(), root, null, facts),
                        type + "/" + r.id())));
            }
        }
        if (r.claims() != null && r.lookup() == null) {
            emitClaims(r, r.claims(), null, root, obs, loc, facts, r.weight(), r.source(), out);
        }
        if (c.lookup() != null) {
            List<String> keys = new ArrayList<>();
            String keySpec = r.lookup().key();
            if (keySpec.contains("${")) {
                String k = fill(keySpec, root, null, facts);
                if (k != null) {
                    keys.add(k);
                }
            } else {
                Object v = ObservationFields.get(root, keySpec);
                if (Boolean.TRUE.equals(r.lookup().each()) && v instanceof Collection<?> coll) {
                    for (Object o : coll) {
                        if (o != null) {
                            keys.add(ObservationFields.text(o));
                        }
                    }
                } else {
                    String k = ObservationFields.text(v);
                    if (k != null && !k.isEmpty()) {
                        keys.add(k);
                        facts.put(keySpec, k);
                    }
                }
            }
            for (String rawKey : keys) {
                String key = rawKey;
                if (c.keyRegex() != null) {
                    Matcher km = c.keyRegex().matcher(rawKey);
                    if (!km.find()) {
                        continue;
                    }
                    key = km.groupCount() > 0 && km.group(1) != null ? km.group(1).trim() : km.group();
                }
                Lookup.Hit hit = c.lookup().lookup(key);
                if (hit == null) {
                    continue;
                }
                Map<String, String> f = new LinkedHashMap<>(facts);
                f.put(r.lookup().key().contains("${") ? "key" : r.lookup().key(), key);
                Map<String, String> claims = new LinkedHashMap<>();
                for (Map.Entry<String, String> o : hit.outputs().entrySet()) {
                    if (RuleSet.isAttribute(o.getKey())) {
                        claims.put(o.getKey(), o.getValue());
                    }
                }
                if (r.claims() != null) {
                    claims.putAll(r.claims());
                }
                Double weight = hit.weight() != null ? hit.weight() : r.weight();
                emitClaims(r, claims, hit, root, obs, loc, f, weight, hit.citation(), out);
                String product = hit.outputs().get("software");
                if (product != null) {
                    out.accept(new Effect.AddSoftware(ts, loc, new Software(product,
                            hit.outputs().get("version"), type + "/" + r.id())));
                }
            }
        }
    }

    private void emitClaims(RuleSpec r, Map<String, String> claims, Lookup.Hit hit, Object root, Observation obs, Locator loc,
                            Map<String, String> facts, Double weight, String source, Consumer<Effect> out) {
        double w = weight != null ? weight : DEFAULT_WEIGHT;
        for (Map.Entry<String, String> e : claims.entrySet()) {
            Attribute attr = Attribute.parse(e.getKey());
            String value = fill(e.getValue(), root, hit, facts);
            if (value == null || value.isBlank()) {
                continue;
            }
            value = value.trim();
            if (attr == Attribute.CATEGORY) {
                String id = kb.taxonomy().resolveName(value);
                if (id == null) {
                    skipped.merge(r.id() + ":unknown_category", 1L, Long::sum);
                    continue;
                }
                value = id;
            } else if (attr == Attribute.VENDOR) {
                value = kb.vendors().canonical(value);
            }
            if (value.length() > 200) {
                value = value.substring(0, 200);
            }
            Evidence ev = new Evidence(obs.ts(), obs.type(), fact(facts), r.id(), source);
            out.accept(new Effect.AddClaim(obs.ts(), loc, new Claim(attr, value, w, ev)));
        }
    }

    private static String fact(Map<String, String> facts) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> f : facts.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String v = f.getValue();
            sb.append(f.getKey()).append('=').append('"').append(v.length() > 80 ? v.substring(0, 80) + "…" : v).append('"');
            if (sb.length() > MAX_FACT) {
                break;
            }
        }
        return sb.length() > MAX_FACT ? sb.substring(0, MAX_FACT) + "…" : sb.toString();
    }

    /** A template: literal text with {@code ${path}} (observation field) or {@code ${hit.name}} (table output) parts. Null when a part is absent. */
    private static String fill(String template, Object root, Lookup.Hit hit, Map<String, String> facts) {
        if (template == null) {
            return null;
        }
        if (template.indexOf('$') < 0) {
            return template;
        }
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String path = m.group(1);
            String v;
            if (path.startsWith("hit.")) {
                v = hit == null ? null : hit.outputs().get(path.substring(4));
            } else {
                v = ObservationFields.text(ObservationFields.get(root, path));
                if (v != null && !v.isEmpty()) {
                    facts.put(path, v);
                }
            }
            if (v == null || v.isEmpty()) {
                return null;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static boolean holds(RuleSpec.ConditionSpec c, Pattern regex, String v) {
        boolean present = v != null && !v.isEmpty();
        if (c.present() != null && c.present() != present) {
            return false;
        }
        if (c.equals() != null && !c.equals().equals(v)) {
            return false;
        }
        if (c.notEquals() != null && c.notEquals().equals(v)) {
            return false;
        }
        if (c.in() != null && (v == null || !c.in().contains(v))) {
            return false;
        }
        if (c.notIn() != null && v != null && c.notIn().contains(v)) {
            return false;
        }
        if (c.prefix() != null && (v == null || !v.startsWith(c.prefix()))) {
            return false;
        }
        return regex == null || (v != null && regex.matcher(v).find());
    }

    private static Locator locate(RuleSpec.DeviceSpec d, Object obs) {
        MacAddress mac = d.mac() == null ? null : mac(ObservationFields.get(obs, d.mac()));
        if (mac != null && !mac.isMulticast() && mac.value() != 0) {
            return new Locator(mac, null, 0);
        }
        IpAddress ip = d.ip() == null ? null : ip(ObservationFields.get(obs, d.ip()));
        if (ip != null) {
            return new Locator(null, ip, vlan(obs, d.vlan()));
        }
        return null;
    }

    private static int vlan(Object obs, String path) {
        if (path == null) {
            return 0;
        }
        Object v = ObservationFields.get(obs, path);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? 0 : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static MacAddress mac(Object v) {
        if (v instanceof MacAddress m) {
            return m;
        }
        if (v instanceof CharSequence s && !s.isEmpty()) {
            try {
                return MacAddress.parse(s.toString());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    static IpAddress ip(Object v) {
        if (v instanceof IpAddress a) {
            return a;
        }
        if (v instanceof CharSequence s && !s.isEmpty()) {
            try {
                return IpAddress.parse(s.toString());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
