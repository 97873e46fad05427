package org.wardwatch.risk.intel;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.OrganizationalEntity;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.JsonParser;
import org.wardwatch.model.finding.Cwe;

/**
 * Reads a CycloneDX JSON document (specification 1.2–1.6, https://cyclonedx.org/specification/overview/):
 * an SBOM of a device's software, a VEX document (vulnerabilities with {@code analysis}), or both in
 * one BOM (what device makers publish under FDA's section 524B premarket guidance).
 *
 * <p>Validation uses the CycloneDX JSON schema of the declared {@code specVersion}, bundled in
 * {@code org.cyclonedx:cyclonedx-core-java} (no network); the first schema violations are reported with
 * their JSON paths. Reading uses the library's {@link Bom} model. Components nested inside components
 * are flattened. Known gaps: XML documents, {@code dependencies} (which component includes which) and
 * {@code compositions} are not used.
 */
public final class CycloneDxImporter {
    private final IntelLimits limits;

    /** Schemas are costly to build (hundreds of KB of JSON with references): one per version, shared. */
    private static final Map<Version, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final ObjectMapper SCHEMA_MAPPER = new ObjectMapper();
    private static final JsonParser PARSER = new JsonParser();

    private static JsonSchema schema(JsonParser parser, Version version) throws IOException {
        JsonSchema s = SCHEMAS.get(version);
        if (s == null) {
            s = parser.getJsonSchema(version, SCHEMA_MAPPER);
            SCHEMAS.put(version, s);
        }
        return s;
    }

    public CycloneDxImporter(IntelLimits limits) {
        this.limits = limits;
    }

    public static boolean looksLike(JsonNode root) {
        return root.isObject() && root.has("bomFormat");
    }

