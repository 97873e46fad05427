package org.wardwatch.model.obs.dicom;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * Equipment attributes (PS3.3 C.7.5.1 General Equipment module) read from a data set. For a C-STORE
 * they name the device that made the object, which may not be the host sending it (a PACS forwards
 * other devices' images); for C-FIND responses they describe the matched objects.
 *
 * @param command the DIMSE message whose data set held them (C-STORE-RQ, C-FIND-RSP, ...)
 */
public record DicomDeviceIdentified(Instant ts, FlowId flow, boolean fromClient, String command, String sopClassUid,
                                    String modality, String manufacturer, String manufacturerModelName,
                                    String stationName, String deviceSerialNumber, String softwareVersions,
                                    String institutionName) implements DicomObservation {
}
