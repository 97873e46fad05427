package org.wardwatch.model.finding;

import java.util.List;

/**
 * A device's risk score (0–100) and the arithmetic behind it (docs/risk.md):
 * {@code score = round(100 × likelihood × impact)}, where likelihood combines the device's findings
 * ({@code 1 − Π(1 − likelihood_f)}) times its exposure, and impact comes from clinical criticality and
 * the patient data it handles.
 *
 * @param likelihood  0..1
 * @param exposure    0..1 factor already included in {@code likelihood}
 * @param impact      0..1
 * @param explanation the computation in words and numbers, one step per line
 * @param findings    number of findings on the device
 * @param worst       the worst finding severity, null when there are none
 * @param topFindings ids of the findings that contribute most, best first (at most 5)
 */
public record DeviceRisk(String deviceId, int score, double likelihood, double exposure, double impact,
                         List<String> explanation, int findings, Severity worst, List<String> topFindings) {
    public DeviceRisk {
        explanation = List.copyOf(explanation);
        topFindings = List.copyOf(topFindings);
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score outside 0..100: " + score);
        }
    }
}
