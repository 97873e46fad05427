package org.wardwatch.model.obs.ssh;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An SSH_MSG_KEXINIT (RFC 4253 section 7.1) with its HASSH fingerprint (Salesforce HASSH): for the
 * client {@code kex;encryption c2s;mac c2s;compression c2s}, for the server (HASSHServer) the s2c lists.
 * Name-lists are kept as sent (comma separated).
 *
 * @param fromClient     sent by the client (hassh) or the server (hasshServer)
 * @param hasshAlgorithms the string that is hashed
 * @param hassh          MD5 of {@code hasshAlgorithms}, lowercase hex
 */
public record SshKexSeen(Instant ts, FlowId flow, boolean fromClient, String kexAlgorithms, String hostKeyAlgorithms,
                         String encryptionClientToServer, String encryptionServerToClient, String macClientToServer,
                         String macServerToClient, String compressionClientToServer, String compressionServerToClient,
                         String hasshAlgorithms, String hassh) implements SshObservation {
}
