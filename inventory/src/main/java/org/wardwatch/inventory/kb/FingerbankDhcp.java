package org.wardwatch.inventory.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DHCP fingerprints from Fingerbank ({@code kb/fingerbank_dhcp.tsv}, ODbL 1.0, attributed in
 * {@code fingerbank_dhcp.NOTICE}) read through wardwatch's mapping ({@code kb/fingerbank_map.tsv}).
 * Fingerbank matches an option-55 parameter request list exactly (order matters), and an option-60
 * vendor class identifier exactly.
 */
public final class FingerbankDhcp {
    private record Entry(int line, String id, String cls, String description) {
    }

    private final Map<String, Entry> byFingerprint = new HashMap<>();
    private final Map<String, Entry> byVendorId = new HashMap<>();
    /** Vendor ids that several Fingerbank entries share (e.g. "MSFT 5.0" for every Windows since 2000). */
    private final Map<String, java.util.Set<String>> vendorIdClasses = new HashMap<>();
    private final Map<String, java.util.Set<String>> vendorIdEntries = new HashMap<>();
    private final KnowledgeTable map;

    private FingerbankDhcp(KnowledgeTable map) {
        this.map = map;
    }

    public static FingerbankDhcp parse(InputStream data, KnowledgeTable map) throws IOException {
        FingerbankDhcp f = new FingerbankDhcp(map);
        BufferedReader r = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8));
        String line;
        int no = 0;
        boolean header = true;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] c = line.split("\t", -1);
            if (c.length < 5) {
                throw new IOException("fingerbank_dhcp.tsv:" + no + ": expected 5 columns");
            }
            Entry e = new Entry(no, c[2], c[3], c[4]);
            (c[0].equals("fingerprint") ? f.byFingerprint : f.byVendorId).putIfAbsent(c[1], e);
            if (!c[0].equals("fingerprint")) {
                f.vendorIdClasses.computeIfAbsent(c[1], k -> new java.util.HashSet<>()).add(c[3]);
                f.vendorIdEntries.computeIfAbsent(c[1], k -> new java.util.HashSet<>()).add(c[2]);
            }
        }
        return f;
    }

    /** Lookup by option-55 list written as comma-separated decimal codes ("1,3,6,15"). */
    public Lookup byParameterList() {
        return value -> value == null ? null : hit(byFingerprint.get(value.replace(" ", "")), "option 55");
    }

    /**
     * Lookup by option-60 vendor class identifier. A vendor id that Fingerbank lists under several OS entries
     * of one class answers with that class only ("MSFT 5.0" says Windows, not which one); under several
     * classes, nothing.
     */
    public Lookup byVendorClass() {
        return value -> {
            if (value == null) {
                return null;
            }
            String v = value.trim();
            Entry e = byVendorId.get(v);
            if (e == null || vendorIdEntries.get(v).size() == 1) {
                return hit(e, "option 60");
            }
            java.util.Set<String> classes = vendorIdClasses.get(v);
            if (classes.size() != 1) {
                return null;
            }
            String cls = classes.iterator().next();
            return hit(new Entry(e.line(), String.join("/", new java.util.TreeSet<>(vendorIdEntries.get(v))), cls, ""), "option 60 (shared by "
                    + vendorIdEntries.get(v).size() + " " + cls + " entries)");
        };
    }

    private Lookup.Hit hit(Entry e, String what) {
        if (e == null) {
            return null;
        }
        Lookup.Hit mapped = map.lookup(e.cls() + "|" + e.description());
        Map<String, String> outs = new LinkedHashMap<>();
        if (mapped != null) {
            outs.putAll(mapped.outputs());
        }
        if (!e.description().isEmpty()) {
            outs.put("description", e.description());
        }
        return new Lookup.Hit("fingerbank_dhcp", e.line(), e.id(), outs, mapped == null ? null : mapped.weight(),
                "Fingerbank 6.9.1 os " + e.id() + " \"" + e.description() + "\" by " + what + ", ODbL"
                        + (mapped != null ? "; read by fingerbank_map.tsv:" + mapped.line() : ""));
    }

    public int size() {
        return byFingerprint.size() + byVendorId.size();
    }
}
