package org.wardwatch.model.obs.ftp;

import org.wardwatch.model.Observation;

/** What the FTP analyzer reports. */
public sealed interface FtpObservation extends Observation
        permits FtpBannerSeen, FtpCleartextLoginSeen, FtpSystemReported {
}
