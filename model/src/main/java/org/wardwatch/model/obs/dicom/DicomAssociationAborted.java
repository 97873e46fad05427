package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An A-ABORT (PS3.8 9.3.8).
 *
 * @param fromClient whether the association requester sent it
 * @param source     service_user, service_provider, reserved
 * @param reason     for provider aborts: reason_not_specified, unrecognized_pdu, unexpected_pdu,
 *                   unrecognized_pdu_parameter, unexpected_pdu_parameter, invalid_pdu_parameter_value;
 *                   null for user aborts
 */
public record DicomAssociationAborted(Instant ts, FlowId flow, boolean fromClient, String callingAeTitle,
                                      String calledAeTitle, String source, String reason, int sourceCode,
                                      int reasonCode) implements DicomObservation {
}
