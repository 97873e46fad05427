package org.wardwatch.inventory.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import org.wardwatch.inventory.rules.ObservationFields.FieldPath;
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

    private static final Set<String> ATTRIBUTES;

    static {
        Set<String> a = new HashSet<>();
        for (Attribute x : Attribute.values()) {
            a.add(x.jsonName());
        }
        ATTRIBUTES = Set.copyOf(a);
    }

    /**
     * A rule with everything read from the spec once: its field paths compiled, its regexes and templates
     * parsed. {@code when*} are the conditions in the rule's order; {@code itemFree} marks those that do not
     * read the {@code foreach} element (checked once per observation before its elements).
     */
    private record Compiled(RuleSpec spec, String[] whenKeys, FieldPath[] whenPaths, RuleSpec.ConditionSpec[] whenConditions,
                            Pattern[] whenRegexes, boolean[] itemFree, boolean anyItemFree, FieldPath foreach,
                            FieldPath deviceMac, FieldPath deviceIp, FieldPath deviceVlan,
                            FieldPath addressMac, FieldPath addressIp, FieldPath addressVlan, FieldPath hostnameField,
                            Template roleProtocol, Template roleRole, Template roleName, Template roleDetail, Template rolePeer,
                            Template softwareProduct, Template softwareVersion, Template lookupKeyTemplate, FieldPath lookupKey,
                            Map<String, Template> claimTemplates,
                            Lookup lookup, Pattern keyRegex, Pattern hostnameRegex) {
    }

    public RuleEngine(RuleSet rules, KnowledgeBase kb) {
        this.kb = kb;
        for (RuleSpec r : rules.rules()) {
            Compiled c = compile(r, kb);
            for (String type : r.on()) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(c);
            }
        }
    }

    private static Compiled compile(RuleSpec r, KnowledgeBase kb) {
        int n = r.when() == null ? 0 : r.when().size();
        String[] keys = new String[n];
        FieldPath[] paths = new FieldPath[n];
        RuleSpec.ConditionSpec[] conditions = new RuleSpec.ConditionSpec[n];
        Pattern[] regexes = new Pattern[n];
        boolean[] itemFree = new boolean[n];
        boolean anyItemFree = false;
        int i = 0;
        if (r.when() != null) {
            for (Map.Entry<String, RuleSpec.ConditionSpec> w : r.when().entrySet()) {
                keys[i] = w.getKey();
                paths[i] = ObservationFields.compile(w.getKey());
                conditions[i] = w.getValue();
                regexes[i] = w.getValue().regex() == null ? null : Pattern.compile(w.getValue().regex());
                itemFree[i] = !paths[i].readsItem();
                anyItemFree |= itemFree[i];
                i++;
            }
        }
        RuleSpec.DeviceSpec d = r.device();
        RuleSpec.AddressSpec a = r.address();
        RuleSpec.RoleSpec role = r.role();
        RuleSpec.SoftwareSpec sw = r.software();
        RuleSpec.LookupSpec l = r.lookup();
        Map<String, Template> claimTemplates = new HashMap<>();
        if (r.claims() != null) {
            r.claims().values().forEach(v -> claimTemplates.put(v, Template.of(v)));
        }
        boolean keyIsTemplate = l != null && l.key().contains("${");
        return new Compiled(r, keys, paths, conditions, regexes, itemFree, anyItemFree,
                r.foreach() == null ? null : ObservationFields.compile(r.foreach()),
                path(d.mac()), path(d.ip()), path(d.vlan()),
                a == null ? null : path(a.mac()), a == null ? null : path(a.ip()), a == null ? null : path(a.vlan()),
                r.hostname() == null ? null : path(r.hostname().field()),
                role == null ? null : Template.of(role.protocol()), role == null ? null : Template.of(role.role()),
                role == null ? null : Template.of(role.name()), role == null ? null : Template.of(role.detail()),
                role == null ? null : Template.of(role.peer()),
                sw == null ? null : Template.of(sw.product()), sw == null ? null : Template.of(sw.version()),
                keyIsTemplate ? Template.of(l.key()) : null, l != null && !keyIsTemplate ? path(l.key()) : null,
                claimTemplates,
                l == null ? null : kb.lookup(l.table()),
                l == null || l.regex() == null ? null : Pattern.compile(l.regex()),
                r.hostname() == null || r.hostname().regex() == null ? null : Pattern.compile(r.hostname().regex()));
    }

    private static FieldPath path(String p) {
        return p == null ? null : ObservationFields.compile(p);
    }

    /**
     * A parsed template: literal text with {@code ${path}} (observation field) or {@code ${hit.name}} (table output)
     * parts, as {@link #fill} reads it.
     */
    private static final class Template {
        private static final Template NONE = new Template(null, new String[0], new String[0], new FieldPath[0], "");

        /** The template itself when it has no parts. */
        final String literal;
        /** literals[i] precedes part i; the tail follows the last part. */
        final String[] literals;
        /** Per part: the {@code hit.} output name, or null for a field path. */
        final String[] hitNames;
        final FieldPath[] paths;
        final String tail;

        private Template(String literal, String[] literals, String[] hitNames, FieldPath[] paths, String tail) {
            this.literal = literal;
            this.literals = literals;
            this.hitNames = hitNames;
            this.paths = paths;
            this.tail = tail;
        }

        static Template of(String template) {
            if (template == null) {
                return NONE;
            }
            if (template.indexOf('$') < 0) {
                return new Template(template, new String[0], new String[0], new FieldPath[0], "");
            }
            List<String> literals = new ArrayList<>();
            List<String> hits = new ArrayList<>();
            List<FieldPath> paths = new ArrayList<>();
            Matcher m = TEMPLATE.matcher(template);
            int at = 0;
            while (m.find()) {
                literals.add(template.substring(at, m.start()));
                String path = m.group(1);
                hits.add(path.startsWith("hit.") ? path.substring(4) : null);
                paths.add(path.startsWith("hit.") ? null : ObservationFields.compile(path));
                at = m.end();
            }
            if (paths.isEmpty()) {
                return new Template(template, new String[0], new String[0], new FieldPath[0], "");
            }
            return new Template(null, literals.toArray(new String[0]), hits.toArray(new String[0]), paths.toArray(new FieldPath[0]),
                    template.substring(at));
        }

        boolean absent() {
            return this == NONE;
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
                if (c.foreach() != null) {
                    Object list = c.foreach().get(obs);
                    if (list instanceof Collection<?> items) {
                        int n = 0;
                        // the conditions that do not read the element hold for all elements or for none: read them once
                        String[] itemFree = null;
                        for (Object item : items) {
                            if (item != null && n++ < 256) {
                                if (itemFree == null && c.anyItemFree()) {
                                    itemFree = itemFreeValues(c, obs);
                                    if (itemFree == FAILED) {
                                        break;
                                    }
                                }
                                fire(c, new ObservationFields.Scoped(item, obs), obs, out, itemFree);
                            }
                        }
                    }
                } else {
                    fire(c, obs, obs, out, null);
                }
            } catch (RuntimeException e) {
                // a rule that cannot read an odd observation does not fire; count it and go on
                skipped.merge(c.spec().id() + ":error", 1L, Long::sum);
            }
        }
    }

    /** Marks item-free conditions that did not hold. */
    private static final String[] FAILED = new String[0];

    /** The text of the conditions that do not read the element (by condition index), or {@link #FAILED}. */
    private static String[] itemFreeValues(Compiled c, Observation obs) {
        String[] values = new String[c.whenPaths().length];
        for (int i = 0; i < values.length; i++) {
            if (c.itemFree()[i]) {
                String v = ObservationFields.text(c.whenPaths()[i].get(obs));
                if (!holds(c.whenConditions()[i], c.whenRegexes()[i], v)) {
                    return FAILED;
                }
                values[i] = v;
            }
        }
        return values;
    }

    /**
     * @param itemFree for a {@code foreach} element: the values of the conditions that do not read it, already
     *                 known to hold (or null: read every condition)
     */
    private void fire(Compiled c, Object root, Observation obs, Consumer<Effect> out, String[] itemFree) {
        RuleSpec r = c.spec();
        FieldPath[] paths = c.whenPaths();
        String[] values = paths.length == 0 ? null : new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            String v;
            if (itemFree != null && c.itemFree()[i]) {
                v = itemFree[i];
            } else {
                v = ObservationFields.text(paths[i].get(root));
                if (!holds(c.whenConditions()[i], c.whenRegexes()[i], v)) {
                    return;
                }
            }
            values[i] = v;
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < paths.length; i++) {
            String v = values[i];
            if (v != null && !v.isEmpty()) {
                facts.put(c.whenKeys()[i], v);
            }
        }
        Locator loc = locate(c, root);
        if (loc == null) {
            return;
        }
        var ts = obs.ts();
        String type = obs.type();
        if (r.address() != null) {
            MacAddress mac = mac(get(c.addressMac(), root));
            IpAddress ip = ip(get(c.addressIp(), root));
            if (mac != null && ip != null) {
                out.accept(new Effect.Bind(ts, new Locator(mac, null, 0), mac, ip, vlan(root, c.addressVlan()), type));
            }
        }
        if (r.hostname() != null) {
            String name = ObservationFields.text(get(c.hostnameField(), root));
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
            String protocol = fill(c.roleProtocol(), root, null, facts);
            String role = fill(c.roleRole(), root, null, facts);
            if (protocol != null && role != null) {
                out.accept(new Effect.AddRole(ts, loc, new ClinicalRole(protocol, role, fill(c.roleName(), root, null, facts),
                        fill(c.roleDetail(), root, null, facts), fill(c.rolePeer(), root, null, facts), ts, ts)));
            }
        }
        if (r.software() != null) {
            String product = fill(c.softwareProduct(), root, null, facts);
            if (product != null && !product.isBlank()) {
                out.accept(new Effect.AddSoftware(ts, loc, new Software(product, fill(c.softwareVersion(), root, null, facts),
                        type + "/" + r.id())));
            }
        }
        if (r.claims() != null && r.lookup() == null) {
            emitClaims(c, r.claims(), null, root, obs, loc, facts, r.weight(), r.source(), out);
        }
        if (c.lookup() != null) {
            List<String> keys = new ArrayList<>();
            String keySpec = r.lookup().key();
            if (c.lookupKeyTemplate() != null) {
                String k = fill(c.lookupKeyTemplate(), root, null, facts);
                if (k != null) {
                    keys.add(k);
                }
            } else {
                Object v = c.lookupKey().get(root);
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
                    if (ATTRIBUTES.contains(o.getKey())) {
                        claims.put(o.getKey(), o.getValue());
                    }
                }
                if (r.claims() != null) {
                    claims.putAll(r.claims());
                }
                Double weight = hit.weight() != null ? hit.weight() : r.weight();
                emitClaims(c, claims, hit, root, obs, loc, f, weight, hit.citation(), out);
                String product = hit.outputs().get("software");
                if (product != null) {
                    out.accept(new Effect.AddSoftware(ts, loc, new Software(product,
                            hit.outputs().get("version"), type + "/" + r.id())));
                }
            }
        }
    }

    private void emitClaims(Compiled c, Map<String, String> claims, Lookup.Hit hit, Object root, Observation obs, Locator loc,
                            Map<String, String> facts, Double weight, String source, Consumer<Effect> out) {
        RuleSpec r = c.spec();
        double w = weight != null ? weight : DEFAULT_WEIGHT;
        for (Map.Entry<String, String> e : claims.entrySet()) {
            Attribute attr = Attribute.parse(e.getKey());
            Template t = c.claimTemplates().get(e.getValue());
            String value = t != null ? fill(t, root, hit, facts) : fill(e.getValue(), root, hit, facts);
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

    /** Fills a parsed template (see {@link #fill(String, Object, Lookup.Hit, Map)}). */
    private static String fill(Template t, Object root, Lookup.Hit hit, Map<String, String> facts) {
        if (t.absent()) {
            return null;
        }
        if (t.literal != null) {
            return t.literal;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.paths.length; i++) {
            String v;
            if (t.hitNames[i] != null) {
                v = hit == null ? null : hit.outputs().get(t.hitNames[i]);
            } else {
                v = ObservationFields.text(t.paths[i].get(root));
                if (v != null && !v.isEmpty()) {
                    facts.put(t.paths[i].path(), v);
                }
            }
            if (v == null || v.isEmpty()) {
                return null;
            }
            sb.append(t.literals[i]).append(v);
        }
        return sb.append(t.tail).toString();
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

    private static Locator locate(Compiled c, Object obs) {
        MacAddress mac = c.deviceMac() == null ? null : mac(c.deviceMac().get(obs));
        if (mac != null && !mac.isMulticast() && mac.value() != 0) {
            return new Locator(mac, null, 0);
        }
        IpAddress ip = c.deviceIp() == null ? null : ip(c.deviceIp().get(obs));
        if (ip != null) {
            return new Locator(null, ip, vlan(obs, c.deviceVlan()));
        }
        return null;
    }

    /** The value at a compiled path that may be absent from the rule (null path: null value, as a null path name read). */
    private static Object get(FieldPath path, Object root) {
        return path == null ? ObservationFields.get(root, null) : path.get(root);
    }

    private static int vlan(Object obs, FieldPath path) {
        if (path == null) {
            return 0;
        }
        Object v = path.get(obs);
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
