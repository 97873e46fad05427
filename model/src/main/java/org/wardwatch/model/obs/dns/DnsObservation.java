package org.wardwatch.model.obs.dns;

import org.wardwatch.model.Observation;

/** What the DNS, mDNS / DNS-SD and LLMNR analyzers report. */
public sealed interface DnsObservation extends Observation
        permits DnsQueried, DnsAnswered, MdnsServiceAnnounced, MdnsHostAnnounced {
}
