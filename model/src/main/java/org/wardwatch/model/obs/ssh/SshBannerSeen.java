package org.wardwatch.model.obs.ssh;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An SSH identification string (RFC 4253 section 4.2): {@code SSH-protoversion-softwareversion SP comments}.
 *
 * @param fromClient      sent by the client
 * @param banner          the whole line without CR LF, at most 255 characters
 * @param protoVersion    "2.0", "1.99" or "1.5"
 * @param softwareVersion e.g. "OpenSSH_9.2p1"
 * @param comments        text after the first space, null when none
 */
public record SshBannerSeen(Instant ts, FlowId flow, boolean fromClient, String banner, String protoVersion,
                            String softwareVersion, String comments) implements SshObservation {
}
