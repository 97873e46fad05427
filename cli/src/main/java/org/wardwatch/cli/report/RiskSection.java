package org.wardwatch.cli.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wardwatch.cli.stage.AnalysisContext;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.model.finding.Finding;
import org.wardwatch.model.finding.FindingKind;
import org.wardwatch.model.finding.Severity;
import org.wardwatch.risk.RiskResult;

/**
 * Risk: key figures, the riskiest devices with their score arithmetic, findings by kind and severity,
 * and the advisories that affect the inventory. Advisory text is hostile input (anyone can write a CSAF
 * file): every string goes through {@link Html#text}, and advisory URLs are shown as text, never as links.
 */
public final class RiskSection implements ReportSection {
    private static final int TOP_DEVICES = 15;
    private static final int TOP_ADVISORIES = 30;

    @Override
    public String id() {
        return "risk";
    }

    @Override
    public String title() {
        return "Risk";
    }

    @Override
    public String html(AnalysisContext context) {
        RiskResult r = context.get(RiskResult.class).orElse(null);
        if (r == null) {
            return null;
        }
        Map<String, String> labels = new HashMap<>();
        context.get(Inventory.Result.class).ifPresent(inv -> {
            for (Device d : inv.devices()) {
                labels.put(d.id(), label(d));
            }
        });
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        Map<FindingKind, Integer> byKind = new EnumMap<>(FindingKind.class);
        Map<String, Finding> byId = new HashMap<>();
        for (Finding f : r.findings()) {
            bySeverity.merge(f.severity(), 1, Integer::sum);
            byKind.merge(f.kind(), 1, Integer::sum);
            byId.put(f.id(), f);
        }
        StringBuilder sb = new StringBuilder();
        List<String[]> tiles = new ArrayList<>();
        tiles.add(new String[] {"findings", Html.number(r.findings().size())});
        tiles.add(new String[] {"critical / high", bySeverity.getOrDefault(Severity.CRITICAL, 0) + " / " + bySeverity.getOrDefault(Severity.HIGH, 0)});
        tiles.add(new String[] {"devices with findings", Html.number(r.stats().devicesWithFindings())});
        tiles.add(new String[] {"advisories affecting the inventory", Html.number(r.advisories().size())});
        tiles.add(new String[] {"intel loaded (advisories, SBOM/VEX)", r.stats().advisoriesLoaded() + ", " + r.stats().sbomsLoaded()});
        sb.append(Html.tiles(tiles));
        if (r.stats().advisoriesLoaded() == 0 && r.stats().sbomsLoaded() == 0) {
            sb.append("<p class=\"muted\">No vulnerability intelligence was loaded: only weaknesses observed in the traffic are shown. "
                    + "Import advisories with <code>wardwatch intel import</code> (CSAF, NVD, CycloneDX).</p>");
        }
        if (r.findings().isEmpty()) {
            sb.append("<p>No findings.</p>");
            return sb.toString();
        }

        List<DeviceRisk> top = r.scores().stream().filter(s -> s.score() > 0).limit(TOP_DEVICES).toList();
        sb.append("<h3>Riskiest devices</h3>");
        sb.append(Html.barChart("device risk score (0–100): likelihood × impact, see the arithmetic below",
                top.stream().map(s -> labels.getOrDefault(s.deviceId(), s.deviceId())).toList(),
                top.stream().map(s -> (long) s.score()).toList(), false));
        List<List<String>> rows = new ArrayList<>();
        for (DeviceRisk s : top) {
            Finding first = s.topFindings().isEmpty() ? null : byId.get(s.topFindings().get(0));
            StringBuilder why = new StringBuilder("<details><summary>").append(Html.text(first == null ? "" : first.title()))
                    .append("</summary><pre>");
            for (String line : s.explanation()) {
                why.append(Html.text(line)).append('\n');
            }
            why.append("</pre></details>");
            rows.add(List.of(Html.text(s.deviceId()), Html.text(labels.getOrDefault(s.deviceId(), "")),
                    "<b>" + s.score() + "</b>", Html.text(s.worst() == null ? "" : s.worst().jsonName()),
                    Html.text(s.findings()), why.toString()));
        }
        sb.append(Html.table(List.of("device", "identified as", "score", "worst", "findings", "top finding (and the score's arithmetic)"), rows));

        sb.append("<h3>Findings by kind</h3>");
        List<String> kindLabels = new ArrayList<>();
        List<Long> kindCounts = new ArrayList<>();
        byKind.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> {
            kindLabels.add(e.getKey().jsonName());
            kindCounts.add((long) e.getValue());
        });
        sb.append(Html.barChart("findings per kind", kindLabels, kindCounts, false));
        List<String> sevLabels = new ArrayList<>();
        List<Long> sevCounts = new ArrayList<>();
        for (Severity sev : Severity.values()) {
            if (bySeverity.containsKey(sev)) {
                sevLabels.add(sev.jsonName());
                sevCounts.add((long) bySeverity.get(sev));
            }
        }
        sb.append(Html.barChart("findings per severity", sevLabels, sevCounts, false));

