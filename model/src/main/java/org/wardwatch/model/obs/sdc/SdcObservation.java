package org.wardwatch.model.obs.sdc;

import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/** What the IEEE 11073 SDC analyzers (WS-Discovery, DPWS metadata, MDIB) report. */
public sealed interface SdcObservation extends Observation permits SdcDiscoverySeen, SdcDeviceMetadataSeen, SdcMdibSeen {
    FlowId flow();
}
