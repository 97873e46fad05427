package org.wardwatch.model.obs.fhir;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A FHIR RESTful request (https://hl7.org/fhir/R4/http.html), from its method, path and headers.
 *
 * @param interaction      read, vread, update, patch, delete, history-instance, history-type, history-system,
 *                         create, search-type, search-system, capabilities, batch-transaction, operation, unknown
 * @param resourceType     e.g. Patient, Observation; null for system-level interactions
 * @param resourceIdPresent whether the path named an instance (its id is never stored)
 * @param operation        e.g. $everything, $validate
 * @param searchParameters search parameter NAMES (with modifiers, e.g. name:exact); values may be PHI and are dropped
 * @param basePath         path before the resource type, e.g. /fhir or /baseR4
 * @param fhirVersion      the fhirVersion MIME parameter of Accept/Content-Type, null when absent
 * @param phiExposed       the request body carried a patient-related resource in cleartext
 */
public record FhirRequestSeen(Instant ts, FlowId flow, String method, String interaction, String resourceType,
                              boolean resourceIdPresent, String operation, List<String> searchParameters,
                              String basePath, String contentType, String accept, String fhirVersion,
                              String userAgent, String bodyResourceType, boolean phiExposed) implements FhirObservation {
    public FhirRequestSeen {
        searchParameters = List.copyOf(searchParameters);
    }
}
