package org.wardwatch.model.obs.dhcp;

import org.wardwatch.model.Observation;

/** What the DHCPv4 and DHCPv6 analyzers report. */
public sealed interface DhcpObservation extends Observation
        permits DhcpClientSeen, DhcpServerReplied, Dhcp6ClientSeen, Dhcp6ServerReplied {
}
