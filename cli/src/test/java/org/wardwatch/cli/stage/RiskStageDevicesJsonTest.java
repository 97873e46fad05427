package org.wardwatch.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.cli.output.Json;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.model.finding.Severity;

/** devices.json written with the devices' risk reads exactly as the whole tree with the score members added. */
class RiskStageDevicesJsonTest {
    private static final List<DeviceRisk> SCORES = List.of(
            new DeviceRisk("mac-001122334455", 65, 0.9, 1.0, 0.72, List.of("x"), 2, Severity.HIGH, List.of("f1")),
            new DeviceRisk("ip-10.0.0.9", 0, 0, 0.5, 0.3, List.of(), 0, null, List.of()));

    /** The reference: the whole file read as one tree, the score members added, written again. */
    private static void treeForm(Path file, List<DeviceRisk> scores) throws IOException {
        JsonNode root = Json.mapper().readTree(file.toFile());
        ArrayNode list = root.isArray() ? (ArrayNode) root : root.path("devices").isArray() ? (ArrayNode) root.get("devices") : null;
        if (list == null) {
            return;
        }
        Map<String, DeviceRisk> byId = new HashMap<>();
        scores.forEach(s -> byId.put(s.deviceId(), s));
        for (JsonNode n : list) {
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
        }
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static org.wardwatch.model.device.Device device(String id, String vendor, double confidence) {
        java.time.Instant t = java.time.Instant.parse("2024-05-01T08:00:00.000123Z");
        var evidence = new org.wardwatch.model.device.Evidence(t, "dhcp_client_seen", "vendor_class=\"x…\"", "rule.x", "source");
        var none = org.wardwatch.model.device.AttributeValue.unknown(org.wardwatch.model.device.Attribute.MODEL);
        var vendorValue = new org.wardwatch.model.device.AttributeValue(org.wardwatch.model.device.Attribute.VENDOR, vendor, confidence,
                List.of(evidence), List.of());
        return new org.wardwatch.model.device.Device(id, List.of(), List.of(), List.of(), List.of(), t, t.plusSeconds(60), true, false,
                org.wardwatch.model.device.AttributeValue.unknown(org.wardwatch.model.device.Attribute.CATEGORY), vendorValue, none,
                org.wardwatch.model.device.AttributeValue.unknown(org.wardwatch.model.device.Attribute.OS),
                org.wardwatch.model.device.AttributeValue.unknown(org.wardwatch.model.device.Attribute.FIRMWARE),
                org.wardwatch.model.device.AttributeValue.unknown(org.wardwatch.model.device.Attribute.SERIAL),
                org.wardwatch.model.device.Criticality.NONE, List.of(), List.of(), List.of());
    }

    @Test
    void theDevicesFileWithRiskReadsAsTheScoreMembersAddedToTheTree(@TempDir Path dir) throws IOException {
        Path withRisk = dir.resolve("devices.json");
        Path tree = dir.resolve("tree.json");
        var devices = List.of(device("mac-001122334455", "pompe é ✓ \u0001 \"q\"\n  }, {", 0.1), device("unscored", "x", 1.0E-7),
                device("ip-10.0.0.9", "B. Braun", 0.615), device(null, "null id", 0.5));
        Map<String, DeviceRisk> byId = new HashMap<>();
        SCORES.forEach(s -> byId.put(s.deviceId(), s));
        org.wardwatch.inventory.io.DevicesJson.write(withRisk, devices, Map.of("devices", 4L), byId);
        org.wardwatch.inventory.io.DevicesJson.write(tree, devices, Map.of("devices", 4L));
        treeForm(tree, SCORES);
        assertThat(Files.readString(withRisk, StandardCharsets.UTF_8)).isEqualTo(Files.readString(tree, StandardCharsets.UTF_8))
                .contains("\"riskWorstSeverity\" : \"high\"", "\"riskScore\" : 0");
    }
}
