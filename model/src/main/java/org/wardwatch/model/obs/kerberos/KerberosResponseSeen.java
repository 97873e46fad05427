package org.wardwatch.model.obs.kerberos;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A KDC response: AS-REP, TGS-REP (RFC 4120 5.4.2) or KRB-ERROR (5.9.1). Null where absent.
 *
 * @param messageType "as_rep", "tgs_rep" or "krb_error"
 * @param realm       crealm of a reply; realm (the server's) of an error
 * @param clientName  cname, components joined by "/"
 * @param serverName  the ticket's sname of a reply; sname of an error
 * @param errorCode   KRB-ERROR error-code (e.g. 25 = KDC_ERR_PREAUTH_REQUIRED), null for replies
 */
public record KerberosResponseSeen(Instant ts, FlowId flow, String messageType, String realm, String clientName,
                                   String serverName, Integer errorCode) implements KerberosObservation {
}
