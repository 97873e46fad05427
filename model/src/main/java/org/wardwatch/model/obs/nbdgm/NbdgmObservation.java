package org.wardwatch.model.obs.nbdgm;

import org.wardwatch.model.Observation;

/** What the NetBIOS datagram service analyzer reports: the datagrams and the browser announcements they carry. */
public sealed interface NbdgmObservation extends Observation permits NetbiosDatagramSeen, BrowserAnnouncementSeen {
}
