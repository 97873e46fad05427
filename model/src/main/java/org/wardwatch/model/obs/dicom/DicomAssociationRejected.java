package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An A-ASSOCIATE-RJ (PS3.8 9.3.4). AE titles are those of the request, null when it was not seen.
 *
 * @param result  rejected_permanent, rejected_transient
 * @param source  service_user, service_provider_acse, service_provider_presentation
 * @param reason  e.g. called_ae_title_not_recognized, calling_ae_title_not_recognized,
 *                application_context_name_not_supported, no_reason_given, temporary_congestion,
 *                local_limit_exceeded, protocol_version_not_supported; reason_N for other codes
 */
public record DicomAssociationRejected(Instant ts, FlowId flow, String callingAeTitle, String calledAeTitle,
                                       String result, String source, String reason,
                                       int resultCode, int sourceCode, int reasonCode) implements DicomObservation {
}
