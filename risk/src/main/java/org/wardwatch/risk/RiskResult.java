package org.wardwatch.risk;

import java.util.List;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.model.finding.Finding;
import org.wardwatch.model.finding.MatchCertainty;

/**
 * What risk analysis produced: findings (best-scored devices first), one score per device, the
 * advisories that affect at least one device, and what VEX statements ruled out.
 */
public record RiskResult(List<Finding> findings, List<DeviceRisk> scores, List<AdvisoryImpact> advisories,
                         List<Suppressed> suppressed, Stats stats) {
    public RiskResult {
        findings = List.copyOf(findings);
        scores = List.copyOf(scores);
        advisories = List.copyOf(advisories);
        suppressed = List.copyOf(suppressed);
    }

    /** An advisory and the devices it affects. Strings are untrusted advisory text. */
    public record AdvisoryImpact(String id, String source, String title, String publisher, String url, List<String> cves,
                                 Double maxBaseScore, List<String> devices, MatchCertainty bestCertainty) {
        public AdvisoryImpact {
            cves = List.copyOf(cves);
            devices = List.copyOf(devices);
        }
    }

    /** A vulnerability a VEX statement (or a CSAF fixed/not-affected status) ruled out for a device. */
    public record Suppressed(String deviceId, String vulnerability, String component, String state, String justification,
                             String source) {
    }

    /**
     * Counts for the summary.
     *
     * @param advisoriesLoaded advisories (CSAF documents and NVD CVEs) in the intel store
     * @param sbomsLoaded      SBOM/VEX documents in the intel store
     * @param droppedObservations observations not recorded because a cap was reached
     */
    public record Stats(int devices, int advisoriesLoaded, int sbomsLoaded, int findings, int devicesWithFindings,
                        long droppedObservations) {
    }

    public static RiskResult empty() {
        return new RiskResult(List.of(), List.of(), List.of(), List.of(), new Stats(0, 0, 0, 0, 0, 0));
    }
}
