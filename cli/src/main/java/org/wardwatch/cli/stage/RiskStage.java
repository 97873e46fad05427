package org.wardwatch.cli.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            writeDevicesWithRisk(context, result.scores());
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
     * Rewrites the devices file the inventory stage wrote, from the same devices, with each scored device's
     * risk as its last members ({@code riskScore}, {@code riskWorstSeverity}, {@code riskFindings}).
     */
    private static void writeDevicesWithRisk(AnalysisContext context, List<DeviceRisk> scores) throws IOException {
        Optional<Inventory.Result> inventory = context.get(Inventory.Result.class);
        Path file = context.outDir().resolve("devices.json");
        if (inventory.isEmpty() || scores.isEmpty() || !Files.exists(file)) {
            return;
        }
        Map<String, DeviceRisk> byId = new HashMap<>();
        scores.forEach(s -> byId.put(s.deviceId(), s));
        DevicesJson.write(file, inventory.get().devices(), inventory.get().counters(), byId);
    }
}
