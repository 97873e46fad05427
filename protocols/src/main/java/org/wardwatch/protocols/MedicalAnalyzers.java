package org.wardwatch.protocols;

import java.util.List;
import org.wardwatch.protocols.astm.AstmAnalyzerFactory;
import org.wardwatch.protocols.dicom.DicomAnalyzerFactory;
import org.wardwatch.protocols.fhir.FhirAnalyzerFactory;
import org.wardwatch.protocols.hl7.Hl7AnalyzerFactory;
import org.wardwatch.protocols.poct1a.Poct1aAnalyzerFactory;
import org.wardwatch.protocols.sdc.SdcDiscoveryAnalyzerFactory;
import org.wardwatch.protocols.sdc.SdcHttpAnalyzerFactory;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/** Medical protocols: DICOM, HL7 v2/MLLP, FHIR, ASTM, POCT1-A, IEEE 11073 SDC. */
final class MedicalAnalyzers {
    static final List<AnalyzerFactory> FLOW = List.of(
            new DicomAnalyzerFactory(),
            new Hl7AnalyzerFactory(),
            new FhirAnalyzerFactory(),
            new SdcHttpAnalyzerFactory(),
            new AstmAnalyzerFactory(),
            new Poct1aAnalyzerFactory(),
            new SdcDiscoveryAnalyzerFactory());

    /** Frame analyzers keep bounded tables of their own: one new set per pipeline. */
    static List<FrameAnalyzer> frame() {
        return List.of();
    }

    private MedicalAnalyzers() {
    }
}
