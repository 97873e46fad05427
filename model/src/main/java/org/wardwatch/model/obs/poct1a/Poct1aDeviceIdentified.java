package org.wardwatch.model.obs.poct1a;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/** The device hello (HEL.R01, DEV element) naming the point-of-care analyzer. */
public record Poct1aDeviceIdentified(Instant ts, FlowId flow, boolean fromClient, String deviceId, String vendorId,
                                     String modelId, String serialId, String manufacturerName,
                                     String hardwareVersion, String softwareVersion, String deviceName)
        implements Poct1aObservation {
}
