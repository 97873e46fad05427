package org.wardwatch.model.obs.ntlm;

import org.wardwatch.model.Observation;

/** Observations of NTLMSSP messages, carried by SMB (or another protocol named in {@code carrier}). */
public sealed interface NtlmObservation extends Observation
        permits NtlmNegotiateSeen, NtlmChallengeSeen, NtlmAuthenticateSeen {
}
