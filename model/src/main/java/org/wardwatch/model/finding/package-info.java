/**
 * Risk findings: what is wrong with a device and why we think so. A {@link org.wardwatch.model.finding.Finding}
 * is either a known vulnerability matched from an advisory (CSAF, NVD, CycloneDX VEX) or a weakness
 * observed in the traffic (cleartext credentials, SMBv1, an end-of-support OS...). A
 * {@link org.wardwatch.model.finding.DeviceRisk} is a device's 0–100 score with its arithmetic.
 *
 * <p>These records are the contract between the risk module and its readers (CLI, reports, store, API):
 * their JSON form is what {@code findings.json} and {@code risk.json} hold; field names are API.
 * Strings that came from advisories are untrusted input (a CSAF file can say anything): readers that
 * render them (HTML, CSV) must escape them.
 */
package org.wardwatch.model.finding;
