package org.wardwatch.risk.weakness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wardwatch.model.finding.FindingKind;
import org.wardwatch.model.finding.Severity;

/** Loads and checks {@code weakness-rules.json}: unique ids, known kinds and operators, a source for every rule. */
public final class WeaknessRules {
    private WeaknessRules() {
    }

    public static List<WeaknessRule> defaults() {
        try (InputStream in = WeaknessRules.class.getResourceAsStream("/org/wardwatch/risk/weakness-rules.json")) {
            if (in == null) {
                throw new IllegalStateException("weakness-rules.json missing from the classpath");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<WeaknessRule> parse(JsonNode root) {
        List<WeaknessRule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode r : root.get("rules")) {
            String id = req(r, "id", "?");
            if (!ids.add(id)) {
                throw new IllegalStateException("weakness rule id " + id + " is used twice");
            }
            List<String> device = new ArrayList<>();
            r.get("device").forEach(d -> device.add(d.asText()));
            if (device.isEmpty()) {
                throw new IllegalStateException("weakness rule " + id + ": no device endpoint");
            }
            List<String> refs = new ArrayList<>();
            if (r.has("references")) {
                r.get("references").forEach(x -> refs.add(x.asText()));
            }
            double likelihood = r.get("likelihood").asDouble();
            if (!(likelihood > 0 && likelihood <= 1)) {
                throw new IllegalStateException("weakness rule " + id + ": likelihood must be in (0, 1]");
            }
            out.add(new WeaknessRule(id, req(r, "observation", id), WeaknessRule.conditions(r.get("when"), id), List.copyOf(device),
                    FindingKind.parse(req(r, "kind", id)), Severity.parse(req(r, "severity", id)), likelihood,
                    req(r, "title", id), req(r, "detail", id), req(r, "fact", id), req(r, "remediation", id),
                    List.copyOf(refs), req(r, "source", id), r.path("phi").asBoolean(false),
                    r.has("exposure") ? r.get("exposure").asText() : null));
        }
        return out;
    }

    private static String req(JsonNode r, String field, String id) {
        JsonNode v = r.get(field);
        if (v == null || v.asText().isBlank()) {
            throw new IllegalStateException("weakness rule " + id + ": missing " + field);
        }
        return v.asText();
    }
}
