package org.wardwatch.cli.stage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.cli.output.Json;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.inventory.io.DevicesJson;
import org.wardwatch.model.Observation;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.risk.DeviceFacts;
import org.wardwatch.risk.FindingsFile;
import org.wardwatch.risk.RiskEngine;
import org.wardwatch.risk.RiskResult;
import org.wardwatch.risk.intel.IntelBundle;
import org.wardwatch.risk.intel.IntelStore;
import org.wardwatch.risk.weakness.WeaknessEngine;

/**
 * Risk after the inventory: observed weaknesses from the observation stream, advisories and SBOM/VEX
 * from the intel store ({@code --data} or the default data folder) matched to the inventory's devices,
 * and a score per device. Writes {@code findings.json}, adds each device's score to {@code devices.json}
 * (members {@code riskScore}, {@code riskWorstSeverity}, {@code riskFindings}) and puts the
 * {@link RiskResult} into the context for the report.
 */
public final class RiskStage implements AnalysisStage {
    private final WeaknessEngine weaknesses = new WeaknessEngine();
    private long errors;

    @Override
    public String name() {
        return "risk";
    }

    @Override
    public void accept(Observation observation) {
        try {
            weaknesses.accept(observation);
        } catch (RuntimeException e) {
            errors++; // a rule bug must not stop the analysis; counted in the summary
        }
    }

    @Override
    public void finish(AnalysisContext context) throws IOException {
        List<DeviceFacts> devices = new ArrayList<>();
        context.get(Inventory.Result.class).ifPresent(r -> r.devices().forEach(d -> devices.add(DeviceFacts.of(d))));
        Path dataDir = context.dataDir() != null ? context.dataDir() : org.wardwatch.store.Store.defaultDataDir();
        IntelStore store = new IntelStore(dataDir);
        IntelBundle intel;
        try {
            intel = store.load();
        } catch (IOException e) {
            context.summary("risk_warning", e.getMessage());
            intel = IntelBundle.empty();
        }
        RiskResult result = new RiskEngine(intel).analyze(devices, weaknesses, null);
        context.put(RiskResult.class, result);
        String at = weaknesses.latest() == null ? null : weaknesses.latest().toString();
        FindingsFile findings = FindingsFile.of(result, at, Files.exists(store.file()) ? store.file().toString() : null);
        // two independent files: findings.json written beside the devices.json rewrite
        BesideTask<Void> findingsWritten = BesideTask.start("wardwatch-findings-writer", () -> {
            findings.write(context.outDir().resolve(FindingsFile.NAME), Json.mapper());
            return null;
        });
        try {
            enrichDevicesJson(context.outDir().resolve("devices.json"), result.scores());
        } finally {
            findingsWritten.join();
        }
        context.summary("findings", result.findings().size() + " on " + result.stats().devicesWithFindings() + " device(s); "
                + result.advisories().size() + " advisories affect the inventory (intel: " + intel.advisories().size()
                + " advisories, " + intel.sboms().size() + " SBOM/VEX)");
        if (!result.scores().isEmpty() && result.scores().get(0).score() > 0) {
            DeviceRisk top = result.scores().get(0);
            context.summary("riskiest", top.deviceId() + " score " + top.score());
        }
        if (errors > 0 || weaknesses.dropped() > 0) {
            context.summary("risk_dropped", errors + " rule errors, " + weaknesses.dropped() + " observations over caps");
        }
    }

    /**
     * Adds the score members to each device of devices.json (an array, or an object with a "devices"
     * array), atomically. Streams the file one device at a time: the text is what writing the whole
     * tree with the default pretty printer gives.
     */
    static void enrichDevicesJson(Path file, List<DeviceRisk> scores) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Map<String, DeviceRisk> byId = new HashMap<>();
        scores.forEach(s -> byId.put(s.deviceId(), s));
        DevicesJson.Written written = DevicesJson.written(file);
        int[] ends = written == null ? null : written.deviceEnds();
        if (ends != null) {
            spliceScores(file, written, ends, byId);
            return;
        }
        ObjectMapper mapper = Json.mapper();
        SerializerProvider provider = mapper.getSerializerProviderInstance();
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "devices.json", ".tmp");
        try {
            boolean enriched = false;
            try (JsonParser p = mapper.createParser(file.toFile());
                 JsonGenerator g = mapper.writerWithDefaultPrettyPrinter().createGenerator(tmp.toFile(), JsonEncoding.UTF8)) {
                JsonToken root = p.nextToken();
                if (root == JsonToken.START_ARRAY) {
                    enrichDevices(p, g, mapper, provider, byId);
                    enriched = true;
                } else if (root == JsonToken.START_OBJECT) {
                    g.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken value = p.nextToken();
                        g.writeFieldName(name);
                        if (name.equals("devices") && value == JsonToken.START_ARRAY && !enriched) {
                            enrichDevices(p, g, mapper, provider, byId);
                            enriched = true;
                        } else {
                            ((JsonSerializable) mapper.readTree(p)).serialize(g, provider);
                        }
                    }
                    g.writeEndObject();
                }
            }
            if (enriched) {
                FindingsFile.readableByAll(tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The file as the inventory wrote it in this process (see {@link DevicesJson.Written}): the score members
     * inserted at the end of each scored device, as bytes. Gives what reading and rewriting it as trees gives
     * (the inventory writes with the same pretty printer and number and string forms, and a device has no member
     * named as a score member), without parsing 10+ MB of JSON again.
     */
    private static void spliceScores(Path file, DevicesJson.Written written, int[] ends, Map<String, DeviceRisk> byId)
            throws IOException {
        byte[] b = written.bytes();
        List<String> ids = written.ids();
        String indent = DevicesJson.LF + "    ";
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "devices.json", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                int at = 0;
                StringBuilder members = new StringBuilder(128);
                for (int i = 0; i < ends.length; i++) {
                    DeviceRisk r = byId.get(ids.get(i));
                    if (r == null) {
                        continue;
                    }
                    out.write(b, at, ends[i] - at);
                    at = ends[i];
                    members.setLength(0);
                    members.append(',').append(indent).append("\"riskScore\" : ").append(r.score());
                    if (r.worst() != null) {
                        members.append(',').append(indent).append("\"riskWorstSeverity\" : \"");
                        JsonStringEncoder.getInstance().quoteAsString(r.worst().jsonName(), members);
                        members.append('"');
                    }
                    members.append(',').append(indent).append("\"riskFindings\" : ").append(r.findings());
                    out.write(members.toString().getBytes(StandardCharsets.UTF_8));
                }
                out.write(b, at, written.size() - at);
            }
            FindingsFile.readableByAll(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** From the array's start token to its end: each device read as a tree, its score members added, written. */
    private static void enrichDevices(JsonParser p, JsonGenerator g, ObjectMapper mapper, SerializerProvider provider,
                                      Map<String, DeviceRisk> byId) throws IOException {
        g.writeStartArray();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonNode n = mapper.readTree(p);
            if (n instanceof ObjectNode o && o.has("id")) {
                DeviceRisk r = byId.get(o.get("id").asText());
                if (r != null) {
                    o.put("riskScore", r.score());
                    if (r.worst() != null) {
                        o.put("riskWorstSeverity", r.worst().jsonName());
                    }
                    o.put("riskFindings", r.findings());
                }
            }
            ((JsonSerializable) n).serialize(g, provider);
        }
        g.writeEndArray();
    }
}
