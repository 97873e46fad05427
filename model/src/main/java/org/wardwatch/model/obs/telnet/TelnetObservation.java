package org.wardwatch.model.obs.telnet;

import org.wardwatch.model.Observation;

/** What the Telnet analyzer reports. */
public sealed interface TelnetObservation extends Observation permits TelnetBannerSeen, TelnetCleartextLoginSeen {
}
