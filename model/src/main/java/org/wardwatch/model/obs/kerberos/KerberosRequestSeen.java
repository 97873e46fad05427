package org.wardwatch.model.obs.kerberos;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A KDC request: AS-REQ or TGS-REQ (RFC 4120 5.4.1). Principal names are written with their
 * components joined by "/" ("host/ws01.example.org", "krbtgt/EXAMPLE.ORG"); a name ending in "$" is
 * a machine account. Null where absent (cname is absent from TGS-REQ).
 *
 * @param messageType   "as_req" or "tgs_req"
 * @param realm         req-body realm (the server's realm)
 * @param clientName    req-body cname
 * @param serverName    req-body sname
 * @param encryptionTypes req-body etype list in the client's order (23 = RC4-HMAC, weak)
 */
public record KerberosRequestSeen(Instant ts, FlowId flow, String messageType, String realm, String clientName,
                                  String serverName, List<Integer> encryptionTypes) implements KerberosObservation {
    public KerberosRequestSeen {
        encryptionTypes = List.copyOf(encryptionTypes);
    }
}