        if (!r.advisories().isEmpty()) {
            sb.append("<h3>Advisories affecting the inventory</h3>");
            List<List<String>> adv = new ArrayList<>();
            for (RiskResult.AdvisoryImpact a : r.advisories().stream().limit(TOP_ADVISORIES).toList()) {
                List<String> cves = a.cves().size() > 5 ? a.cves().subList(0, 5) : a.cves();
                adv.add(List.of(Html.text(a.id()), Html.text(a.title()),
                        Html.text(String.join(" ", cves) + (a.cves().size() > 5 ? " +" + (a.cves().size() - 5) : "")),
                        Html.text(a.maxBaseScore() == null ? "" : a.maxBaseScore()),
                        Html.text(a.devices().size() + ": " + String.join(", ", a.devices().size() > 6 ? a.devices().subList(0, 6) : a.devices())
                                + (a.devices().size() > 6 ? ", …" : "")),
                        Html.text(a.bestCertainty() == null ? "" : a.bestCertainty().jsonName()),
                        Html.text(a.url() == null ? "" : a.url())));
            }
            sb.append(Html.table(List.of("advisory", "title", "CVEs", "max CVSS", "devices", "best match", "source (not a link)"), adv));
            if (r.advisories().size() > TOP_ADVISORIES) {
                sb.append("<p class=\"muted\">").append(r.advisories().size() - TOP_ADVISORIES)
                        .append(" more in findings.json.</p>");
            }
        }
        Map<String, Integer> vex = new TreeMap<>();
        for (RiskResult.Suppressed s : r.suppressed()) {
            vex.merge(s.state() == null ? "unknown" : s.state(), 1, Integer::sum);
        }
        if (!vex.isEmpty()) {
            StringBuilder v = new StringBuilder();
            vex.forEach((k, n) -> v.append(v.length() > 0 ? ", " : "").append(n).append(' ').append(k));
            sb.append("<p class=\"muted\">Ruled out by VEX or CSAF product status: ").append(Html.text(v)).append(".</p>");
        }
        sb.append("<p class=\"muted\">Method, weights and sources: docs/risk.md. Every finding with its evidence, CVSS "
                + "(published and MITRE medical-device rubric), NIST CSF 2.0 and HIPAA mappings: findings.json or "
                + "<code>wardwatch findings</code>.</p>");
        return sb.toString();
    }

    private static String label(Device d) {
        String vendor = d.vendor().value();
        String model = d.model().value();
        String cat = d.category().value();
        StringBuilder sb = new StringBuilder();
        if (vendor != null) {
            sb.append(vendor);
        }
        if (model != null) {
            sb.append(sb.length() > 0 ? " " : "").append(model);
        }
        if (cat != null) {
            sb.append(sb.length() > 0 ? " (" + cat + ")" : cat);
        }
        return sb.length() == 0 ? d.id() : sb.toString();
    }
}
