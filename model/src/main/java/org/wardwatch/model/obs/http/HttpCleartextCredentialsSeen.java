package org.wardwatch.model.obs.http;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A request over cleartext HTTP carried credentials. Only the fact is recorded, never the user name,
 * password, digest response or token.
 *
 * @param scheme the authorization scheme, lowercase: basic, digest, ntlm, negotiate, bearer, or another token
 * @param header "authorization" or "proxy-authorization"
 * @param host   the request's Host header
 */
public record HttpCleartextCredentialsSeen(Instant ts, FlowId flow, String scheme, String header, String host)
        implements HttpObservation {
}
