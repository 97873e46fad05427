package org.wardwatch.risk.intel;

import java.util.List;

/**
 * One imported advisory in wardwatch's own normalized form: a CSAF 2.0 document, or one NVD CVE
 * (whose affected products come from its CPE configurations). Strings are cleaned but untrusted.
 *
 * @param id        CSAF {@code document.tracking.id}, or the CVE id
 * @param source    {@code csaf} or {@code nvd}
 * @param url       the document's own web URL when it names one
 * @param released  initial release / published date as written
 * @param updated   current release / last modified date as written
 * @param file      the file it came from (name only), for provenance
 * @param products  every product the document defines (CSAF product tree leaves; NVD vulnerable CPE matches)
 */
public record Advisory(String id, String source, String title, String publisher, String url, String released,
                       String updated, String file, String sha256, List<AffectedProduct> products,
                       List<AdvisoryVulnerability> vulnerabilities) {
    public Advisory {
        products = List.copyOf(products);
        vulnerabilities = List.copyOf(vulnerabilities);
    }
}
