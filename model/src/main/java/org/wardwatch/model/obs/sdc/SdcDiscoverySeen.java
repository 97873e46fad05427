package org.wardwatch.model.obs.sdc;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A WS-Discovery 1.1 message (UDP 3702): Hello, Bye, Probe, ProbeMatches, Resolve, ResolveMatches.
 * SDC participants announce types such as {@code dpws:Device} and {@code mdpws:MedicalDevice}
 * (IEEE 11073-20702) and context scopes (IEEE 11073-20701); patient-context scopes are flagged, not kept.
 *
 * @param endpointReferences the wsa:Address of each announced/matched endpoint (a urn:uuid)
 * @param medicalDevice      types include MDPWS MedicalDevice
 * @param patientScopeSeen   a scope of the patient context (sdc.ctxt.pat) was present and dropped
 */
public record SdcDiscoverySeen(Instant ts, FlowId flow, String action, List<String> endpointReferences,
                               List<String> types, List<String> scopes, List<String> xAddrs, Long metadataVersion,
                               boolean medicalDevice, boolean patientScopeSeen) implements SdcObservation {
    public SdcDiscoverySeen {
        endpointReferences = List.copyOf(endpointReferences);
        types = List.copyOf(types);
        scopes = List.copyOf(scopes);
        xAddrs = List.copyOf(xAddrs);
    }
}
