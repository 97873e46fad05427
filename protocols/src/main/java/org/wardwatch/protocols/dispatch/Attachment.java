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
    int state = ACTIVE;
    boolean confirmed;
    private final byte[][] pending = new byte[2][];
    private final int[] pendingLength = new int[2];
    private final long[] fed = new long[2];

    Attachment(AnalyzerFactory factory, Analyzer analyzer) {
        this.factory = factory;
        this.analyzer = analyzer;
    }

    boolean active() {
        return state == ACTIVE;
    }

    /**
     * Feeds in-order stream bytes of one direction, honouring the parse contract (consumed count,
     * remainder kept) and the caps. The context decides what the analyzer's calls do.
     */
    void feedStream(boolean fromClient, byte[] data, int offset, int length, DispatchContext ctx) {
        int dir = fromClient ? 0 : 1;
        long cap = factory.maxStreamBytes();
        if (fed[dir] >= cap) {
            return;
        }
        if (fed[dir] + length > cap) {
            length = (int) (cap - fed[dir]);
            ctx.counters().inc(factory.name() + "_stream_cap");
        }
        fed[dir] += length;
        if (pendingLength[dir] == 0) {
            int consumed = call(fromClient, data, offset, length, ctx);
            if (state != ACTIVE) {
                return;
            }
            keep(dir, data, offset + consumed, length - consumed, ctx);
            return;
        }
        if (!append(dir, data, offset, length, ctx)) {
            return;
        }
        byte[] buf = pending[dir];
        int consumed = call(fromClient, buf, 0, pendingLength[dir], ctx);
        if (state != ACTIVE) {
            return;
        }
        int rest = pendingLength[dir] - consumed;
        if (rest > 0 && consumed > 0) {
            System.arraycopy(buf, consumed, buf, 0, rest);
        }
        pendingLength[dir] = rest;
        if (rest == 0 && buf.length > 4096) {
            pending[dir] = null;
        }
    }

    /** A hole: what was buffered in that direction can no longer be completed. */
    void gap(boolean fromClient, long missing, DispatchContext ctx) {
        int dir = fromClient ? 0 : 1;
        pendingLength[dir] = 0;
        pending[dir] = null;
        try {
            analyzer.onGap(fromClient, missing, ctx);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.internalError(this, e);
        }
    }

    /** Bytes fed so far in one direction. */
    long fed(boolean fromClient) {
        return fed[fromClient ? 0 : 1];
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

    private void keep(int dir, byte[] data, int offset, int length, DispatchContext ctx) {
        if (length <= 0) {
            return;
        }
        append(dir, data, offset, length, ctx);
    }

    private boolean append(int dir, byte[] data, int offset, int length, DispatchContext ctx) {
        int need = pendingLength[dir] + length;
        int max = factory.maxBufferedBytes();
        if (need > max) {
            ctx.counters().inc(factory.name() + "_buffer_cap");
            ctx.detach(this);
            pending[0] = pending[1] = null;
            return false;
        }
        byte[] buf = pending[dir];
        if (buf == null || buf.length < need) {
            int size = Math.max(256, buf == null ? 0 : buf.length);
            while (size < need) {
                size = Math.min(max, size * 2);
            }
            byte[] grown = new byte[size];
            if (buf != null) {
                System.arraycopy(buf, 0, grown, 0, pendingLength[dir]);
            }
            pending[dir] = buf = grown;
        }
        System.arraycopy(data, offset, buf, pendingLength[dir], length);
        pendingLength[dir] = need;
        return true;
    }
}
