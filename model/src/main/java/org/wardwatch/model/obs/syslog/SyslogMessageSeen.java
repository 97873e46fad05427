package org.wardwatch.model.obs.syslog;

import java.time.Instant;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/**
 * A syslog message's header (RFC 3164 BSD format or RFC 5424). The message text may contain anything,
 * patient data included: it is never kept. Emitted once per distinct (format, hostname, app name,
 * facility) per flow.
 *
 * @param format   "rfc5424" or "rfc3164" (anything after a valid PRI that is not RFC 5424)
 * @param facility PRI / 8
 * @param severity PRI % 8 (lowest seen for the tuple so far is not tracked: this is the first message's)
 * @param hostname HOSTNAME (5424) or the host after the timestamp (3164), null when absent or "-"
 * @param appName  APP-NAME (5424) or TAG without its [pid] (3164), null when absent or "-"
 */
public record SyslogMessageSeen(Instant ts, FlowId flow, String format, int facility, int severity,
                                String hostname, String appName) implements Observation {
}
