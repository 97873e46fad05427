package org.wardwatch.protocols.medicaltest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.wardwatch.protocols.astm.AstmAnalyzerFactory;
import org.wardwatch.protocols.dicom.DicomAnalyzerFactory;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.fhir.FhirAnalyzerFactory;
import org.wardwatch.protocols.hl7.Hl7AnalyzerFactory;
import org.wardwatch.protocols.poct1a.Poct1aAnalyzerFactory;
import org.wardwatch.protocols.sdc.SdcDiscoveryAnalyzerFactory;
import org.wardwatch.protocols.sdc.SdcHttpAnalyzerFactory;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * One fuzz target for the medical family (after Suricata's fuzz_applayerparserparse): the first byte
 * picks the analyzer, the second the first direction; the rest is cut into chunks at each "\u00FF\u00FE"
 * separator, alternating direction. Property: no exception escapes an analyzer (the harness counts
 * {@code <name>_internal_error}) and buffered bytes stay under the caps ({@code <name>_buffer_cap} is a
 * named anomaly, not a crash). Regression inputs: src/test/resources/.../MedicalAnalyzersFuzzTestInputs.
 */
class MedicalAnalyzersFuzzTest {
    private static final List<AnalyzerFactory> FACTORIES = List.of(new DicomAnalyzerFactory(), new Hl7AnalyzerFactory(),
            new FhirAnalyzerFactory(), new AstmAnalyzerFactory(), new Poct1aAnalyzerFactory(),
            new SdcHttpAnalyzerFactory(), new SdcDiscoveryAnalyzerFactory());
    private static final int[] PORTS = {104, 2575, 8080, 5000, 7001, 6464, 3702};

    @FuzzTest(maxDuration = "10s")
    void analyzersNeverThrowAndStayBounded(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int pick = (input[0] & 0xFF) % FACTORIES.size();
        AnalyzerFactory f = FACTORIES.get(pick);
        AnalyzerHarness h = AnalyzerHarness.forFlow(f, PORTS[pick]);
        boolean fromClient = (input[1] & 1) == 0;
        int start = 2;
        for (int i = 2; i <= input.length; i++) {
            boolean sep = i + 1 < input.length && input[i] == (byte) 0xFF && input[i + 1] == (byte) 0xFE;
            if (sep || i == input.length) {
                h.feed(fromClient, input, start, i - start);
                fromClient = !fromClient;
                start = i + 2;
                i++;
            }
        }
        h.end();
        assertThat(h.counter(f.name() + "_internal_error")).isZero();
    }
}
