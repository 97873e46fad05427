package org.wardwatch.model.obs.ssdp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A UPnP device description document (UDA 2.0 section 2.3) fetched over HTTP in the capture: the root
 * device's identity elements. Null when the element was absent. Values are trimmed and capped at 256
 * characters; XML entities are decoded.
 *
 * @param path         the request path the description was fetched from, when the request was seen
 * @param serviceTypes serviceType of the root device's services, at most 32
 */
public record UpnpDeviceDescribed(Instant ts, FlowId flow, String path, String deviceType, String friendlyName,
                                  String manufacturer, String manufacturerUrl, String modelName, String modelNumber,
                                  String modelDescription, String serialNumber, String udn, String presentationUrl,
                                  List<String> serviceTypes) implements SsdpObservation {
    public UpnpDeviceDescribed {
        serviceTypes = List.copyOf(serviceTypes);
    }
}
