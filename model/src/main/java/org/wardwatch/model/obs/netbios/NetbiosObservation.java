package org.wardwatch.model.obs.netbios;

import org.wardwatch.model.Observation;

/** What the NetBIOS name service analyzer reports. */
public sealed interface NetbiosObservation extends Observation
        permits NetbiosNameQueried, NetbiosNameClaimed, NetbiosNodeStatusSeen {
}
