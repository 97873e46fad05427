package org.wardwatch.model.obs.dns;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A DNS-format query: which names a device resolves (or, for mDNS and LLMNR, looks for on the link).
 *
 * @param protocol  dns, mdns or llmnr
 * @param id        the message ID
 * @param opcode    OPCODE (0 query, 4 notify, 5 update)
 * @param questions at most 16 questions, in order
 */
public record DnsQueried(Instant ts, FlowId flow, String protocol, int id, int opcode, List<DnsQuestion> questions)
        implements DnsObservation {
    public DnsQueried {
        questions = List.copyOf(questions);
    }
}
