package org.wardwatch.model.obs.bacnet;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;

/**
 * A BACnet I-Am: a device announced its instance number and vendor. Emitted once per (sender,
 * instance) per flow.
 *
 * @param sender          the IP address the I-Am came from (a router's when {@code sourceNetwork} is set)
 * @param sourceNetwork   NPDU SNET when the device sits behind a BACnet router, else null
 * @param deviceInstance  the Device object's instance number (0..4194303)
 * @param vendorId        ASHRAE vendor identifier
 * @param maxApdu         max APDU length accepted
 * @param segmentation    segmented_both, segmented_transmit, segmented_receive, no_segmentation
 */
public record BacnetDeviceSeen(Instant ts, FlowId flow, IpAddress sender, Integer sourceNetwork,
                               int deviceInstance, int vendorId, int maxApdu, String segmentation)
        implements BacnetObservation {
}
