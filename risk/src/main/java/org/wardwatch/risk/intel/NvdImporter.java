package org.wardwatch.risk.intel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.wardwatch.model.finding.Cwe;
import org.wardwatch.risk.cvss.CvssV3Vectors;
import us.springett.parsers.cpe.Cpe;
import us.springett.parsers.cpe.CpeParser;
import us.springett.parsers.cpe.exceptions.CpeParsingException;

/**
 * Reads CVE records in the NVD CVE API 2.0 JSON form (https://nvd.nist.gov/developers/vulnerabilities,
 * schema https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema): an API response page or a
 * 2.0 data feed file ({@code {"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [{"cve": …}]}}),
 * or a single {@code {"cve": …}} item. Each CVE becomes one {@link Advisory} whose products are the
 * vulnerable {@code cpeMatch} entries of its configurations (with version range bounds); a
 * configuration with operator AND keeps its non-vulnerable CPEs as the product's platform condition.
 *
 * <p>Checked: CVE id syntax, CPE names parse ({@code us.springett:cpe-parser}), v3 vectors parse and
 * their declared version matches, v4 vectors start with {@code CVSS:4.0/} (kept as given, not scored).
 * CVEs with {@code vulnStatus} "Rejected" are skipped (counted in the warnings). The CISA KEV fields
 * ({@code cisaExploitAdd}) mark a CVE as known exploited.
 */
public final class NvdImporter {
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

    private final IntelLimits limits;

    public NvdImporter(IntelLimits limits) {
        this.limits = limits;
    }

    /** True for a feed/API page ({@code vulnerabilities[].cve}) or a single {@code {"cve": {...}}} item. */
    public static boolean looksLike(com.fasterxml.jackson.databind.JsonNode root) {
        if (!root.isObject()) {
            return false;
        }
        if ("NVD_CVE".equals(root.path("format").asText(null))) {
            return true;
        }
        var v = root.get("vulnerabilities");
        if (v != null && v.isArray() && (v.isEmpty() || v.get(0).has("cve"))) {
            return true;
        }
        return root.has("cve") && root.get("cve").has("id");
    }

