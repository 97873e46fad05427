package org.wardwatch.model.obs.rdp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * An RDP X.224 Connection Request (MS-RDPBCGR 2.2.1.1). The cookie carries a user name
 * ("Cookie: mstshash=..."): only its presence is recorded.
 *
 * @param cookiePresent        a "Cookie: mstshash=" line was sent
 * @param routingTokenPresent  a load-balancer routing token ("Cookie: msts=") was sent
 * @param requestedProtocols   names of the bits of RDP_NEG_REQ requestedProtocols (ssl, hybrid, rdstls, hybrid_ex, rdsaad);
 *                             empty when the value is 0 (standard RDP security); null without an RDP_NEG_REQ
 * @param requestedProtocolsMask the raw requestedProtocols value, null without an RDP_NEG_REQ
 * @param flags                RDP_NEG_REQ flags, null without an RDP_NEG_REQ
 */
public record RdpNegotiationRequested(Instant ts, FlowId flow, boolean cookiePresent, boolean routingTokenPresent,
                                      List<String> requestedProtocols, Integer requestedProtocolsMask, Integer flags)
        implements RdpObservation {
    public RdpNegotiationRequested {
        requestedProtocols = requestedProtocols == null ? null : List.copyOf(requestedProtocols);
    }
}
