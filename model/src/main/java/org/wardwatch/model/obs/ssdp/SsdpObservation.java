package org.wardwatch.model.obs.ssdp;

import org.wardwatch.model.Observation;

/** What the SSDP and UPnP device description analyzers report. */
public sealed interface SsdpObservation extends Observation
        permits SsdpAnnounced, SsdpSearched, SsdpSearchAnswered, UpnpDeviceDescribed {
}
