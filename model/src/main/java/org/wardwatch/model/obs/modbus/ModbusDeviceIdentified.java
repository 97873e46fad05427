package org.wardwatch.model.obs.modbus;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A Read Device Identification response (function 0x2B, MEI type 0x0E): the objects the server
 * returned. Null where the object was not in the response.
 *
 * @param unitId      the MBAP unit identifier
 * @param vendorName  object 0x00
 * @param productCode object 0x01
 * @param revision    object 0x02 (MajorMinorRevision)
 * @param vendorUrl   object 0x03
 * @param productName object 0x04
 * @param modelName   object 0x05
 */
public record ModbusDeviceIdentified(Instant ts, FlowId flow, int unitId, String vendorName, String productCode,
                                     String revision, String vendorUrl, String productName, String modelName)
        implements ModbusObservation {
}
