package org.wardwatch.model.obs.telnet;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * The server asked for a password and the client answered, in cleartext. Only the fact is recorded:
 * neither the user name nor the password.
 *
 * @param loginPromptSeen a login/user name prompt came before the password prompt
 */
public record TelnetCleartextLoginSeen(Instant ts, FlowId flow, boolean loginPromptSeen) implements TelnetObservation {
}
