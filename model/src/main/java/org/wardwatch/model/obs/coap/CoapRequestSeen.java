package org.wardwatch.model.obs.coap;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A CoAP request: emitted once per distinct (method, Uri-Host, Uri-Path) per flow. Query strings and
 * payloads are never kept.
 *
 * @param messageType CON, NON, ACK or RST
 * @param method  GET, POST, PUT, DELETE, FETCH, PATCH, iPATCH, or the code as "c.dd"
 * @param uriHost Uri-Host option, null when absent
 * @param uriPath the Uri-Path options joined as "/a/b" ("/" when there were none)
 */
public record CoapRequestSeen(Instant ts, FlowId flow, String messageType, String method, String uriHost,
                              String uriPath) implements CoapObservation {
}
