package org.wardwatch.model.obs.coap;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A CoRE link-format answer (RFC 6690; typically to GET /.well-known/core): the resource paths the
 * server advertised, and their resource types (rt=) and interfaces (if=).
 */
public record CoapResourcesDiscovered(Instant ts, FlowId flow, List<String> resources,
                                      List<String> resourceTypes) implements CoapObservation {
    public CoapResourcesDiscovered {
        resources = List.copyOf(resources);
        resourceTypes = List.copyOf(resourceTypes);
    }
}
