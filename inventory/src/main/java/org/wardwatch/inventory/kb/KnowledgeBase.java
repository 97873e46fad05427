package org.wardwatch.inventory.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wardwatch.model.MacAddress;

/**
 * Everything identification knows, loaded from data files under {@code org/wardwatch/inventory/kb/}
 * (docs/inventory.md lists them with their sources). Rules refer to lookups by name:
 * <ul>
 *   <li>{@code oui}: a MAC address, or the hex of an EUI-64 / OUI → {@code vendor} (canonical) and
 *       {@code organization} (as registered), weighted by the vendor's {@code oui_weight};</li>
 *   <li>{@code oui_category}: a MAC address → the usual {@code category} of its maker's devices ({@code oui_categories.tsv});</li>
 *   <li>{@code fingerbank_dhcp} (option-55 list) and {@code fingerbank_vendor_class} (option 60);</li>
 *   <li>{@code dicom_modality}: a Modality (0008,0060) term → {@code category};</li>
 *   <li>{@code category}: a category id, alias or name → {@code category};</li>
 *   <li>{@code vendor}: a maker's name in any spelling → {@code vendor} (canonical);</li>
 *   <li>any other name: the table {@code kb/<name>.tsv} ({@link KnowledgeTable}).</li>
 * </ul>
 */
public final class KnowledgeBase {
    private static volatile KnowledgeBase defaults;

    private final Taxonomy taxonomy;
    private final OuiTable oui;
    private final VendorNames vendors;
    private final FingerbankDhcp fingerbank;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

    private KnowledgeBase(Taxonomy taxonomy, OuiTable oui, VendorNames vendors, FingerbankDhcp fingerbank) {
        this.taxonomy = taxonomy;
        this.oui = oui;
        this.vendors = vendors;
        this.fingerbank = fingerbank;
        lookups.put("oui", this::ouiHit);
        lookups.put("oui_category", this::ouiCategoryHit);
        lookups.put("fingerbank_dhcp", fingerbank.byParameterList());
        lookups.put("fingerbank_vendor_class", fingerbank.byVendorClass());
        lookups.put("dicom_modality", value -> {
            String id = taxonomy.forModality(value);
            return id == null ? null : new Lookup.Hit("taxonomy", 0, value, Map.of("category", id), null,
                    "DICOM PS3.3 C.7.3.1.1.1 Modality defined term " + value.trim().toUpperCase(Locale.ROOT));
        });
        lookups.put("category", value -> {
            String id = taxonomy.resolveName(value);
            return id == null ? null : new Lookup.Hit("taxonomy", 0, value, Map.of("category", id), null, "taxonomy.yaml " + id);
        });
        lookups.put("vendor", value -> {
            String canonical = vendors.canonical(value);
            if (canonical == null) {
                return null;
            }
            Lookup.Hit row = vendors.row(value);
            return new Lookup.Hit("vendors", row == null ? 0 : row.line(), value, Map.of("vendor", canonical), null,
                    row == null ? "announced name" : row.source());
        });
    }

    /** The knowledge base shipped in the jar (loaded once). */
    public static KnowledgeBase defaults() {
        KnowledgeBase kb = defaults;
        if (kb == null) {
            synchronized (KnowledgeBase.class) {
                kb = defaults;
                if (kb == null) {
                    kb = load();
                    defaults = kb;
                }
            }
        }
        return kb;
    }

