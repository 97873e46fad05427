package org.wardwatch.model.obs.http;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * An HTTP/1.x request head (RFC 9112). Header values as sent (capped at 256 characters), null when absent.
 *
 * <p>The request target is reduced to its path: the query string is dropped (it carries search terms,
 * session tokens and, in clinical web apps, patient identifiers); {@code hasQuery} says one was there.
 *
 * @param version     "HTTP/1.1" or "HTTP/1.0"
 * @param path        the request target's path (origin form; for absolute form, the path of the URL), at most 256 characters
 * @param headerNames header field names in the order sent, lowercase, at most 32: a client fingerprint
 */
public record HttpRequestSeen(Instant ts, FlowId flow, String method, String host, String path, boolean hasQuery,
                              String version, String userAgent, String contentType, Long contentLength,
                              List<String> headerNames) implements HttpObservation {
    public HttpRequestSeen {
        headerNames = List.copyOf(headerNames);
    }
}
