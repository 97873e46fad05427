package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * An A-ASSOCIATE-AC (PS3.8 9.3.3): the acceptor's answer per presentation context and its own
 * implementation identity.
 *
 * @param userIdentityAccepted whether the acceptor answered a user identity negotiation (item 0x59);
 *                             the server response itself is never stored
 */
public record DicomAssociationAccepted(Instant ts, FlowId flow, String callingAeTitle, String calledAeTitle,
                                       String applicationContext, List<DicomPresentationContextResult> results,
                                       String implementationClassUid, String implementationVersionName,
                                       long maxPduLength, int asyncOpsInvoked, int asyncOpsPerformed,
                                       boolean userIdentityAccepted) implements DicomObservation {
    public DicomAssociationAccepted {
        results = List.copyOf(results);
    }
}
