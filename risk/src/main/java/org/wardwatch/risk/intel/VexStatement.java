package org.wardwatch.risk.intel;

import java.util.List;
import org.wardwatch.model.finding.Cwe;

/**
 * A CycloneDX vulnerability entry with its VEX analysis.
 *
 * @param id            the vulnerability id (CVE-…, GHSA-…, vendor ids)
 * @param affects       refs of the affected components: local bom-refs or BOM-Links
 *                      ({@code urn:cdx:<serial>/<version>#<bom-ref>})
 * @param state         analysis state: resolved, resolved_with_pedigree, exploitable, in_triage,
 *                      false_positive, not_affected; null when the document gives no analysis
 * @param justification why not affected (code_not_present, code_not_reachable, ...), null when none
 */
public record VexStatement(String id, String source, List<String> affects, String state, String justification,
                           List<String> responses, String detail, String description, String recommendation,
                           List<PublishedScore> ratings, List<Cwe> cwes, List<String> references) {
    public VexStatement {
        affects = List.copyOf(affects);
        responses = List.copyOf(responses);
        ratings = List.copyOf(ratings);
        cwes = List.copyOf(cwes);
        references = List.copyOf(references);
    }

    /** True when the analysis says the product is not (or no longer) affected. */
    public boolean suppresses() {
        return state != null && switch (state) {
            case "not_affected", "false_positive", "resolved", "resolved_with_pedigree" -> true;
            default -> false;
        };
    }
}
