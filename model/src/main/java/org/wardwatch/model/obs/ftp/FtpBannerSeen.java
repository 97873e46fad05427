package org.wardwatch.model.obs.ftp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An FTP server greeting (RFC 959 reply 220, or 120/421).
 *
 * @param code   the reply code
 * @param banner the reply text (all lines of a multi-line reply joined with "\n"), at most 256 characters
 */
public record FtpBannerSeen(Instant ts, FlowId flow, int code, String banner) implements FtpObservation {
}
