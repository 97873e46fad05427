package org.wardwatch.model.finding;

import java.time.Instant;
import java.util.List;

/**
 * One problem with one device, with everything needed to act on it and to check it.
 *
 * @param id          stable across analyses of the same traffic and intel: {@code <kind>:<device>:<key>}
 * @param deviceId    the inventory's device id ({@code mac-…} or {@code ip-…})
 * @param title       one line, e.g. "SMBv1 negotiated" or the advisory's vulnerability title
 * @param detail      what was seen or what the advisory says (untrusted text for advisory findings)
 * @param evidence    the observations that show it (observed weaknesses), or the device attributes
 *                    the match rests on (advisory findings); never patient data
 * @param remediation what to do, from the advisory or the rule
 * @param advisory    the advisory (CSAF document, NVD CVE, SBOM/VEX) for matched findings, null for observed ones
 * @param cves        CVE ids, empty when none
 * @param cvss        CVSS vectors and scores as published, plus the medical-device rubric adjustment
 * @param cwes        weakness types
 * @param certainty   how sure the device/advisory match is; null for observed weaknesses
 * @param matchReason why the device matched (normalized names, version comparison), null for observed weaknesses
 * @param references  URLs from the advisory or the rule's sources
 * @param nistCsf     NIST CSF 2.0 subcategory ids the finding maps to, e.g. {@code PR.DS-02}
 * @param hipaa       HIPAA Security Rule safeguards (45 CFR §164.3xx citations) the finding maps to
 * @param likelihood  this finding's likelihood term in the device score (0..1), see docs/risk.md
 * @param firstSeen   first evidence time (packet time), null when the finding rests on intel only
 * @param lastSeen    last evidence time (packet time), null when the finding rests on intel only
 */
public record Finding(String id, String deviceId, FindingKind kind, Severity severity, String title, String detail,
                      List<FindingEvidence> evidence, String remediation, AdvisoryRef advisory,
                      List<String> cves, List<CvssScore> cvss, List<Cwe> cwes,
                      MatchCertainty certainty, String matchReason, List<String> references,
                      List<String> nistCsf, List<String> hipaa, double likelihood,
                      Instant firstSeen, Instant lastSeen) {
    public Finding {
        evidence = List.copyOf(evidence);
        cves = List.copyOf(cves);
        cvss = List.copyOf(cvss);
        cwes = List.copyOf(cwes);
        references = List.copyOf(references);
        nistCsf = List.copyOf(nistCsf);
        hipaa = List.copyOf(hipaa);
        if (!(likelihood >= 0 && likelihood <= 1)) {
            throw new IllegalArgumentException("likelihood outside 0..1: " + likelihood);
        }
    }

    /** The highest published CVSS base score, or null when there is none. */
    public Double maxBaseScore() {
        Double max = null;
        for (CvssScore s : cvss) {
            if (s.baseScore() != null && (max == null || s.baseScore() > max)) {
                max = s.baseScore();
            }
        }
        return max;
    }
}
