package org.wardwatch.model.obs.dns;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A DNS-format response.
 *
 * @param protocol      dns, mdns or llmnr
 * @param rcode         RCODE (0 no error, 2 server failure, 3 name error, ...)
 * @param authoritative the AA bit
 * @param questions     at most 16 questions
 * @param records       at most 64 records of the answer, authority and additional sections (OPT excluded)
 * @param truncated     more records existed than were kept, or the message ended early
 */
public record DnsAnswered(Instant ts, FlowId flow, String protocol, int id, int rcode, boolean authoritative,
                          List<DnsQuestion> questions, List<DnsRecord> records, boolean truncated)
        implements DnsObservation {
    public DnsAnswered {
        questions = List.copyOf(questions);
        records = List.copyOf(records);
    }
}