    public Sbom read(JsonCursor root, byte[] bytes, String file, String sha256) throws IntelFormatException {
        root.requireObject();
        String format = root.text("bomFormat");
        if (!format.equals("CycloneDX")) {
            throw root.fail("bomFormat", "expected \"CycloneDX\"");
        }
        String spec = root.text("specVersion");
        Version version = switch (spec) {
            case "1.2" -> Version.VERSION_12;
            case "1.3" -> Version.VERSION_13;
            case "1.4" -> Version.VERSION_14;
            case "1.5" -> Version.VERSION_15;
            case "1.6" -> Version.VERSION_16;
            default -> throw root.fail("specVersion", "unsupported CycloneDX version \"" + Text.line(spec, 20)
                    + "\" (wardwatch reads JSON documents of CycloneDX 1.2 to 1.6)");
        };
        JsonParser parser = PARSER;
        List<String> problems = new ArrayList<>();
        try {
            for (ValidationMessage m : schema(parser, version).validate(root.node())) {
                problems.add(m.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            throw new IntelFormatException(file, "$", "CycloneDX schema validation failed: " + Text.line(String.valueOf(e.getMessage()), 200), e);
        }
        if (!problems.isEmpty()) {
            java.util.Collections.sort(problems);
            String first = Text.line(problems.get(0), 300);
            String path = "$";
            int colon = first.indexOf(": ");
            if (first.startsWith("$") && colon > 0) {
                path = first.substring(0, colon);
                first = first.substring(colon + 2);
            }
            throw new IntelFormatException(file, path, "violates the CycloneDX " + spec + " schema: " + first
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        Bom bom;
        try {
            bom = parser.parse(bytes);
        } catch (ParseException | RuntimeException e) {
            throw new IntelFormatException(file, "$", "cannot read the CycloneDX document: " + Text.line(String.valueOf(e.getMessage()), 200), e);
        }
        String serial = bom.getSerialNumber() != null ? line(bom.getSerialNumber()) : "file:" + file;
        SbomComponent subject = null;
        if (bom.getMetadata() != null && bom.getMetadata().getComponent() != null) {
            Component c = bom.getMetadata().getComponent();
            String vendor = firstName(c.getManufacturer(), bom.getMetadata().getManufacturer(), c.getSupplier(),
                    bom.getMetadata().getSupplier());
            subject = component(c, vendor);
        }
        List<SbomComponent> components = new ArrayList<>();
        flatten(bom.getComponents(), components, root, 0);
        List<VexStatement> vex = new ArrayList<>();
        if (bom.getVulnerabilities() != null) {
            if (bom.getVulnerabilities().size() > limits.maxItems()) {
                throw root.fail("vulnerabilities", "more than " + limits.maxItems() + " entries");
            }
            int i = 0;
            for (Vulnerability v : bom.getVulnerabilities()) {
                vex.add(statement(v, file, "$.vulnerabilities[" + i + "]"));
                i++;
            }
        }
        return new Sbom(serial, bom.getVersion(), spec, file, sha256, subject, components, vex);
    }

    private void flatten(List<Component> list, List<SbomComponent> out, JsonCursor root, int depth) throws IntelFormatException {
        if (list == null) {
            return;
        }
        if (depth > 32) {
            throw root.fail("components", "components nested deeper than 32 levels");
        }
        for (Component c : list) {
            if (out.size() >= limits.maxItems()) {
                throw root.fail("components", "more than " + limits.maxItems() + " components");
            }
            out.add(component(c, firstName(c.getManufacturer(), c.getSupplier())));
            flatten(c.getComponents(), out, root, depth + 1);
        }
    }

    private SbomComponent component(Component c, String vendor) {
        if (vendor == null) {
            vendor = c.getPublisher() != null ? c.getPublisher() : c.getAuthor() != null ? c.getAuthor() : c.getGroup();
        }
        return new SbomComponent(line(c.getBomRef()), c.getType() == null ? null : c.getType().getTypeName(), line(vendor),
                line(c.getName()), line(c.getVersion()), line(c.getPurl()), line(c.getCpe()));
    }

    private VexStatement statement(Vulnerability v, String file, String path) throws IntelFormatException {
        if (v.getId() == null || v.getId().isBlank()) {
            throw new IntelFormatException(file, path + ".id", "a vulnerability needs an id to be matched");
        }
        List<String> affects = new ArrayList<>();
        if (v.getAffects() != null) {
            for (Vulnerability.Affect a : v.getAffects()) {
                if (a.getRef() != null) {
                    affects.add(line(a.getRef()));
                }
            }
        }
        String state = null;
        String justification = null;
        String detail = null;
        List<String> responses = new ArrayList<>();
        if (v.getAnalysis() != null) {
            var an = v.getAnalysis();
            state = an.getState() == null ? null : an.getState().getStateName();
            justification = an.getJustification() == null ? null : an.getJustification().getJustificationName();
            detail = clean(an.getDetail());
            if (an.getResponses() != null) {
                for (var r : an.getResponses()) {
                    responses.add(r.getResponseName());
                }
            }
        }
        List<PublishedScore> ratings = new ArrayList<>();
        if (v.getRatings() != null) {
            for (Vulnerability.Rating r : v.getRatings()) {
                String method = r.getMethod() == null ? null : r.getMethod().getMethodName();
                String vector = line(r.getVector());
                String ver = method == null ? null : switch (method.toUpperCase(Locale.ROOT)) {
                    case "CVSSV2" -> "2.0";
                    case "CVSSV3" -> "3.0";
                    case "CVSSV31" -> "3.1";
                    case "CVSSV4" -> "4.0";
                    default -> null;
                };
                if (ver == null || vector == null) {
                    continue;
                }
                // CycloneDX allows the vector with or without the "CVSS:3.x/" prefix
                if ((ver.equals("3.0") || ver.equals("3.1") || ver.equals("4.0")) && !vector.startsWith("CVSS:")) {
                    vector = "CVSS:" + ver + "/" + vector;
                }
                String src = r.getSource() != null ? line(r.getSource().getName()) : null;
                ratings.add(new PublishedScore(ver, vector, r.getScore(), src, List.of()));
            }
        }
        List<Cwe> cwes = new ArrayList<>();
        if (v.getCwes() != null) {
            for (Integer c : v.getCwes()) {
                cwes.add(new Cwe("CWE-" + c, null));
            }
        }
        List<String> refs = new ArrayList<>();
        if (v.getAdvisories() != null) {
            for (Vulnerability.Advisory a : v.getAdvisories()) {
                if (a.getUrl() != null) {
                    refs.add(line(a.getUrl()));
                }
            }
        }
        if (v.getSource() != null && v.getSource().getUrl() != null) {
            refs.add(line(v.getSource().getUrl()));
        }
        return new VexStatement(line(v.getId()), v.getSource() == null ? null : line(v.getSource().getName()), affects, state,
                justification, responses, detail, clean(v.getDescription()), clean(v.getRecommendation()), ratings, cwes, refs);
    }

    private static String firstName(OrganizationalEntity... entities) {
        for (OrganizationalEntity e : entities) {
            if (e != null && e.getName() != null && !e.getName().isBlank()) {
                return e.getName();
            }
        }
        return null;
    }

    private String line(String s) {
        return Text.line(s, limits.maxTextChars());
    }

    private String clean(String s) {
        return Text.clean(s, limits.maxTextChars());
    }
}
