package org.wardwatch.model.finding;

import java.util.List;

/**
 * A CVSS score as published, and (v3 only) the score after applying the MITRE "Rubric for Applying
 * CVSS to Medical Devices" to this device. CVSS v4 and v2 vectors are kept as given (no recomputation).
 *
 * @param version       "2.0", "3.0", "3.1" or "4.0"
 * @param vector        the vector string as published
 * @param baseScore     the published base score (recomputed from the vector for v3 when absent)
 * @param source        who scored it (CSAF publisher, NVD, the VEX author)
 * @param rubricVector  the v3.1 vector after the rubric's impact questions were answered for this
 *                      device, null when not applicable (no v3 vector, or nothing changed is still shown)
 * @param rubricScore   base score of {@code rubricVector}, null when not applicable
 * @param rubricAnswers the rubric questions answered and how ({@code XIT=yes: device category infusion_pump delivers therapy})
 */
public record CvssScore(String version, String vector, Double baseScore, String source,
                        String rubricVector, Double rubricScore, List<String> rubricAnswers) {
    public CvssScore {
        rubricAnswers = rubricAnswers == null ? List.of() : List.copyOf(rubricAnswers);
    }
}
