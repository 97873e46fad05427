package org.wardwatch.inventory.kb;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wardwatch.model.device.Criticality;

/**
 * The device taxonomy ({@code kb/taxonomy.yaml}): category ids, their parents, groups and clinical
 * criticality. Two categories are <em>compatible</em> when one is an ancestor of the other (a claim
 * for {@code imaging_modality} supports {@code imaging_ct}); otherwise claims for them conflict.
 */
public final class Taxonomy {
    /** One category as written in the file, with inherited fields filled in. */
    public record Category(String id, String name, String parent, String group, Criticality criticality,
                           String dicomModality, List<String> aliases, String description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    private record Entry(String id, String name, String parent, String group, String criticality,
                         String dicom_modality, List<String> aliases, String description) {
    }

    private record File(List<Entry> categories) {
    }

    private final Map<String, Category> byId;
    private final Map<String, String> byAlias = new HashMap<>();
    private final Map<String, String> byModality = new HashMap<>();

    private Taxonomy(Map<String, Category> byId) {
        this.byId = Collections.unmodifiableMap(byId);
        for (Category c : byId.values()) {
            byAlias.put(norm(c.id()), c.id());
            byAlias.putIfAbsent(norm(c.name()), c.id());
            for (String a : c.aliases()) {
                byAlias.putIfAbsent(norm(a), c.id());
            }
            if (c.dicomModality() != null) {
                byModality.put(c.dicomModality().toUpperCase(Locale.ROOT), c.id());
            }
        }
    }

    public static Taxonomy load() {
        try (InputStream in = Taxonomy.class.getResourceAsStream("taxonomy.yaml")) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Taxonomy parse(InputStream in) throws IOException {
        File file = new ObjectMapper(new YAMLFactory()).readValue(in, File.class);
        Map<String, Entry> raw = new LinkedHashMap<>();
        for (Entry e : file.categories()) {
            if (e.id() == null || !e.id().matches("[a-z][a-z0-9_]*")) {
                throw new IOException("taxonomy: bad category id " + e.id());
            }
            if (raw.put(e.id(), e) != null) {
                throw new IOException("taxonomy: duplicate category " + e.id());
            }
        }
        Map<String, Category> out = new LinkedHashMap<>();
        for (Entry e : raw.values()) {
            out.put(e.id(), resolve(e, raw, 0));
        }
        return new Taxonomy(out);
    }

    private static Category resolve(Entry e, Map<String, Entry> raw, int depth) throws IOException {
        if (depth > 16) {
            throw new IOException("taxonomy: parent cycle at " + e.id());
        }
        Category parent = null;
        if (e.parent() != null) {
            Entry p = raw.get(e.parent());
            if (p == null) {
                throw new IOException("taxonomy: " + e.id() + " has unknown parent " + e.parent());
            }
            parent = resolve(p, raw, depth + 1);
        }
        String group = e.group() != null ? e.group() : parent != null ? parent.group() : null;
        Criticality crit = e.criticality() != null ? Criticality.parse(e.criticality())
                : parent != null ? parent.criticality() : null;
        if (group == null || crit == null) {
            throw new IOException("taxonomy: " + e.id() + " needs a group and a criticality (or a parent with them)");
        }
        return new Category(e.id(), e.name(), e.parent(), group, crit, e.dicom_modality(),
                e.aliases() == null ? List.of() : List.copyOf(e.aliases()), e.description());
    }

    /**
     * Lower case, each run of characters other than {@code [a-z0-9]} as one {@code _}, none at either end (a loop, not
     * two regex replacements: every alias is normalised at start and every category name a rule claims).
     */
    static String norm(String s) {
        if (s == null) {
            return "";
        }
        String lower = s.trim().toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        boolean inRun = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
                inRun = false;
            } else if (!inRun) {
                sb.append('_');
                inRun = true;
            }
        }
        int from = sb.length() > 0 && sb.charAt(0) == '_' ? 1 : 0;
        int to = sb.length() > from && sb.charAt(sb.length() - 1) == '_' ? sb.length() - 1 : sb.length();
        return sb.substring(from, to);
    }

    public Collection<Category> categories() {
        return byId.values();
    }

    public Category get(String id) {
        return id == null ? null : byId.get(id);
    }

    public boolean contains(String id) {
        return id != null && byId.containsKey(id);
    }

    /** The category id for an id, alias or display name (any case, spaces or dashes), or null. */
    public String resolveName(String nameOrAlias) {
        if (nameOrAlias == null) {
            return null;
        }
        String direct = byId.containsKey(nameOrAlias) ? nameOrAlias : null;
        return direct != null ? direct : byAlias.get(norm(nameOrAlias));
    }

    /** The imaging category of a DICOM Modality (0008,0060) defined term, or null. */
    public String forModality(String modality) {
        return modality == null ? null : byModality.get(modality.trim().toUpperCase(Locale.ROOT));
    }

    public Criticality criticality(String id) {
        Category c = get(id);
        return c == null ? Criticality.UNKNOWN : c.criticality();
    }

    /** The category and its ancestors, nearest first. */
    public List<String> lineage(String id) {
        List<String> out = new ArrayList<>();
        Category c = get(id);
        while (c != null && out.size() < 32) {
            out.add(c.id());
            c = get(c.parent());
        }
        return out;
    }

    /** True when one is the other or an ancestor of it. */
    public boolean compatible(String a, String b) {
        return lineage(a).contains(b) || lineage(b).contains(a);
    }

    /** True when {@code specific} is {@code general} or a descendant of it. */
    public boolean refines(String specific, String general) {
        return lineage(specific).contains(general);
    }
}
