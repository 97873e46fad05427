package org.wardwatch.inventory.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.device.Attribute;

/**
 * The identification rules: {@code org/wardwatch/inventory/rules/*.yaml} listed in {@code rules/index.txt},
 * each a YAML list of {@link RuleSpec}. Loading checks ids are unique, tables exist, attributes are
 * known, every rule does something, and claim rules cite a source (directly or through their table).
 */
public final class RuleSet {
    private record File(List<RuleSpec> rules) {
    }

    private final List<RuleSpec> rules;

    private RuleSet(List<RuleSpec> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<RuleSpec> rules() {
        return rules;
    }

    /** The rules shipped in the jar. */
    public static RuleSet defaults(KnowledgeBase kb) {
        try (InputStream index = RuleSet.class.getResourceAsStream("index.txt")) {
            if (index == null) {
                throw new IOException("rules/index.txt missing");
            }
            List<RuleSpec> all = new ArrayList<>();
            for (String line : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String name = line.trim();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = RuleSet.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("rules file missing: " + name);
                    }
                    all.addAll(read(name, in));
                }
            }
            return of(all, kb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One reader for every rules file: a mapper learns how to read the rule records once and keeps it, so a
     * mapper per file would learn it seven times over (about 40 ms at every start).
     */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static List<RuleSpec> read(String name, InputStream in) throws IOException {
        try {
            File f = YAML.readValue(in, File.class);
            return f.rules() == null ? List.of() : f.rules();
        } catch (IOException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    /** Validates and wraps rules. */
    public static RuleSet of(List<RuleSpec> rules, KnowledgeBase kb) {
        Set<String> ids = new HashSet<>();
        for (RuleSpec r : rules) {
            String where = "rule " + r.id();
            require(r.id() != null && r.id().matches("[a-z0-9_.\\-]+"), "rule without a valid id: " + r.id());
            require(ids.add(r.id()), "duplicate rule id " + r.id());
            require(r.on() != null && !r.on().isEmpty(), where + ": 'on' lists no observation type");
            require(r.device() != null && (r.device().mac() != null || r.device().ip() != null), where + ": 'device' needs mac or ip");
            boolean acts = r.claims() != null || r.lookup() != null || r.hostname() != null || r.role() != null
                    || r.software() != null || r.address() != null;
            require(acts, where + ": does nothing (no claims, lookup, hostname, role, software or address)");
            if (r.claims() != null) {
                for (String a : r.claims().keySet()) {
                    require(isAttribute(a), where + ": unknown attribute " + a);
                }
                require(r.source() != null && !r.source().isBlank(), where + ": claims need a source");
            }
            if (r.lookup() != null) {
                require(r.lookup().table() != null && kb.hasLookup(r.lookup().table()), where + ": unknown table " + r.lookup().table());
                require(r.lookup().key() != null, where + ": lookup needs a key");
            }
            if (r.weight() != null) {
                require(r.weight() >= 0 && r.weight() <= 1, where + ": weight outside 0..1");
            }
            if (r.when() != null) {
                r.when().forEach((path, c) -> {
                    if (c.regex() != null) {
                        java.util.regex.Pattern.compile(c.regex());
                    }
                });
            }
        }
        return new RuleSet(rules);
    }

    static boolean isAttribute(String name) {
        for (Attribute a : Attribute.values()) {
            if (a.jsonName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("rules: " + message);
        }
    }
}
