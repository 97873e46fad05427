package org.wardwatch.risk.intel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.wardwatch.model.finding.Cwe;

/**
 * Reads one CSAF 2.0 document (OASIS "Common Security Advisory Framework Version 2.0", 18 November 2022,
 * https://docs.oasis-open.org/csaf/csaf/v2.0/os/csaf-v2.0-os.html) into an {@link Advisory}.
 *
 * <p>Checked (each failure names the JSON path): the members the CSAF JSON schema marks required for
 * {@code document} (§3.2.1), {@code csaf_version} = "2.0", the product tree's branch structure
 * (§3.1.2: every branch has a category and a name, and either sub-branches or a product; at most 30
 * levels), mandatory tests 6.1.1 (every product id referenced is defined) and 6.1.2 (no product id is
 * defined twice), CVE id syntax (§3.2.3.2), CWE id syntax (§3.2.3.3), CVSS vectors parse and
 * their declared version matches the vector prefix (§3.2.3.11). Not checked: the rest of the
 * JSON schema (e.g. URI formats), the optional and informative tests of §6.2/§6.3.
 *
 * <p>Known gaps: {@code product_groups} in remediations are expanded to their products; {@code notes}
 * other than the vulnerability summary/description are not kept; CSAF 2.1 documents are refused.
 */
public final class CsafImporter {
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final Pattern CWE = Pattern.compile("CWE-[1-9]\\d{0,5}");
    private static final int MAX_BRANCH_DEPTH = 30;
    private static final Pattern ACTIVE_EXPLOIT = Pattern.compile("(?i)\\b(actively exploited|exploited in the wild|known to be exploited|active exploitation)\\b");
    private static final Pattern NO_EXPLOIT = Pattern.compile("(?i)\\b(no known|not known|not been exploited|no evidence)\\b");

    private final IntelLimits limits;

    public CsafImporter(IntelLimits limits) {
        this.limits = limits;
    }

    /** True when the JSON looks like a CSAF document (has {@code document.csaf_version}). */
    public static boolean looksLike(com.fasterxml.jackson.databind.JsonNode root) {
        return root.isObject() && root.path("document").has("csaf_version");
    }

    public Advisory read(JsonCursor root, String file, String sha256, List<String> warnings) throws IntelFormatException {
        root.requireObject();
        JsonCursor doc = root.object("document");
        String csafVersion = doc.text("csaf_version");
        if (!csafVersion.equals("2.0")) {
            throw doc.fail("csaf_version", "unsupported CSAF version \"" + Text.line(csafVersion, 20) + "\" (wardwatch reads CSAF 2.0)");
        }
        doc.text("category");
        JsonCursor publisher = doc.object("publisher");
        String publisherName = publisher.text("name");
        publisher.text("category");
        publisher.text("namespace");
        String title = doc.text("title");
        JsonCursor tracking = doc.object("tracking");
        String id = tracking.text("id");
        String released = tracking.text("initial_release_date");
        String updated = tracking.text("current_release_date");
        tracking.text("status");
        tracking.text("version");
        tracking.array("revision_history", true, true);
        String url = null;
        for (JsonCursor ref : doc.optArray("references")) {
            String u = ref.text("url");
            ref.text("summary");
            if ("self".equals(ref.optText("category")) && u.startsWith("https://") && !u.endsWith(".json")) {
                url = u;
            }
        }

        Map<String, AffectedProduct> products = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        var tree = root.optObject("product_tree");
        if (tree.isPresent()) {
            readProductTree(tree.get(), products, groups);
        }

        List<AdvisoryVulnerability> vulns = new ArrayList<>();
        for (JsonCursor v : root.optArray("vulnerabilities")) {
            vulns.add(readVulnerability(v, products, groups, publisherName, warnings));
        }
        return new Advisory(id, "csaf", title, publisherName, url, released, updated, file, sha256,
                new ArrayList<>(products.values()), vulns);
    }

