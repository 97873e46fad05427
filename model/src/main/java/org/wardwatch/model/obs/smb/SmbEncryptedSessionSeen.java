package org.wardwatch.model.obs.smb;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An SMB 3 session whose messages travel encrypted: SMB2 TRANSFORM_HEADER messages ([MS-SMB2] 2.2.41,
 * protocol id 0xFD 'SMB') were seen for it, or its SESSION_SETUP response set
 * SMB2_SESSION_FLAG_ENCRYPT_DATA (2.2.6). Nothing inside is decrypted: after this point the flow shows
 * only sizes. Also emitted for a session whose TREE_CONNECT response required encryption of a share
 * (SMB2_SHAREFLAG_ENCRYPT_DATA, 2.2.10), which is how per-share encryption starts. Emitted once per session at the end of the flow; {@code ts} is the first sign of encryption.
 *
 * @param sessionId          SessionId as tshark shows it (0x-prefixed, 16 hex digits)
 * @param dialect            the dialect the server chose on this connection ("3.0", "3.0.2", "3.1.1"), null
 *                           when the NEGOTIATE was not seen
 * @param cipher             AES-128-CCM, AES-128-GCM, AES-256-CCM or AES-256-GCM: from the 3.1.1 NEGOTIATE
 *                           response's encryption context, AES-128-CCM for 3.0 / 3.0.2 (the only cipher
 *                           of those dialects, 3.3.5.4); null when unknown
 * @param encryptDataFlag    the SESSION_SETUP response required encryption for the session (null when
 *                           that response was not seen in clear)
 * @param shareEncryptDataFlag a TREE_CONNECT response of the session required encryption of its share
 *                           (true), none did (false), none was seen in clear (null)
 * @param encryptedMessages  transform messages of this session counted in both directions (within the
 *                           analyzer's per-flow limit of 256 messages)
 */
public record SmbEncryptedSessionSeen(Instant ts, FlowId flow, String sessionId, String dialect, String cipher,
                                      Boolean encryptDataFlag, Boolean shareEncryptDataFlag, long encryptedMessages) implements SmbObservation {
}
