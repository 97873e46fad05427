package org.wardwatch.model.obs.vnc;

import org.wardwatch.model.Observation;

/** What the VNC (RFB) analyzer reports. */
public sealed interface VncObservation extends Observation permits VncHandshakeSeen {
}
