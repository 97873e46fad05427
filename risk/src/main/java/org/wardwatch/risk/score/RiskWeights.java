package org.wardwatch.risk.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.finding.MatchCertainty;
import org.wardwatch.model.finding.Severity;

/** The numbers of the score, from {@code risk-weights.json} (each with what it is anchored on). */
public record RiskWeights(double exactVersion, double versionRange, double productFamily, double possiblyAffected,
                          double noVector, double knownExploited,
                          double lifeSustaining, double diagnostic, double informational, double none, double unknown,
                          double phiSome, double phiMany, long phiManyThreshold,
                          double exposureInternet, double exposureFlat, double exposureInternal,
                          List<String> userWorkstationCategories, List<String> medicalCriticalities,
                          Severity flatSeverity, double flatLikelihood, String flatSource,
                          Severity eosSeverity, double eosLikelihood, String eosSource,
                          Severity dicomSeverity, double dicomLikelihood, String dicomSource) {

    private static final RiskWeights DEFAULT = load();

    public static RiskWeights defaults() {
        return DEFAULT;
    }

    private static RiskWeights load() {
        try (InputStream in = RiskWeights.class.getResourceAsStream("/org/wardwatch/risk/risk-weights.json")) {
            if (in == null) {
                throw new IllegalStateException("risk-weights.json missing from the classpath");
            }
            JsonNode r = new ObjectMapper().readTree(in);
            JsonNode mc = r.get("matchCertainty");
            JsonNode adv = r.get("advisory");
            JsonNode crit = r.get("criticality");
            JsonNode phi = r.get("phi");
            JsonNode exp = r.get("exposure");
            List<String> ws = new ArrayList<>();
            r.get("userWorkstationCategories").forEach(x -> ws.add(x.asText()));
            List<String> med = new ArrayList<>();
            r.get("medicalCriticalities").forEach(x -> med.add(x.asText()));
            JsonNode flat = r.get("flatNetwork");
            JsonNode eos = r.get("endOfSupportOs");
            JsonNode dicom = r.get("dicomPromiscuousScp");
            return new RiskWeights(num(mc, "exact_version"), num(mc, "version_range"), num(mc, "product_family"),
                    num(mc, "possibly_affected"), num(adv, "noVector"), num(adv, "knownExploited"),
                    num(crit, "life_sustaining"), num(crit, "diagnostic"), num(crit, "informational"), num(crit, "none"),
                    num(crit, "unknown"), num(phi, "some"), num(phi, "many"), phi.get("manyThreshold").asLong(),
                    num(exp, "internet"), num(exp, "flat"), num(exp, "internal"), List.copyOf(ws), List.copyOf(med),
                    Severity.parse(flat.get("severity").asText()), num(flat, "likelihood"), flat.get("source").asText(),
                    Severity.parse(eos.get("severity").asText()), num(eos, "likelihood"), eos.get("source").asText(),
                    Severity.parse(dicom.get("severity").asText()), num(dicom, "likelihood"), dicom.get("source").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1 && !field.equals("manyThreshold")) {
            throw new IllegalStateException("risk-weights.json: " + field + " must be a number in 0..1");
        }
        return v.asDouble();
    }

    public double certainty(MatchCertainty c) {
        return switch (c) {
            case EXACT_VERSION -> exactVersion;
            case VERSION_RANGE -> versionRange;
            case PRODUCT_FAMILY -> productFamily;
            case POSSIBLY_AFFECTED -> possiblyAffected;
        };
    }

    public double criticality(String c) {
        return switch (c == null ? "unknown" : c) {
            case "life_sustaining" -> lifeSustaining;
            case "diagnostic" -> diagnostic;
            case "informational" -> informational;
            case "none" -> none;
            default -> unknown;
        };
    }

    public double phi(long messages) {
        return messages <= 0 ? 0 : messages >= phiManyThreshold ? phiMany : phiSome;
    }
}
