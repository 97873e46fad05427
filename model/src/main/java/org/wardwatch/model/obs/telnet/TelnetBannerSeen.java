package org.wardwatch.model.obs.telnet;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * What a Telnet server sent before the client typed anything: its banner text (option negotiation
 * removed, control characters dropped, lines joined with "\n", at most 256 characters) and the options
 * it negotiated (RFC 854/855 DO/WILL option codes, in order, at most 32).
 */
public record TelnetBannerSeen(Instant ts, FlowId flow, String banner, List<Integer> serverOptions)
        implements TelnetObservation {
    public TelnetBannerSeen {
        serverOptions = List.copyOf(serverOptions);
    }
}
