package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * One DIMSE message (PS3.7 chapter 9/10) from its command set. Pending responses (C-FIND/C-GET/C-MOVE
 * status FF00/FF01) are counted in {@link DicomAssociationEnded}, not emitted one by one.
 *
 * @param command          e.g. C-ECHO-RQ, C-STORE-RSP, N-ACTION-RQ, C-CANCEL-RQ; DIMSE_xxxx for unknown fields
 * @param sopClassUid      affected (0000,0002) or requested (0000,0003) SOP class UID
 * @param sopInstanceUid   affected (0000,1000) or requested (0000,1001) SOP instance UID
 * @param moveDestination  (0000,0600) of a C-MOVE-RQ
 * @param status           (0000,0900) of a response, null for requests
 * @param statusCategory   success, pending, cancel, warning, failure
 * @param completedSubOperations (0000,1021) of C-GET/C-MOVE responses; failed (0000,1022)
 */
public record DicomOperationSeen(Instant ts, FlowId flow, boolean fromClient, int presentationContextId,
                                 String command, int commandField, Integer messageId,
                                 Integer messageIdBeingRespondedTo, String sopClassUid, String sopClassName,
                                 String sopInstanceUid, String moveDestination, Integer priority,
                                 boolean dataSetPresent, Integer status, String statusCategory,
                                 Integer completedSubOperations, Integer failedSubOperations)
        implements DicomObservation {
}
