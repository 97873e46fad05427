package org.wardwatch.model.obs.nbdgm;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.netbios.NetbiosName;

/**
 * A NetBIOS datagram (RFC 1002 section 4.4, UDP 138). Windows hosts, Samba servers and many printers
 * send one per browser announcement, so the source name names the host behind {@code sourceIp}.
 *
 * @param messageType     direct_unique, direct_group, broadcast, error, query_request,
 *                        positive_query_response or negative_query_response
 * @param nodeType        the sender's node type from the flags: b, p, m or nbdd
 * @param sourceIp        SOURCE_IP of the header (the original sender, also behind a datagram distributor)
 * @param sourcePort      SOURCE_PORT of the header
 * @param sourceName      SOURCE_NAME (null for error and query messages or when malformed)
 * @param destinationName DESTINATION_NAME; its group flag is set for direct_group datagrams
 * @param errorCode       ERROR_CODE of an error datagram (0x82 destination name not present, 0x83 invalid
 *                        source name, 0x84 invalid destination name), else null
 * @param mailslot        the SMB mailslot name of the payload ("\MAILSLOT\BROWSE", "\MAILSLOT\NET\NETLOGON"),
 *                        null when the payload is not an SMB mailslot write or is a later fragment
 * @param browserCommand  the browser frame's opcode name ([MS-BRWS] 2.2: host_announcement,
 *                        announcement_request, request_election, get_backup_list_request,
 *                        get_backup_list_response, become_backup, domain_announcement,
 *                        master_announcement, reset_state, local_master_announcement, or opcode_N),
 *                        null for other mailslots
 */
public record NetbiosDatagramSeen(Instant ts, FlowId flow, String messageType, String nodeType, IpAddress sourceIp,
                                  int sourcePort, NetbiosName sourceName, NetbiosName destinationName, Integer errorCode,
                                  String mailslot, String browserCommand) implements NbdgmObservation {
}
