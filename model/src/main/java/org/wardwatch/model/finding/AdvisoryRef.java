package org.wardwatch.model.finding;

/**
 * The document a matched finding comes from.
 *
 * @param id        CSAF {@code document.tracking.id} (e.g. ICSMA-19-190-01), the CVE id for NVD, or the
 *                  SBOM serial number for CycloneDX
 * @param source    csaf, nvd or cyclonedx
 * @param publisher who published it (CSAF {@code document.publisher.name}, "NVD", the SBOM's supplier)
 * @param url       the document's own URL when it names one, else null
 * @param released  the initial release date as written (ISO 8601), null when absent
 * @param file      the file it was imported from (name only)
 */
public record AdvisoryRef(String id, String source, String title, String publisher, String url, String released,
                          String file) {
}