    /** Reads the whole document (a page/feed or a single item). */
    public List<Advisory> read(JsonCursor root, String file, String sha256, List<String> warnings) throws IntelFormatException {
        root.requireObject();
        String version = root.optText("version");
        if (version != null && !version.equals("2.0")) {
            throw root.fail("version", "unsupported NVD format version \"" + Text.line(version, 20) + "\" (wardwatch reads CVE API 2.0 JSON; the retired 1.1 feeds are not supported)");
        }
        String format = root.optText("format");
        if (format != null && !format.equals("NVD_CVE")) {
            throw root.fail("format", "expected NVD_CVE");
        }
        List<Advisory> out = new ArrayList<>();
        if (root.has("vulnerabilities")) {
            int rejected = 0;
            for (JsonCursor item : root.array("vulnerabilities", true, false)) {
                Advisory a = readItem(item, file, sha256);
                if (a == null) {
                    rejected++;
                } else {
                    out.add(a);
                }
            }
            if (rejected > 0) {
                warnings.add(file + ": skipped " + rejected + " rejected CVE(s)");
            }
        } else {
            Advisory a = readItem(root, file, sha256);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /** One {@code {"cve": {...}}} item; null when the CVE is rejected. */
    public Advisory readItem(JsonCursor item, String file, String sha256) throws IntelFormatException {
        JsonCursor cve = item.object("cve");
        String id = cve.text("id");
        if (!CVE.matcher(id).matches()) {
            throw cve.fail("id", "not a CVE id (CVE-YYYY-NNNN…)");
        }
        String status = cve.optText("vulnStatus");
        if ("Rejected".equalsIgnoreCase(status)) {
            return null;
        }
        String published = cve.optText("published");
        String modified = cve.optText("lastModified");
        String description = null;
        for (JsonCursor d : cve.optArray("descriptions")) {
            String lang = d.text("lang");
            String value = d.optLongText("value");
            if (value == null) {
                throw d.fail("value", "required string is missing");
            }
            if (description == null || lang.startsWith("en")) {
                description = value;
            }
        }
        String source = cve.optText("sourceIdentifier");

        List<PublishedScore> scores = new ArrayList<>();
        var metrics = cve.optObject("metrics");
        if (metrics.isPresent()) {
            for (String key : new String[] {"cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"}) {
                for (JsonCursor m : metrics.get().optArray(key)) {
                    scores.add(readMetric(m, key));
                }
            }
        }
        List<Cwe> cwes = new ArrayList<>();
        for (JsonCursor w : cve.optArray("weaknesses")) {
            for (JsonCursor d : w.array("description", true, false)) {
                String value = d.text("value");
                if (value.matches("CWE-[1-9]\\d{0,5}") && cwes.stream().noneMatch(c -> c.id().equals(value))) {
                    cwes.add(new Cwe(value, null));
                }
            }
        }
        Map<String, AffectedProduct> products = new LinkedHashMap<>();
        int n = 0;
        for (JsonCursor config : cve.optArray("configurations")) {
            String op = config.optText("operator");
            List<JsonCursor> nodes = config.array("nodes", true, false);
            List<String> platform = new ArrayList<>();
            if ("AND".equals(op)) {
                for (JsonCursor node : nodes) {
                    for (JsonCursor m : node.optArray("cpeMatch")) {
                        Boolean vuln = m.optBoolean("vulnerable");
                        if (vuln != null && !vuln) {
                            platform.add(m.text("criteria"));
                        }
                    }
                }
            }
            for (JsonCursor node : nodes) {
                String nodeOp = node.optText("operator");
                if (nodeOp != null && !nodeOp.equals("OR") && !nodeOp.equals("AND")) {
                    throw node.fail("operator", "expected OR or AND");
                }
                Boolean negate = node.optBoolean("negate");
                for (JsonCursor m : node.optArray("cpeMatch")) {
                    Boolean vuln = m.optBoolean("vulnerable");
                    if (vuln == null) {
                        throw m.fail("vulnerable", "required boolean is missing");
                    }
                    String criteria = m.text("criteria");
                    Cpe cpe = parseCpe(m, criteria);
                    if (!vuln || Boolean.TRUE.equals(negate)) {
                        continue;
                    }
                    if (products.size() >= limits.maxItems()) {
                        throw m.fail("more than " + limits.maxItems() + " vulnerable CPE matches");
                    }
                    AffectedProduct.VersionBounds bounds = new AffectedProduct.VersionBounds(
                            m.optText("versionStartIncluding"), m.optText("versionStartExcluding"),
                            m.optText("versionEndIncluding"), m.optText("versionEndExcluding"));
                    String version = cpe.getVersion();
                    if (cpe.getUpdate() != null && !cpe.getUpdate().equals("*") && !cpe.getUpdate().equals("-")) {
                        version = version + " " + cpe.getUpdate();
                    }
                    String pid = "cpe-" + (++n);
                    products.put(pid, new AffectedProduct(pid, cpe.getVendor(), cpe.getProduct(), version, "cpe", criteria,
                            criteria, null, bounds.isEmpty() ? null : bounds,
                            platform.isEmpty() ? null : "with " + String.join(" or ", platform), List.of()));
                }
            }
        }
        List<String> refs = new ArrayList<>();
        for (JsonCursor r : cve.optArray("references")) {
            refs.add(r.text("url"));
        }
        boolean kev = cve.has("cisaExploitAdd");
        String kevNote = kev ? "CISA Known Exploited Vulnerabilities catalog since " + cve.optText("cisaExploitAdd")
                + (cve.optText("cisaRequiredAction") != null ? "; required action: " + cve.optText("cisaRequiredAction") : "") : null;
        List<Remediation> remediations = new ArrayList<>();
        if (kev && cve.optText("cisaRequiredAction") != null) {
            remediations.add(new Remediation("mitigation", cve.optText("cisaRequiredAction"), null, List.of()));
        }
        var vuln = new AdvisoryVulnerability(id, cve.optText("cisaVulnerabilityName"), description, cwes, scores,
                new ArrayList<>(products.keySet()), List.of(), List.of(), List.of(), remediations, refs, kev, kevNote);
        String title = description == null ? id : id + ": " + Text.line(description, 160);
        return new Advisory(id, "nvd", title, source == null ? "NVD" : "NVD (" + source + ")",
                "https://nvd.nist.gov/vuln/detail/" + id, published, modified, file, sha256,
                new ArrayList<>(products.values()), List.of(vuln));
    }

    private static Cpe parseCpe(JsonCursor at, String criteria) throws IntelFormatException {
        try {
            return CpeParser.parse(criteria);
        } catch (CpeParsingException | RuntimeException e) {
            throw at.fail("criteria", "not a valid CPE name: " + Text.line(e.getMessage(), 160));
        }
    }

    private static PublishedScore readMetric(JsonCursor m, String key) throws IntelFormatException {
        String source = m.optText("source");
        JsonCursor data = m.object("cvssData");
        String version = data.text("version");
        String vector = data.text("vectorString");
        Double base = data.optNumber("baseScore");
        if (base == null) {
            throw data.fail("baseScore", "required number is missing");
        }
        if (base < 0 || base > 10) {
            throw data.fail("baseScore", "outside 0..10");
        }
        switch (key) {
            case "cvssMetricV31", "cvssMetricV30" -> {
                if (!vector.startsWith("CVSS:" + version + "/") || CvssV3Vectors.metrics(vector) == null) {
                    throw data.fail("vectorString", "not a valid CVSS " + Text.line(version, 8) + " vector: " + Text.line(vector, 120));
                }
            }
            case "cvssMetricV40" -> {
                if (!vector.startsWith("CVSS:4.0/")) {
                    throw data.fail("vectorString", "does not start with CVSS:4.0/");
                }
            }
            default -> {
                if (!vector.matches("(AV:[LAN]/AC:[HML]/Au:[MSN]/C:[NPC]/I:[NPC]/A:[NPC])(/.*)?")) {
                    throw data.fail("vectorString", "not a valid CVSS v2 vector: " + Text.line(vector, 120));
                }
            }
        }
        return new PublishedScore(version, vector, base, source, List.of());
    }
}
