package org.wardwatch.model.obs.smb;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An SMB SESSION_SETUP request or response: the authentication mechanism, the result, and for SMB1 the
 * NativeOS / NativeLanMan strings (the client's or server's operating system and SMB implementation,
 * e.g. "Windows 5.1" / "Samba 3.0.28a"). NTLM details travel as {@code ntlm_*} observations of the
 * same flow. SMB2 requests are not reported (they carry nothing beyond the NTLM/Kerberos token).
 *
 * @param fromClient       a request (true) or a response (false)
 * @param smbVersion       1 or 2 (SMB 2 and 3 share the header)
 * @param mechanism        "ntlmssp", "kerberos" (an AP-REQ/AP-REP inside SPNEGO), "none" (empty
 *                         security blob) or "other"
 * @param status           NT status of a response as 0x-prefixed hex ("0x00000000" = success,
 *                         "0xc0000016" = more processing required), null for requests
 * @param guest            SMB2 SessionFlags IS_GUEST / IS_NULL or SMB1 Action bit 0 (logged in as guest)
 * @param nativeOs         SMB1 NativeOS, null for SMB2 or when absent
 * @param nativeLanManager SMB1 NativeLanMan, null for SMB2 or when absent
 */
public record SmbSessionSetupSeen(Instant ts, FlowId flow, boolean fromClient, int smbVersion, String mechanism,
                                  String status, boolean guest, String nativeOs, String nativeLanManager)
        implements SmbObservation {
}
