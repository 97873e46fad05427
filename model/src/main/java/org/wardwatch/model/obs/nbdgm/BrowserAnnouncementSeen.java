package org.wardwatch.model.obs.nbdgm;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A Windows browser announcement ([MS-BRWS] 2.2.1 HostAnnouncement, 2.2.6 DomainAnnouncement, 2.2.11
 * LocalMasterAnnouncement) in a mailslot datagram: the announcing host's name, operating system version,
 * the services it offers and its comment ("server string" on Samba, often a model name on printers and
 * NAS boxes).
 *
 * @param command             host_announcement, local_master_announcement or domain_announcement
 * @param mailslot            \MAILSLOT\BROWSE or \MAILSLOT\LANMAN
 * @param serverName          ServerName (host and local master announcements) or the workgroup/domain name
 *                            (domain announcements); at most 16 characters
 * @param osMajor             OSVersionMajor (e.g. 6 with minor 1 = Windows 7 / Server 2008 R2; Samba sends 4.9)
 * @param osMinor             OSVersionMinor
 * @param serverType          the ServerType bits ([MS-SRVS] 2.2.2.7 SV_TYPE_*)
 * @param serverTypeFlags     the set bits by name, lowercase (workstation, server, sql_server,
 *                            domain_controller, backup_domain_controller, time_source, afp, novell,
 *                            domain_member, print_queue_server, dialin_server, xenix_server, nt,
 *                            wfw, server_mfpn, server_nt, potential_browser, backup_browser,
 *                            master_browser, domain_master, server_osf, server_vms, windows, dfs,
 *                            cluster_nt, terminal_server, cluster_vs_nt, dce, alternate_xport,
 *                            local_list_only, domain_enum, bit_N)
 * @param browserVersionMajor BrowserVersionMajor (15 for Windows NT and later); null in a domain announcement
 *                            without the 0xAA55 signature (Windows leaves those bytes unspecified)
 * @param browserVersionMinor BrowserVersionMinor, null as the major
 * @param periodicityMs       Periodicity: announcement interval in milliseconds
 * @param comment             the host comment; for domain announcements the local master browser's name
 */
public record BrowserAnnouncementSeen(Instant ts, FlowId flow, String command, String mailslot, String serverName,
                                      int osMajor, int osMinor, long serverType, List<String> serverTypeFlags,
                                      Integer browserVersionMajor, Integer browserVersionMinor, long periodicityMs,
                                      String comment) implements NbdgmObservation {
    public BrowserAnnouncementSeen {
        serverTypeFlags = List.copyOf(serverTypeFlags);
    }
}
