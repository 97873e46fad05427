package org.wardwatch.model;

import java.time.Instant;

/**
 * A typed fact that left the packet path: the seam between the sensor and every analysis.
 *
 * <p>Implementations are records, grouped per protocol in their own package under
 * {@code org.wardwatch.model.obs}. Their JSON form (one object per line in
 * {@code observations.jsonl}) is the record's components plus {@code "type"}: the
 * snake_case of the record's simple name ({@code DhcpClientSeen} → {@code dhcp_client_seen}).
 * Field names and the type name are API: storage, the REST API and Kafka read them.
 *
 * <p>Observations never hold patient data. Analyzers record that PHI was seen (a flag, a
 * count, the field or segment names), never its values.
 */
public interface Observation {
    /** Packet time of the evidence (the capture's clock, not the wall clock). */
    Instant ts();

    /** Stable type name written as {@code "type"} in JSON. */
    default String type() {
        return TypeNames.of(getClass());
    }
}
