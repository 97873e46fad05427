package org.wardwatch.model.obs.fhir;

import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/** What the FHIR-over-HTTP analyzer reports. Search parameter values and resource ids are never kept. */
public sealed interface FhirObservation extends Observation permits FhirRequestSeen, FhirResponseSeen {
    FlowId flow();
}
