package org.wardwatch.model.obs.ftp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A client sent USER and PASS in cleartext (before any AUTH TLS). Only the fact is recorded, never
 * the user name or the password; {@code anonymous} says the user was "anonymous" or "ftp" (RFC 1635).
 *
 * @param outcome accepted (230), rejected (530 and other 5xx), or unknown when no reply was seen
 */
public record FtpCleartextLoginSeen(Instant ts, FlowId flow, boolean anonymous, String outcome) implements FtpObservation {
}
