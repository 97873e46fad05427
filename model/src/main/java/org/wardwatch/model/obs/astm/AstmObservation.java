package org.wardwatch.model.obs.astm;

import org.wardwatch.model.FlowId;
import org.wardwatch.model.Observation;

/** What the ASTM E1381/E1394 (CLSI LIS01/LIS02) analyzer reports. */
public sealed interface AstmObservation extends Observation permits AstmMessageSeen {
    FlowId flow();
}
