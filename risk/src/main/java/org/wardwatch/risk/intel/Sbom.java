package org.wardwatch.risk.intel;

import java.util.List;

/**
 * An imported CycloneDX document: a software bill of materials for one product (its
 * {@code metadata.component}), optionally with vulnerabilities and their VEX analysis, or a VEX-only
 * document whose {@code affects} refs point into another BOM by BOM-Link.
 *
 * @param serial     {@code serialNumber} (urn:uuid:…), or a name derived from the file when absent
 * @param subject    the product the BOM describes; null for a VEX-only document without one
 * @param components every component, nested ones flattened
 * @param vex        vulnerabilities with their analysis
 */
public record Sbom(String serial, int version, String specVersion, String file, String sha256, SbomComponent subject,
                   List<SbomComponent> components, List<VexStatement> vex) {
    public Sbom {
        components = List.copyOf(components);
        vex = List.copyOf(vex);
    }
}
