package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * An A-ASSOCIATE-RQ (PS3.8 9.3.2): who asks whom for what. The implementation class UID and version
 * name (items 0x52/0x55) name the calling software; the user identity (item 0x58) is reported by type
 * only, never its secret.
 *
 * @param maxPduLength        maximum length the requester receives (item 0x51), -1 when absent; 0 = unlimited
 * @param asyncOpsInvoked     asynchronous operations window (item 0x53), -1 when not negotiated
 * @param userIdentityType    username, username_passcode, kerberos, saml, jwt, type_N, or null when absent
 */
public record DicomAssociationRequested(Instant ts, FlowId flow, int protocolVersion, String callingAeTitle,
                                        String calledAeTitle, String applicationContext,
                                        List<DicomPresentationContext> presentationContexts,
                                        String implementationClassUid, String implementationVersionName,
                                        long maxPduLength, int asyncOpsInvoked, int asyncOpsPerformed,
                                        String userIdentityType, boolean userIdentityResponseRequested)
        implements DicomObservation {
    public DicomAssociationRequested {
        presentationContexts = List.copyOf(presentationContexts);
    }
}
