package org.wardwatch.inventory.kb;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Canonical vendor names ({@code kb/vendors.tsv}): registry and announced spellings (IEEE organization,
 * SNMP enterprise, DICOM Manufacturer, ...) → one name per maker, so that "B.Braun Melsungen AG" and
 * "B. Braun" agree. Names without a row keep their spelling minus corporate suffixes.
 */
public final class VendorNames {
    /** Default weight of an OUI-based vendor claim when the vendor row sets none. */
    public static final double DEFAULT_OUI_WEIGHT = 0.5;
    private static final Pattern SUFFIX = Pattern.compile(
            "(?i)[\\s,.]+(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\\.l\\.c|gmbh|ag|sa|s\\.a|s\\.p\\.a|spa|srl|s\\.r\\.l|bv|b\\.v|nv|n\\.v|oy|ab|as|a/s|aps|kk|k\\.k|plc|pty|pte|sas|kgaa|co\\.?,? ?ltd)\\.?$");

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private final KnowledgeTable table;
    private final java.util.Map<String, String> keyMemo = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Double> ouiWeightMemo = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> canonicalMemo = new java.util.concurrent.ConcurrentHashMap<>();

    public VendorNames(KnowledgeTable table) {
        this.table = table;
    }

    /** The canonical vendor for a registered or announced name; null for null or blank. */
    public String canonical(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String known = canonicalMemo.get(name);
        if (known != null) {
            return known;
        }
        String c = computeCanonical(name);
        if (canonicalMemo.size() >= 20_000) {
            canonicalMemo.clear();
        }
        canonicalMemo.put(name, c);
        return c;
    }

    private String computeCanonical(String name) {
        String trimmed = SPACES.matcher(name.trim()).replaceAll(" ");
        Lookup.Hit hit = table.lookup(trimmed);
        if (hit != null && hit.outputs().containsKey("vendor")) {
            return hit.outputs().get("vendor");
        }
        // a parenthetical is a division or a former name: "LG Electronics (Mobile Communications)"
        String s = trimmed.replace("\"", "").replaceAll("\\s*\\([^)]*\\)\\s*$", "").trim();
        if (s.isEmpty()) {
            s = trimmed.replace("\"", "");
        }
        for (int i = 0; i < 4; i++) {
            String t = SUFFIX.matcher(s).replaceAll("").trim();
            if (t.equals(s) || t.isEmpty()) {
                break;
            }
            s = t;
        }
        s = s.replaceAll("[,.]+$", "").trim();
        return s.isEmpty() ? trimmed : s;
    }

    /** The vendor row's hit (for its citation and oui_weight), or null when the name has no row. */
    public Lookup.Hit row(String name) {
        return name == null ? null : table.lookup(SPACES.matcher(name.trim()).replaceAll(" "));
    }

    /** How much a MAC prefix registered to {@code organization} says about the device maker. */
    public double ouiWeight(String organization) {
        Double known = ouiWeightMemo.get(organization);
        if (known != null) {
            return known;
        }
        double w = computeOuiWeight(organization);
        if (ouiWeightMemo.size() >= 20_000) {
            ouiWeightMemo.clear();
        }
        ouiWeightMemo.put(organization, w);
        return w;
    }

    private double computeOuiWeight(String organization) {
        Lookup.Hit hit = row(organization);
        if (hit != null && hit.outputs().containsKey("oui_weight")) {
            return Double.parseDouble(hit.outputs().get("oui_weight"));
        }
        return DEFAULT_OUI_WEIGHT;
    }

    /** Comparison key: canonical name, lower case, letters and digits only. */
    public String key(String name) {
        if (name == null) {
            return null;
        }
        String known = keyMemo.get(name);
        if (known != null) {
            return known;
        }
        String c = canonical(name);
        if (c == null) {
            return null;
        }
        String k = NON_ALNUM.matcher(c.toLowerCase(Locale.ROOT)).replaceAll("");
        if (keyMemo.size() >= 20_000) {
            keyMemo.clear();
        }
        keyMemo.put(name, k);
        return k;
    }

    /**
     * True when both names canonicalize to the same maker, or one canonical name is the other's first part
     * ("Paradox" and "Paradox Security Systems"), at least four letters long.
     */
    public boolean same(String a, String b) {
        String ka = key(a), kb = key(b);
        if (ka == null || kb == null) {
            return false;
        }
        if (ka.equals(kb)) {
            return true;
        }
        String shorter = ka.length() < kb.length() ? ka : kb;
        String longer = shorter == ka ? kb : ka;
        String firstWord = firstWordKey(shorter == ka ? a : b);
        return shorter.length() >= 4 && longer.startsWith(shorter) && firstWord != null && firstWord.length() >= 4;
    }

    private String firstWordKey(String name) {
        String c = canonical(name);
        if (c == null) {
            return null;
        }
        String w = c.trim().split("[\\s,]+")[0];
        return NON_ALNUM.matcher(w.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
