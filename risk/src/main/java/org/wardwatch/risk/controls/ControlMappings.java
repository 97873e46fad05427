package org.wardwatch.risk.controls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.finding.FindingKind;

/**
 * Finding kind → NIST CSF 2.0 subcategories and HIPAA Security Rule safeguards, from
 * {@code control-mappings.json} (sources cited there). Every kind must be mapped (checked at load).
 */
public final class ControlMappings {
    /** The controls of one kind. */
    public record Controls(List<String> csf, List<String> hipaa) {
    }

    private final Map<FindingKind, Controls> byKind = new EnumMap<>(FindingKind.class);
    private final Map<String, String> csfText = new LinkedHashMap<>();
    private final Map<String, String> hipaaText = new LinkedHashMap<>();

    private static final ControlMappings DEFAULT = load();

    public static ControlMappings defaults() {
        return DEFAULT;
    }

    private static ControlMappings load() {
        try (InputStream in = ControlMappings.class.getResourceAsStream("/org/wardwatch/risk/control-mappings.json")) {
            if (in == null) {
                throw new IllegalStateException("control-mappings.json missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            ControlMappings m = new ControlMappings();
            root.get("csf").fields().forEachRemaining(e -> m.csfText.put(e.getKey(), e.getValue().asText()));
            root.get("hipaa").fields().forEachRemaining(e -> m.hipaaText.put(e.getKey(), e.getValue().asText()));
            for (FindingKind k : FindingKind.values()) {
                JsonNode n = root.get("kinds").get(k.jsonName());
                if (n == null) {
                    throw new IllegalStateException("control-mappings.json: no mapping for finding kind " + k.jsonName());
                }
                List<String> csf = new ArrayList<>();
                n.get("csf").forEach(x -> csf.add(x.asText()));
                List<String> hipaa = new ArrayList<>();
                n.get("hipaa").forEach(x -> hipaa.add(x.asText()));
                for (String c : csf) {
                    if (!m.csfText.containsKey(c)) {
                        throw new IllegalStateException("control-mappings.json: " + k.jsonName() + " names unknown CSF subcategory " + c);
                    }
                }
                for (String h : hipaa) {
                    if (!m.hipaaText.containsKey(h)) {
                        throw new IllegalStateException("control-mappings.json: " + k.jsonName() + " names unknown HIPAA safeguard " + h);
                    }
                }
                m.byKind.put(k, new Controls(List.copyOf(csf), List.copyOf(hipaa)));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Controls of(FindingKind kind) {
        return byKind.get(kind);
    }

    public String csfText(String id) {
        return csfText.get(id);
    }

    public String hipaaText(String id) {
        return hipaaText.get(id);
    }

    public Map<String, String> csf() {
        return csfText;
    }

    public Map<String, String> hipaa() {
        return hipaaText;
    }
}