    private void readProductTree(JsonCursor tree, Map<String, AffectedProduct> products, Map<String, List<String>> groups)
            throws IntelFormatException {
        for (JsonCursor b : tree.optArray("branches")) {
            walkBranch(b, new BranchContext(), 1, products);
        }
        for (JsonCursor fpn : tree.optArray("full_product_names")) {
            AffectedProduct p = leaf(fpn, new BranchContext());
            define(fpn, p, products);
        }
        for (JsonCursor rel : tree.optArray("relationships")) {
            String cat = rel.text("category");
            String ref = rel.text("product_reference");
            String to = rel.text("relates_to_product_reference");
            JsonCursor fpn = rel.object("full_product_name");
            String pid = fpn.text("product_id");
            String name = fpn.text("name");
            AffectedProduct base = products.get(ref);
            if (base == null) {
                throw rel.fail("product_reference", "product id \"" + Text.line(ref, 80) + "\" is not defined in the product tree (CSAF test 6.1.1)");
            }
            AffectedProduct target = products.get(to);
            if (target == null) {
                throw rel.fail("relates_to_product_reference", "product id \"" + Text.line(to, 80) + "\" is not defined in the product tree (CSAF test 6.1.1)");
            }
            AffectedProduct p = new AffectedProduct(pid, base.vendor(), base.product(), base.version(), base.versionCategory(),
                    name, base.cpe(), base.purl(), null, cat.replace('_', ' ') + " " + target.fullName(), base.modelNumbers());
            define(fpn, p, products);
        }
        for (JsonCursor g : tree.optArray("product_groups")) {
            String gid = g.text("group_id");
            List<String> ids = g.strings("product_ids", true);
            for (int i = 0; i < ids.size(); i++) {
                if (!products.containsKey(ids.get(i))) {
                    throw new IntelFormatException(g.file(), g.path() + ".product_ids[" + i + "]",
                            "product id \"" + Text.line(ids.get(i), 80) + "\" is not defined in the product tree (CSAF test 6.1.1)");
                }
            }
            groups.put(gid, ids);
        }
    }

    /** What the branches above a product say about it. */
    private static final class BranchContext {
        String vendor;
        final List<String> family = new ArrayList<>();
        String productName;
        String version;
        String versionCategory;
        final List<String> qualifiers = new ArrayList<>();

        BranchContext copy() {
            BranchContext c = new BranchContext();
            c.vendor = vendor;
            c.family.addAll(family);
            c.productName = productName;
            c.version = version;
            c.versionCategory = versionCategory;
            c.qualifiers.addAll(qualifiers);
            return c;
        }
    }

    private void walkBranch(JsonCursor b, BranchContext parent, int depth, Map<String, AffectedProduct> products)
            throws IntelFormatException {
        if (depth > MAX_BRANCH_DEPTH) {
            throw b.fail("branches nested deeper than " + MAX_BRANCH_DEPTH + " levels");
        }
        b.requireObject();
        String category = b.text("category");
        String name = b.text("name");
        BranchContext ctx = parent.copy();
        switch (category) {
            case "vendor" -> ctx.vendor = name;
            case "product_family" -> ctx.family.add(name);
            case "product_name" -> ctx.productName = name;
            case "product_version", "product_version_range" -> {
                ctx.version = name;
                ctx.versionCategory = category;
            }
            case "service_pack", "patch_level" -> ctx.qualifiers.add(name);
            case "architecture", "host_name", "language", "legacy", "specification" -> ctx.qualifiers.add(category + " " + name);
            default -> throw b.fail("category", "unknown branch category \"" + Text.line(category, 40) + "\" (CSAF 2.0 §3.1.2.3)");
        }
        boolean hasBranches = b.has("branches");
        boolean hasProduct = b.has("product");
        if (hasBranches == hasProduct) {
            throw b.fail(hasBranches ? "a branch must have either \"branches\" or \"product\", not both"
                    : "a branch must have \"branches\" or \"product\"");
        }
        if (hasBranches) {
            for (JsonCursor sub : b.array("branches", true, true)) {
                walkBranch(sub, ctx, depth + 1, products);
            }
        } else {
            JsonCursor p = b.object("product");
            define(p, leaf(p, ctx), products);
        }
    }

