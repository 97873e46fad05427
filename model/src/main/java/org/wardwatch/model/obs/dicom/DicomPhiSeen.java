package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * Patient-identifying attributes crossed the wire in cleartext. Emitted when a data set shows tags not
 * yet reported on this association; only the tags, never the values.
 *
 * @param tags e.g. "(0010,0010) PatientName"
 */
public record DicomPhiSeen(Instant ts, FlowId flow, boolean fromClient, String command, List<String> tags)
        implements DicomObservation {
    public DicomPhiSeen {
        tags = List.copyOf(tags);
    }
}
