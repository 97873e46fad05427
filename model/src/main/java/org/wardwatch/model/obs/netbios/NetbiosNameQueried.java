package org.wardwatch.model.obs.netbios;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * A NetBIOS name query (or node status request when {@code nodeStatus}).
 *
 * @param broadcast the B flag: asked on the local segment rather than a name server
 */
public record NetbiosNameQueried(Instant ts, FlowId flow, int transactionId, NetbiosName name, boolean nodeStatus,
                                 boolean broadcast) implements NetbiosObservation {
}
