package org.wardwatch.protocols.fhir;

/**
 * FHIR RESTful paths ({@code [base]/[type]/[id]}, https://hl7.org/fhir/R4/http.html) without the ids of
 * patient-data resources: {@code /fhir/Patient/123/_history/2} becomes {@code /fhir/Patient/{id}/_history/2}.
 * A Patient's id is often its medical record number; an Observation's id points at one patient's
 * data. For analyzers that keep request paths (the generic HTTP analyzer): the FHIR analyzer itself
 * keeps no path at all. Types not in {@code fhir-patient-data-resources.txt} (Device, Organization,
 * CapabilityStatement...) keep their ids.
 */
public final class FhirPaths {
    public static final String ID = "{id}";

    private FhirPaths() {
    }

    /** The path with every segment that follows a patient-data resource type replaced by {@value #ID}. */
    public static String withoutPatientIds(String path) {
        if (path == null || path.indexOf('/') < 0) {
            return path;
        }
        String[] seg = path.split("/", -1);
        boolean changed = false;
        for (int i = 0; i + 1 < seg.length; i++) {
            String next = seg[i + 1];
            if (!next.isEmpty() && next.charAt(0) != '$' && next.charAt(0) != '_' && FhirAnalyzer.PATIENT_DATA.contains(seg[i])) {
                seg[i + 1] = ID;
                changed = true;
                i++;
            }
        }
        return changed ? String.join("/", seg) : path;
    }
}
