package org.wardwatch.model.obs.vnc;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * The RFB handshake (RFC 6143 sections 7.1.1-7.1.3) as far as it was seen: emitted once per flow when
 * the client chose a security type, or when the flow ended before that.
 *
 * @param serverVersion        the server's ProtocolVersion, e.g. "003.008"
 * @param clientVersion        the client's ProtocolVersion, null when not seen
 * @param securityTypes        types the server offered (RFB 3.7+), or the one it imposed (3.3); 1 None, 2 VNC Authentication, ...
 * @param selectedSecurityType the type the client chose (3.7+), or the imposed type (3.3); null when not seen
 * @param noAuthentication     the selected (or, when none was selected, an offered) type is None (1)
 */
public record VncHandshakeSeen(Instant ts, FlowId flow, String serverVersion, String clientVersion,
                               List<Integer> securityTypes, Integer selectedSecurityType, boolean noAuthentication)
        implements VncObservation {
    public VncHandshakeSeen {
        securityTypes = List.copyOf(securityTypes);
    }
}