    private static KnowledgeBase load() {
        try {
            KnowledgeTable vendorTable = table("vendors");
            FingerbankDhcp fb;
            try (InputStream in = open("fingerbank_dhcp.tsv")) {
                fb = FingerbankDhcp.parse(in, table("fingerbank_map"));
            }
            return new KnowledgeBase(Taxonomy.load(), OuiTable.load(), new VendorNames(vendorTable), fb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String file) throws IOException {
        InputStream in = KnowledgeBase.class.getResourceAsStream(file);
        if (in == null) {
            throw new IOException("knowledge base file missing: kb/" + file);
        }
        return in;
    }

    private static KnowledgeTable table(String name) throws IOException {
        try (InputStream in = open(name + ".tsv")) {
            return KnowledgeTable.parse(name + ".tsv", in);
        }
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    public OuiTable oui() {
        return oui;
    }

    public VendorNames vendors() {
        return vendors;
    }

    public FingerbankDhcp fingerbank() {
        return fingerbank;
    }

    /** The lookup of that name (see the class comment); throws when no such table exists. */
    public Lookup lookup(String name) {
        Lookup l = lookups.get(name);
        if (l != null) {
            return l;
        }
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("bad table name " + name);
        }
        return lookups.computeIfAbsent(name, n -> {
            try {
                return table(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** True when a lookup of that name exists (built in, or a table file). */
    public boolean hasLookup(String name) {
        if (lookups.containsKey(name)) {
            return true;
        }
        return name.matches("[a-z0-9_]+") && KnowledgeBase.class.getResource(name + ".tsv") != null;
    }

    /** Per registry entry: its {@code oui_category} hit, or {@link #NO_HIT} (the same for every MAC of the block). */
    private final Map<OuiTable.Entry, Lookup.Hit> ouiCategoryHits = new ConcurrentHashMap<>();
    private static final Lookup.Hit NO_HIT = new Lookup.Hit("none", 0, "", Map.of(), null, "");

    private Lookup.Hit ouiCategoryHit(String value) {
        OuiTable.Entry entry = ouiEntry(value);
        if (entry == null) {
            return null;
        }
        Lookup.Hit known = ouiCategoryHits.get(entry);
        if (known == null) {
            known = ouiCategoryHits.computeIfAbsent(entry, e -> {
                Lookup.Hit vendor = ouiHit(e);
                String org = vendor.outputs().get("organization");
                Lookup.Hit row = lookup("oui_categories").lookup(org);
                if (row == null) {
                    return NO_HIT;
                }
                return new Lookup.Hit("oui_categories", row.line(), org, row.outputs(), row.weight(),
                        row.source() + "; " + vendor.source());
            });
        }
        return known == NO_HIT ? null : known;
    }

    private final Map<OuiTable.Entry, Lookup.Hit> ouiHits = new ConcurrentHashMap<>();

    private Lookup.Hit ouiHit(String value) {
        OuiTable.Entry entry = ouiEntry(value);
        return entry == null ? null : ouiHit(entry);
    }

    private Lookup.Hit ouiHit(OuiTable.Entry entry) {
        Lookup.Hit known = ouiHits.get(entry);
        if (known != null) {
            return known;
        }
        return ouiHits.computeIfAbsent(entry, x -> new Lookup.Hit("oui", 0, x.prefix(),
                Map.of("vendor", vendors.canonical(x.organization()), "organization", x.organization()),
                vendors.ouiWeight(x.organization()), x.citation() + " \"" + x.organization() + "\""));
    }

    /**
     * The registry entry for a value's hex digits (any other characters ignored): 12 digits are a MAC (none for a
     * locally administered or multicast one), 6 or more otherwise an EUI-64 or OUI whose first 6 digits are looked
     * up. Read in one pass over the text, without a cleaned copy of it.
     */
    private OuiTable.Entry ouiEntry(String value) {
        if (value == null) {
            return null;
        }
        int digits = 0;
        long mac = 0;
        long first6 = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                continue;
            }
            if (digits < 12) {
                mac = mac << 4 | d;
            }
            if (digits < 6) {
                first6 = first6 << 4 | d;
            }
            digits++;
        }
        if (digits == 12) {
            MacAddress m = new MacAddress(mac);
            if (m.isLocallyAdministered() || m.isMulticast()) {
                return null;
            }
            return oui.lookup(m);
        }
        return digits >= 6 ? oui.lookupOui(first6) : null;
    }
}
