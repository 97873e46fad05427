package org.wardwatch.model.device;

/**
 * A piece of software the device announced (a toolkit, server, client or OS component), for
 * advisory matching: DCMTK in a DICOM implementation version name, lighttpd in an HTTP
 * {@code Server} header, OpenSSH in an SSH banner.
 *
 * @param product product name as known to the knowledge base (e.g. {@code DCMTK}, {@code lighttpd})
 * @param version version string as announced, null when absent
 * @param source  the evidence: observation type and field, e.g. {@code http_response_seen.server}
 */
public record Software(String product, String version, String source) {
}
