package org.wardwatch.model.obs.dicom;

import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/**
 * What the DICOM analyzer reports: the association (PS3.8 upper layer), its DIMSE operations (PS3.7),
 * device identity found in data sets, and that patient data crossed the wire (tags only, never values).
 */
public sealed interface DicomObservation extends Observation
        permits DicomAssociationRequested, DicomAssociationAccepted, DicomAssociationRejected,
        DicomAssociationAborted, DicomAssociationEnded, DicomOperationSeen, DicomDeviceIdentified,
        DicomPhiSeen, DicomTlsSeen {
    FlowId flow();
}
