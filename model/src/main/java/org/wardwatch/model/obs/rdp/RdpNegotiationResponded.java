package org.wardwatch.model.obs.rdp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An RDP X.224 Connection Confirm (MS-RDPBCGR 2.2.1.2).
 *
 * @param selectedProtocol  rdp (standard RDP security), ssl, hybrid, rdstls, hybrid_ex, rdsaad; null on failure or
 *                          without RDP_NEG_RSP
 * @param selectedProtocolValue the raw selectedProtocol value
 * @param failureCode       RDP_NEG_FAILURE code (1 SSL required, 2 SSL not allowed, 5 HYBRID required, ...), null otherwise
 * @param flags             RDP_NEG_RSP flags
 */
public record RdpNegotiationResponded(Instant ts, FlowId flow, String selectedProtocol, Integer selectedProtocolValue,
                                      Integer failureCode, Integer flags) implements RdpObservation {
}