    private AffectedProduct leaf(JsonCursor p, BranchContext ctx) throws IntelFormatException {
        String pid = p.text("product_id");
        String fullName = p.text("name");
        String cpe = null;
        String purl = null;
        List<String> models = List.of();
        var helper = p.optObject("product_identification_helper");
        if (helper.isPresent()) {
            cpe = helper.get().optText("cpe");
            if (cpe != null && !cpe.startsWith("cpe:2.3:") && !cpe.startsWith("cpe:/")) {
                throw helper.get().fail("cpe", "not a CPE name (expected cpe:2.3:… or cpe:/…)");
            }
            purl = helper.get().optText("purl");
            if (purl != null && !purl.startsWith("pkg:")) {
                throw helper.get().fail("purl", "not a package URL (expected pkg:…)");
            }
            models = helper.get().strings("model_numbers", false);
        }
        String product = ctx.productName;
        if (!ctx.family.isEmpty()) {
            product = String.join(" ", ctx.family) + (product == null ? "" : " " + product);
        }
        String version = ctx.version;
        if (!ctx.qualifiers.isEmpty()) {
            version = (version == null ? "" : version + " ") + String.join(" ", ctx.qualifiers);
        }
        return new AffectedProduct(pid, ctx.vendor, product, version, ctx.versionCategory, fullName, cpe, purl, null, null, models);
    }

    private static void define(JsonCursor at, AffectedProduct p, Map<String, AffectedProduct> products) throws IntelFormatException {
        if (products.putIfAbsent(p.productId(), p) != null) {
            throw at.fail("product_id", "product id \"" + Text.line(p.productId(), 80) + "\" is defined twice (CSAF test 6.1.2)");
        }
    }

    private AdvisoryVulnerability readVulnerability(JsonCursor v, Map<String, AffectedProduct> products,
                                                    Map<String, List<String>> groups, String publisher,
                                                    List<String> warnings) throws IntelFormatException {
        v.requireObject();
        String cve = v.optText("cve");
        if (cve != null && !CVE.matcher(cve).matches()) {
            throw v.fail("cve", "not a CVE id (CVE-YYYY-NNNN…)");
        }
        String title = v.optText("title");
        List<Cwe> cwes = new ArrayList<>();
        var cwe = v.optObject("cwe");
        if (cwe.isPresent()) {
            String cid = cwe.get().text("id");
            if (!CWE.matcher(cid).matches()) {
                throw cwe.get().fail("id", "not a CWE id (CWE-N)");
            }
            cwes.add(new Cwe(cid, cwe.get().text("name")));
        }
        String summary = null;
        for (JsonCursor n : v.optArray("notes")) {
            String cat = n.text("category");
            String text = n.optLongText("text");
            if (text == null) {
                throw n.fail("text", "required string is missing");
            }
            if (summary == null && (cat.equals("summary") || cat.equals("description"))) {
                summary = text;
            }
        }
        List<String> affected = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        List<String> notAffected = new ArrayList<>();
        List<String> investigating = new ArrayList<>();
        var status = v.optObject("product_status");
        if (status.isPresent()) {
            JsonCursor s = status.get();
            affected.addAll(productIds(s, "known_affected", products));
            affected.addAll(productIds(s, "first_affected", products));
            affected.addAll(productIds(s, "last_affected", products));
            fixed.addAll(productIds(s, "fixed", products));
            fixed.addAll(productIds(s, "first_fixed", products));
            notAffected.addAll(productIds(s, "known_not_affected", products));
            investigating.addAll(productIds(s, "under_investigation", products));
            productIds(s, "recommended", products);
        }
        List<PublishedScore> scores = new ArrayList<>();
        for (JsonCursor sc : v.optArray("scores")) {
            List<String> prods = productIds(sc, "products", products);
            if (prods.isEmpty()) {
                throw sc.fail("products", "required array is missing or empty");
            }
            boolean any = false;
            for (String key : new String[] {"cvss_v3", "cvss_v2", "cvss_v4"}) {
                var c = sc.optObject(key);
                if (c.isPresent()) {
                    scores.add(readCvss(c.get(), key, publisher, prods, warnings));
                    any = true;
                }
            }
            if (!any) {
                throw sc.fail("a score needs cvss_v2 or cvss_v3");
            }
        }
        List<Remediation> remediations = new ArrayList<>();
        for (JsonCursor r : v.optArray("remediations")) {
            String cat = r.text("category");
            String details = r.optLongText("details");
            if (details == null) {
                throw r.fail("details", "required string is missing");
            }
            Set<String> prods = new LinkedHashSet<>(productIds(r, "product_ids", products));
            List<String> gids = r.strings("group_ids", false);
            for (int i = 0; i < gids.size(); i++) {
                List<String> members = groups.get(gids.get(i));
                if (members == null) {
                    throw new IntelFormatException(r.file(), r.path() + ".group_ids[" + i + "]",
                            "product group \"" + Text.line(gids.get(i), 80) + "\" is not defined (CSAF test 6.1.4)");
                }
                prods.addAll(members);
            }
            remediations.add(new Remediation(cat, details, r.optText("url"), new ArrayList<>(prods)));
        }
        List<String> refs = new ArrayList<>();
        for (JsonCursor r : v.optArray("references")) {
            refs.add(r.text("url"));
            r.text("summary");
        }
        boolean exploited = false;
        String exploitNote = null;
        for (JsonCursor t : v.optArray("threats")) {
            String cat = t.text("category");
            String details = t.optLongText("details");
            if (details == null) {
                throw t.fail("details", "required string is missing");
            }
            if (cat.equals("exploit_status")) {
                exploitNote = details;
                if (ACTIVE_EXPLOIT.matcher(details).find() && !NO_EXPLOIT.matcher(details).find()) {
                    exploited = true;
                }
            }
        }
        return new AdvisoryVulnerability(cve, title, summary, cwes, scores, affected, fixed, notAffected, investigating,
                remediations, refs, exploited, exploitNote);
    }

