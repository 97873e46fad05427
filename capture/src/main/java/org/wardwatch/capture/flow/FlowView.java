package org.wardwatch.capture.flow;

import org.wardwatch.model.FlowId;

/**
 * The flow table's view of one flow, given to listeners. Valid during the callback only, except
 * {@link #slot()} and {@link #generation()}, which together name the flow for as long as it lives:
 * a listener keeps per-flow state in an array indexed by slot and checks the generation.
 */
public interface FlowView {
    /** Index of the flow in the table, in [0, capacity). Reused after the flow ends. */
    int slot();

    /** Incremented each time a slot is reused. */
    long generation();

    /** The flow's key with client and server decided (allocates: call once per flow). */
    FlowId id();

    int protocol();

    int clientPort();

    int serverPort();

    int vlan();

    long firstSeenNanos();

    long lastSeenNanos();

    /** Client and server MAC values (48-bit), 0 when the link had none. */
    long clientMac();

    long serverMac();

    /** Ask the engine to reassemble this TCP flow's byte streams, both directions, for its analyzers. */
    void requestStream();

    /** Stop reassembling (all analyzers detached); the flow is still counted. */
    void releaseStream();

    /** Name the application protocol an analyzer confirmed; written into the flow record. */
    void setApplication(String name);

    String application();
}
