package org.wardwatch.protocols.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Patient ids are removed from paths in place; the previous split-and-join way is the oracle. */
class FhirPathsAgreementTest {
    private static final String[] SEGMENTS = {"", "fhir", "Patient", "Observation", "Device", "123", "$everything", "_history",
        "2", "*", "List", "Flag", "patient", "\u00c9x", "Encounter", "x"};

    @Test
    void inPlaceWalkReplacesTheSameSegmentsAsSplittingDid() {
        Random rnd = new Random(3L);
        for (int round = 0; round < 20000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                if (i > 0 || rnd.nextBoolean()) {
                    sb.append('/');
                }
                sb.append(SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
            }
            String path = sb.toString();
            assertThat(FhirPaths.withoutPatientIds(path)).as(path).isEqualTo(previous(path));
        }
        assertThat(FhirPaths.withoutPatientIds(null)).isNull();
    }

    /** The implementation before the in-place walk. */
    private static String previous(String path) {
        if (path == null || path.indexOf('/') < 0) {
            return path;
        }
        String[] seg = path.split("/", -1);
        boolean changed = false;
        for (int i = 0; i + 1 < seg.length; i++) {
            String next = seg[i + 1];
            if (!next.isEmpty() && next.charAt(0) != '$' && next.charAt(0) != '_' && FhirAnalyzer.PATIENT_DATA.contains(seg[i])) {
                seg[i + 1] = FhirPaths.ID;
                changed = true;
                i++;
            }
        }
        return changed ? String.join("/", seg) : path;
    }
}
