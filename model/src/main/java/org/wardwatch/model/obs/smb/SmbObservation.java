package org.wardwatch.model.obs.smb;

import org.wardwatch.model.Observation;

/** Observations of the SMB analyzer (SMB 1, 2 and 3). */
public sealed interface SmbObservation extends Observation permits SmbNegotiated, SmbSessionSetupSeen, SmbEncryptedSessionSeen,
        SmbCompressedMessagesSeen {
}
