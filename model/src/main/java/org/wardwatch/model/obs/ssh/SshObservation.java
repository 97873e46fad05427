package org.wardwatch.model.obs.ssh;

import org.wardwatch.model.Observation;

/** What the SSH analyzer reports. */
public sealed interface SshObservation extends Observation permits SshBannerSeen, SshKexSeen {
}
