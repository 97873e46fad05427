package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wardwatch.model.FlowId;

/**
 * The summary of one association, emitted when it is released, aborted or rejected, or when the flow
 * ends without either.
 *
 * @param outcome         released, aborted, rejected, unterminated
 * @param operations      DIMSE command name (e.g. C-STORE-RQ) → number of messages
 * @param phiDataSets     data sets that carried patient-identifying attributes in cleartext
 * @param phiTags         the union of those attributes' tags ("(0010,0010) PatientName"), never values
 * @param deflatedDataSets data sets in the Deflated Explicit VR Little Endian transfer syntax (not inspected)
 */
public record DicomAssociationEnded(Instant ts, FlowId flow, String callingAeTitle, String calledAeTitle,
                                    String outcome, Map<String, Integer> operations, long pDataPdus,
                                    long dataSets, long phiDataSets, List<String> phiTags, long deflatedDataSets)
        implements DicomObservation {
    public DicomAssociationEnded {
        operations = java.util.Collections.unmodifiableMap(new TreeMap<>(operations));
        phiTags = List.copyOf(phiTags);
    }
}
