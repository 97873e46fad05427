package org.wardwatch.model.obs.ssdp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An SSDP NOTIFY (UPnP Device Architecture 2.0, section 1.2): a device announced (ssdp:alive) or
 * withdrew (ssdp:byebye) a device or service. Header values as sent, null when absent.
 *
 * @param nts       NTS header: ssdp:alive, ssdp:byebye, ssdp:update
 * @param nt        NT header: notification type (upnp:rootdevice, uuid:..., urn:...:device:...)
 * @param usn       USN header: unique service name
 * @param location  LOCATION header: URL of the device description
 * @param server    SERVER header: "OS/version UPnP/1.x product/version"
 * @param maxAge    max-age from CACHE-CONTROL, seconds
 */
public record SsdpAnnounced(Instant ts, FlowId flow, String nts, String nt, String usn, String location, String server,
                            Long maxAge) implements SsdpObservation {
}
