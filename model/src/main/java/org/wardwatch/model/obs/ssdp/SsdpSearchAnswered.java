package org.wardwatch.model.obs.ssdp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A device answered an M-SEARCH (an HTTP/1.1 200 over UDP).
 *
 * @param st       ST header: the search target that matched
 * @param usn      USN header
 * @param location LOCATION header: URL of the device description
 * @param server   SERVER header
 */
public record SsdpSearchAnswered(Instant ts, FlowId flow, String st, String usn, String location, String server)
        implements SsdpObservation {
}
