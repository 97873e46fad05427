package org.wardwatch.model.obs.ntlm;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An NTLMSSP AUTHENTICATE message (from the client, MS-NLMP 2.2.1.3). The user name is an identifier
 * of a person: only its presence is kept.
 *
 * @param domain        DomainName of the account
 * @param workstation   Workstation (the client's NetBIOS host name)
 * @param userPresent   a non-empty UserName was sent
 * @param anonymous     empty user and empty responses (anonymous/null session)
 * @param ntlmV2        the NT response is longer than 24 bytes (NTLMv2); false means NTLMv1 or LM (weak)
 */
public record NtlmAuthenticateSeen(Instant ts, FlowId flow, String carrier, String domain, String workstation,
                                   boolean userPresent, boolean anonymous, boolean ntlmV2, Integer osMajor,
                                   Integer osMinor, Integer osBuild) implements NtlmObservation {
}
