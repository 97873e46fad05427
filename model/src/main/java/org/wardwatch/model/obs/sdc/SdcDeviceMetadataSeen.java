package org.wardwatch.model.obs.sdc;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/** DPWS 1.1 metadata (ThisModel, ThisDevice) of a device, read from a cleartext metadata exchange. */
public record SdcDeviceMetadataSeen(Instant ts, FlowId flow, String manufacturer, String manufacturerUrl,
                                    String modelName, String modelNumber, String modelUrl, String presentationUrl,
                                    String friendlyName, String firmwareVersion, String serialNumber)
        implements SdcObservation {
}
