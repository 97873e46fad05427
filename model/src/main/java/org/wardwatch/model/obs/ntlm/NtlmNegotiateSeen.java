package org.wardwatch.model.obs.ntlm;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An NTLMSSP NEGOTIATE message (from the client): the client's Windows version when it sent one
 * (MS-NLMP 2.2.1.1). Null where absent.
 */
public record NtlmNegotiateSeen(Instant ts, FlowId flow, String carrier, String domain, String workstation,
                                Integer osMajor, Integer osMinor, Integer osBuild) implements NtlmObservation {
}
