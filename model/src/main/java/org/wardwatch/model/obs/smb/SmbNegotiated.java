package org.wardwatch.model.obs.smb;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * An SMB NEGOTIATE exchange: the dialects the client offered and the one the server chose. Emitted on
 * the response, or at the end of the flow when only the request was seen.
 *
 * @param offeredDialects dialect names as tshark shows them: SMB1 strings ("NT LM 0.12", "SMB 2.???")
 *                        and SMB2 revisions ("2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"), in wire order
 * @param chosenDialect   the server's choice in the same notation, null when no response was seen
 * @param smb1Offered     the client sent an SMB1 NEGOTIATE (SMBv1 enabled on the client)
 * @param smb1Chosen      the server answered with SMB1 (SMBv1 in use: a finding)
 * @param signingRequired the server's SecurityMode says signing is required, null when unknown
 * @param serverGuid      SMB2 ServerGuid as lowercase hex, null for SMB1 or when absent
 */
public record SmbNegotiated(Instant ts, FlowId flow, List<String> offeredDialects, String chosenDialect,
                            boolean smb1Offered, boolean smb1Chosen, Boolean signingRequired,
                            String serverGuid) implements SmbObservation {
    public SmbNegotiated {
        offeredDialects = List.copyOf(offeredDialects);
    }
}
