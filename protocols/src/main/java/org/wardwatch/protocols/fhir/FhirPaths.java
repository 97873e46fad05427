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
        // segments are walked in place; the result is built only when a segment is replaced
        StringBuilder out = null;
        int copied = 0; // path[0, copied) is in out
        int a = 0;      // start of the current segment
        while (true) {
            int b = path.indexOf('/', a);
            if (b < 0) {
                break; // the last segment: nothing follows it
            }
            int c = path.indexOf('/', b + 1);
            if (c < 0) {
                c = path.length();
            }
            if (c > b + 1 && path.charAt(b + 1) != '$' && path.charAt(b + 1) != '_' && isPatientDataType(path, a, b)) {
                if (out == null) {
                    out = new StringBuilder(path.length() + ID.length());
                }
                out.append(path, copied, b + 1).append(ID);
                copied = c;
                if (c == path.length()) {
                    break;
                }
                a = c + 1; // the replaced segment names no type
            } else {
                a = b + 1;
            }
        }
        if (out == null) {
            return path;
        }
        return out.append(path, copied, path.length()).toString();
    }

    private static final int MIN_TYPE_LENGTH;
    private static final int MAX_TYPE_LENGTH;
    /** First characters of the patient-data types (ASCII): a segment starting otherwise is none. */
    private static final boolean[] TYPE_FIRST_CHARS = new boolean[128];

    static {
        int min = Integer.MAX_VALUE, max = 0;
        for (String t : FhirAnalyzer.PATIENT_DATA) {
            min = Math.min(min, t.length());
            max = Math.max(max, t.length());
            if (!t.isEmpty() && t.charAt(0) < 128) {
                TYPE_FIRST_CHARS[t.charAt(0)] = true;
            }
        }
        MIN_TYPE_LENGTH = min;
        MAX_TYPE_LENGTH = max;
    }

    private static boolean isPatientDataType(String path, int from, int to) {
        int n = to - from;
        if (n < MIN_TYPE_LENGTH || n > MAX_TYPE_LENGTH) {
            return false;
        }
        if (n > 0 && path.charAt(from) < 128 && !TYPE_FIRST_CHARS[path.charAt(from)]) {
            return false;
        }
        return FhirAnalyzer.PATIENT_DATA.contains(path.substring(from, to));
    }
}
