package org.wardwatch.model.obs.ssdp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An SSDP M-SEARCH: a control point looked for devices.
 *
 * @param st        ST header: search target (ssdp:all, upnp:rootdevice, urn:...)
 * @param man       MAN header, normally "ssdp:discover" with quotes
 * @param mx        MX header, seconds
 * @param userAgent USER-AGENT header
 */
public record SsdpSearched(Instant ts, FlowId flow, String st, String man, Integer mx, String userAgent)
        implements SsdpObservation {
}
