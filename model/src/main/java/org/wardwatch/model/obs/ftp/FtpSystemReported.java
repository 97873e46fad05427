package org.wardwatch.model.obs.ftp;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/** The reply to SYST (215), e.g. "UNIX Type: L8", at most 256 characters. */
public record FtpSystemReported(Instant ts, FlowId flow, String system) implements FtpObservation {
}
