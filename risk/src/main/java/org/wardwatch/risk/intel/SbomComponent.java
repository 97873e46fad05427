package org.wardwatch.risk.intel;

/**
 * A component of an SBOM (or the product it describes).
 *
 * @param ref    {@code bom-ref}, null when absent
 * @param vendor manufacturer, supplier or author name, else the {@code group}; null when none
 */
public record SbomComponent(String ref, String type, String vendor, String name, String version, String purl,
                            String cpe) {
}
