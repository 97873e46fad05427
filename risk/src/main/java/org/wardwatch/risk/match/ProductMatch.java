package org.wardwatch.risk.match;

import org.wardwatch.model.finding.MatchCertainty;
import org.wardwatch.risk.intel.AffectedProduct;

/**
 * A device matched one product of an advisory.
 *
 * @param certainty how sure (exact version, version range, product family, possibly affected)
 * @param outcome   what the version comparison said
 * @param reason    why, in words: vendor, product and version comparison
 */
public record ProductMatch(AffectedProduct product, MatchCertainty certainty, VersionSpec.Outcome outcome, String reason) {
}
