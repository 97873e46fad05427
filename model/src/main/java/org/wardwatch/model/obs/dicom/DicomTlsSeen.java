package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * DICOM over TLS (PS3.15 Annex B, port 2762 "dicom-tls"): the flow carries encrypted DICOM.
 *
 * @param reason      dicom_tls_port (TLS on 2762), tls_on_dicom_port (TLS where DICOM was expected)
 * @param tlsVersion  record-layer version of the first TLS record, e.g. 0x0301 (hello records say 1.0 even for 1.3)
 */
public record DicomTlsSeen(Instant ts, FlowId flow, String reason, int tlsVersion) implements DicomObservation {
}
