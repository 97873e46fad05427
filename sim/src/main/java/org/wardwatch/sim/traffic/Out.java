package org.wardwatch.sim.traffic;

import org.wardwatch.sim.wire.Conversation;

/** Where tasks put the conversations they start. */
public interface Out {
    void add(Conversation c);

    /** End of the capture window (nanoseconds): tasks do not start conversations after it. */
    long end();
}