    private PublishedScore readCvss(JsonCursor c, String key, String publisher, List<String> prods, List<String> warnings)
            throws IntelFormatException {
        String version = c.text("version");
        String vector = c.text("vectorString");
        Double base = c.optNumber("baseScore");
        if (base == null) {
            throw c.fail("baseScore", "required number is missing");
        }
        if (base < 0 || base > 10) {
            throw c.fail("baseScore", "outside 0..10");
        }
        switch (key) {
            case "cvss_v3" -> {
                if (!version.equals("3.0") && !version.equals("3.1")) {
                    throw c.fail("version", "cvss_v3 version must be 3.0 or 3.1");
                }
                if (!vector.startsWith("CVSS:" + version + "/")) {
                    throw c.fail("vectorString", "does not start with CVSS:" + version + "/");
                }
                Double computed = org.wardwatch.risk.cvss.CvssV3Vectors.baseScore(vector);
                if (computed == null) {
                    throw c.fail("vectorString", "not a valid CVSS v3 vector: " + Text.line(vector, 120));
                }
                if (Math.abs(computed - base) > 0.05) {
                    warnings.add(c.file() + ": " + c.path() + ": baseScore " + base + " differs from the vector's computed "
                            + computed + " (CSAF test 6.1.9); the published score is kept");
                }
            }
            case "cvss_v2" -> {
                if (!version.equals("2.0")) {
                    throw c.fail("version", "cvss_v2 version must be 2.0");
                }
                if (!vector.matches("(AV:[LAN]/AC:[HML]/Au:[MSN]/C:[NPC]/I:[NPC]/A:[NPC])(/.*)?")) {
                    throw c.fail("vectorString", "not a valid CVSS v2 vector: " + Text.line(vector, 120));
                }
            }
            default -> {
                if (!vector.startsWith("CVSS:4.0/")) {
                    throw c.fail("vectorString", "does not start with CVSS:4.0/");
                }
            }
        }
        return new PublishedScore(version, vector, base, publisher, prods);
    }

    private static List<String> productIds(JsonCursor at, String field, Map<String, AffectedProduct> products)
            throws IntelFormatException {
        List<String> ids = at.strings(field, false);
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String pid = ids.get(i);
            if (!products.containsKey(pid)) {
                throw new IntelFormatException(at.file(), at.path() + "." + field + "[" + i + "]",
                        "product id \"" + Text.line(pid, 80) + "\" is not defined in the product tree (CSAF test 6.1.1)");
            }
            if (seen.add(pid)) {
                out.add(pid);
            }
        }
        return out;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
