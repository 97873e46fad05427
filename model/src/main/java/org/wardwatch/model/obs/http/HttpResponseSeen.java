package org.wardwatch.model.obs.http;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * An HTTP/1.x response head. Null when the header was absent.
 *
 * @param status             status code
 * @param server             Server header
 * @param poweredBy          X-Powered-By header
 * @param authenticateSchemes schemes of WWW-Authenticate challenges, lowercase (basic, digest, ntlm, negotiate, bearer)
 */
public record HttpResponseSeen(Instant ts, FlowId flow, String version, int status, String server, String contentType,
                               Long contentLength, String poweredBy, List<String> authenticateSchemes)
        implements HttpObservation {
    public HttpResponseSeen {
        authenticateSchemes = List.copyOf(authenticateSchemes);
    }
}
