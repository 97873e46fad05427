package org.wardwatch.protocols.dispatch;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * One analyzer attached to one flow, with the bytes it left unconsumed in each direction.
 *
 * <p>Buffers are allocated only when an analyzer leaves bytes behind, grow by doubling up to the
 * factory's {@link AnalyzerFactory#maxBufferedBytes()}, and are released when emptied past a
 * small size, so idle flows hold no buffers.
 */
final class Attachment {
    static final int ACTIVE = 0;
    static final int DONE = 1;
    static final int DETACHED = 2;

    final AnalyzerFactory factory;
    final Analyzer analyzer;
    /** Lifecycle counters of the factory, looked up once per factory: {@code <name>_confirmed}, {@code <name>_violation}. */
    final long[] confirmedCount;
    final long[] violationCount;
    /** The analyzers (bit per index of the transport) still probed on the flow once this one confirms it. */
    final long probedAfter;
    int state = ACTIVE;
    boolean confirmed;
    // per direction (0 = client, 1 = server): held bytes, their count, bytes fed so far
    private byte[] pending0;
    private byte[] pending1;
    private int pendingLength0;
    private int pendingLength1;
    private long fed0;
    private long fed1;

    Attachment(AnalyzerFactory factory, Analyzer analyzer, AnalyzerCounters counters) {
        this(factory, analyzer, counters.cell(factory.name() + "_confirmed"), counters.cell(factory.name() + "_violation"), 0);
    }

    Attachment(AnalyzerFactory factory, Analyzer analyzer, long[] confirmedCount, long[] violationCount, long probedAfter) {
        this.factory = factory;
        this.analyzer = analyzer;
        this.confirmedCount = confirmedCount;
        this.violationCount = violationCount;
        this.probedAfter = probedAfter;
    }

    boolean active() {
        return state == ACTIVE;
    }

    /**
     * Feeds in-order stream bytes of one direction, honouring the parse contract (consumed count,
     * remainder kept) and the caps. The context decides what the analyzer's calls do.
     */
    void feedStream(boolean fromClient, byte[] data, int offset, int length, DispatchContext ctx) {
        long cap = factory.maxStreamBytes();
        long fed = fromClient ? fed0 : fed1;
        if (fed >= cap) {
            return;
        }
        if (fed + length > cap) {
            length = (int) (cap - fed);
            ctx.counters().inc(factory.name() + "_stream_cap");
        }
        if (fromClient) {
            fed0 += length;
        } else {
            fed1 += length;
        }
        if (pendingLength(fromClient) == 0) {
            int consumed = call(fromClient, data, offset, length, ctx);
            if (state != ACTIVE) {
                releaseBuffers();
                return;
            }
            if (length - consumed > 0) {
                append(fromClient, data, offset + consumed, length - consumed, ctx);
            }
            return;
        }
        if (!append(fromClient, data, offset, length, ctx)) {
            return;
        }
        byte[] buf = fromClient ? pending0 : pending1;
        int held = pendingLength(fromClient);
        int consumed = call(fromClient, buf, 0, held, ctx);
        if (state != ACTIVE) {
            releaseBuffers();
            return;
        }
        int rest = held - consumed;
        if (rest > 0 && consumed > 0) {
            System.arraycopy(buf, consumed, buf, 0, rest);
        }
        boolean release = rest == 0 && buf.length > 4096;
        if (fromClient) {
            pendingLength0 = rest;
            if (release) {
                pending0 = null;
            }
        } else {
            pendingLength1 = rest;
            if (release) {
                pending1 = null;
            }
        }
    }

    private int pendingLength(boolean fromClient) {
        return fromClient ? pendingLength0 : pendingLength1;
    }

    /** A hole: what was buffered in that direction can no longer be completed. */
    void gap(boolean fromClient, long missing, DispatchContext ctx) {
        if (fromClient) {
            pendingLength0 = 0;
            pending0 = null;
        } else {
            pendingLength1 = 0;
            pending1 = null;
        }
        try {
            analyzer.onGap(fromClient, missing, ctx);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.internalError(this, e);
        }
    }

    /** Bytes fed so far in one direction. */
    long fed(boolean fromClient) {
        return fromClient ? fed0 : fed1;
    }

    private int call(boolean fromClient, byte[] data, int offset, int length, DispatchContext ctx) {
        int consumed;
        try {
            consumed = analyzer.onStream(fromClient, data, offset, length, ctx);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.internalError(this, e);
            return length;
        }
        if (consumed < 0 || consumed > length) {
            ctx.counters().inc(factory.name() + "_bad_consumed_count");
            return length;
        }
        return consumed;
    }

    private boolean append(boolean fromClient, byte[] data, int offset, int length, DispatchContext ctx) {
        int held = pendingLength(fromClient);
        int need = held + length;
        int max = factory.maxBufferedBytes();
        if (need > max) {
            ctx.counters().inc(factory.name() + "_buffer_cap");
            ctx.detach(this);
            pending0 = pending1 = null;
            return false;
        }
        byte[] buf = fromClient ? pending0 : pending1;
        if (buf == null || buf.length < need) {
            int size = Math.max(256, buf == null ? 0 : buf.length);
            while (size < need) {
                size = Math.min(max, size * 2);
            }
            byte[] grown = new byte[size];
            if (buf != null) {
                System.arraycopy(buf, 0, grown, 0, held);
            }
            buf = grown;
            if (fromClient) {
                pending0 = grown;
            } else {
                pending1 = grown;
            }
        }
        System.arraycopy(data, offset, buf, held, length);
        if (fromClient) {
            pendingLength0 = need;
        } else {
            pendingLength1 = need;
        }
        return true;
    }

    /** Done or detached: what was held will never be read. */
    void releaseBuffers() {
        pending0 = pending1 = null;
        pendingLength0 = pendingLength1 = 0;
    }

    /** Bytes held for the analyzer in both directions (buffer capacity), for memory accounting. */
    int heldCapacity() {
        return (pending0 == null ? 0 : pending0.length) + (pending1 == null ? 0 : pending1.length);
    }
}
