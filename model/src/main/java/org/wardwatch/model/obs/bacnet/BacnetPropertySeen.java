package org.wardwatch.model.obs.bacnet;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;

/**
 * An identifying property value from a ReadProperty-ACK (or ReadPropertyMultiple-ACK): vendor-name,
 * model-name, firmware-revision, application-software-version (of any object, in practice the Device), and
 * object-name, description, location of the Device object (those of points describe the building, not
 * the device, and are not kept). Emitted once per (object, property, value) per flow; empty strings are
 * not reported.
 *
 * @param sender         the IP address that sent the ACK (a BACnet router's when {@code sourceNetwork} is set)
 * @param sourceNetwork  NPDU SNET when the answering device sits behind a BACnet router, else null
 * @param objectType     BACnet object type number (8 = device)
 * @param objectInstance the object's instance number
 * @param property       vendor_name, model_name, firmware_revision, application_software_version,
 *                       object_name, description, location, vendor_identifier
 * @param value          the character string (or the number, for vendor_identifier)
 */
public record BacnetPropertySeen(Instant ts, FlowId flow, IpAddress sender, Integer sourceNetwork, int objectType, int objectInstance,
                                 String property, String value) implements BacnetObservation {
}
