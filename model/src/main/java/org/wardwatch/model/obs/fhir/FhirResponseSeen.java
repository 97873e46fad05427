package org.wardwatch.model.obs.fhir;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A FHIR server's response: what it is (Server header, CapabilityStatement software and fhirVersion)
 * and whether patient data left it in cleartext.
 *
 * @param requestInteraction   interaction of the request it answers (FIFO pairing), null when unseen
 * @param resourceType         resourceType of the body (Bundle, Patient, CapabilityStatement, OperationOutcome)
 * @param entryResourceTypes   distinct resourceTypes inside a Bundle (first KBs only)
 * @param fhirVersion          CapabilityStatement.fhirVersion, else the fhirVersion MIME parameter
 * @param softwareName         CapabilityStatement.software.name; softwareVersion its version
 * @param phiExposed           a patient-related resource travelled in cleartext
 * @param phiResourceTypes     which ones (Patient, RelatedPerson, Observation, ...): types only
 */
public record FhirResponseSeen(Instant ts, FlowId flow, int status, String contentType, String server,
                               String requestInteraction, String requestResourceType, String resourceType,
                               String bundleType, List<String> entryResourceTypes, String fhirVersion,
                               String softwareName, String softwareVersion, boolean phiExposed,
                               List<String> phiResourceTypes) implements FhirObservation {
    public FhirResponseSeen {
        entryResourceTypes = List.copyOf(entryResourceTypes);
        phiResourceTypes = List.copyOf(phiResourceTypes);
    }
}
