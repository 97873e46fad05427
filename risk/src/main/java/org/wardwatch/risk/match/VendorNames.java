package org.wardwatch.risk.match;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether two vendor names name the same maker, using {@code vendor-aliases.tsv} (every
 * alias with its public source) and a normalization: {@link Names#fold}, punctuation dropped, and
 * corporate suffixes (Inc, Ltd, LLC, Co, Corp, Corporation, Company, GmbH, AG, KGaA, SA, S.p.A., PLC,
 * Pte, BV, NV, Oy, AB, AS, SAS) removed from the end. A name that is not in the table is its own
 * vendor. Names CISA joins ("Silex Technology and GE Healthcare", "Hillrom and ELI, Baxter
 * International Inc.") count as each of their parts when the whole is not an alias; a known maker
 * followed by more words ("BD Pyxis") is that maker.
 */
public final class VendorNames {
    private static final Set<String> SUFFIXES = Set.of("inc", "incorporated", "ltd", "limited", "llc", "co", "corp",
            "corporation", "company", "gmbh", "ag", "kgaa", "kg", "aa", "sa", "spa", "plc", "pte", "bv", "nv", "oy", "ab",
            "as", "sas", "and", "the", "holdings");
    private static final Pattern PAREN = Pattern.compile("\\(([^)]*)\\)");

    private final Map<String, String> aliasToKey = new HashMap<>();
    private final Map<String, String> display = new HashMap<>();
    private final Map<String, List<List<String>>> aliasWords = new HashMap<>();

    private static final VendorNames DEFAULT = load();

    public static VendorNames defaults() {
        return DEFAULT;
    }

    private static VendorNames load() {
        try (InputStream in = VendorNames.class.getResourceAsStream("/org/wardwatch/risk/vendor-aliases.tsv")) {
            if (in == null) {
                throw new IllegalStateException("vendor-aliases.tsv missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VendorNames parse(InputStream in) throws IOException {
        VendorNames v = new VendorNames();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#") || line.startsWith("key\t")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4 || f[3].isBlank()) {
                throw new IllegalStateException("vendor-aliases.tsv line " + n + ": expected key, display, aliases, source");
            }
            String key = f[0];
            v.display.put(key, f[1]);
            for (String alias : (f[1] + "|" + f[2]).split("\\|")) {
                String norm = normalize(alias);
                if (norm.isEmpty()) {
                    continue;
                }
                String prev = v.aliasToKey.putIfAbsent(norm, key);
                if (prev != null && !prev.equals(key)) {
                    throw new IllegalStateException("vendor-aliases.tsv line " + n + ": alias \"" + alias + "\" already names " + prev);
                }
                v.aliasWords.computeIfAbsent(key, k -> new ArrayList<>()).add(List.of(norm.split(" ")));
            }
        }
        return v;
    }

    /** Folded, punctuation-free, suffix-free form: "Becton, Dickinson and Company (BD)" → "becton dickinson bd". */
    public static String normalize(String name) {
        String t = Names.fold(name).replaceAll("[^a-z0-9]+", " ").strip();
        List<String> words = new ArrayList<>(List.of(t.isEmpty() ? new String[0] : t.split(" ")));
        while (!words.isEmpty() && SUFFIXES.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        return String.join(" ", words);
    }

    /** The vendor keys a name stands for (one, or several for a joined name); never empty for a non-blank name. */
    public Set<String> keys(String name) {
        Set<String> out = new LinkedHashSet<>();
        if (name == null || name.isBlank()) {
            return out;
        }
        String whole = normalize(name);
        String key = aliasToKey.get(whole);
        if (key != null) {
            out.add(key);
            return out;
        }
        Matcher m = PAREN.matcher(name);
        String outside = normalize(PAREN.matcher(name).replaceAll(" "));
        if (aliasToKey.containsKey(outside)) {
            out.add(aliasToKey.get(outside));
            return out;
        }
        while (m.find()) {
            String inner = aliasToKey.get(normalize(m.group(1)));
            if (inner != null) {
                out.add(inner);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        String[] parts = PAREN.matcher(name).replaceAll(" ").split("(?i),\\s*(?:and\\s+)?|\\s+and\\s+|\\s*&\\s*|\\s*/\\s*");
        if (parts.length > 1) {
            for (String p : parts) {
                String np = normalize(p);
                if (!np.isEmpty()) {
                    out.add(aliasToKey.getOrDefault(np, "n:" + np));
                }
            }
            return out;
        }
        // a known maker followed by a brand or division ("BD Pyxis", "Philips Respironics"): the longest alias
        // that is a whole-word prefix of the name
        String best = null;
        for (String alias : aliasToKey.keySet()) {
            if (alias.length() >= 2 && outside.startsWith(alias + " ") && (best == null || alias.length() > best.length())) {
                best = alias;
            }
        }
        if (best != null) {
            out.add(aliasToKey.get(best));
            return out;
        }
        if (!outside.isEmpty()) {
            out.add("n:" + outside);
        }
        return out;
    }

    /** True when the names share a vendor. */
    public boolean same(String a, String b) {
        Set<String> ka = keys(a);
        for (String k : keys(b)) {
            if (ka.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** The display name of a known vendor key, or the name itself. */
    public String display(String name) {
        Set<String> k = keys(name);
        if (k.size() == 1) {
            String d = display.get(k.iterator().next());
            if (d != null) {
                return d;
            }
        }
        return name;
    }

    /** Word sequences (normalized) of every alias of the vendors {@code name} stands for, plus the name's own words. */
    public List<List<String>> aliasWords(String name) {
        List<List<String>> out = new ArrayList<>();
        for (String k : keys(name)) {
            out.addAll(aliasWords.getOrDefault(k, List.of()));
            if (k.startsWith("n:")) {
                out.add(List.of(k.substring(2).split(" ")));
            }
        }
        String own = normalize(name);
        if (!own.isEmpty()) {
            out.add(List.of(own.split(" ")));
        }
        out.sort((x, y) -> y.size() - x.size());
        return out;
    }
}
