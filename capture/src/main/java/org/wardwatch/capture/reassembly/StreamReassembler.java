package org.wardwatch.capture.reassembly;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.flow.FlowView;

/**
 * Orders the bytes of TCP streams (RFC 9293 sequence space) for the flows whose listener asked for
 * them, in bounded, pooled memory.
 *
 * <p><b>Contract.</b> Each direction's bytes reach the {@link StreamSink} once, in sequence order;
 * bytes that will not come are reported as a gap (their count) and delivery goes on after them.
 * <ul>
 *   <li>Start: a SYN fixes the initial sequence number (data starts at ISN+1, data carried on the SYN
 *       included); without a SYN (capture started mid-stream, or the stream requested late) the first
 *       segment seen starts the stream at its own sequence number, without a gap.</li>
 *   <li>Retransmissions of delivered bytes are dropped. Overlaps: <b>first wins</b>: bytes already
 *       delivered or buffered are kept, only missing bytes are taken from a later segment; buffered
 *       bytes that a later segment contradicts count {@code tcp_overlap_mismatch} (an evasion sign).</li>
 *   <li>Out-of-order segments wait in a per-direction window of {@code windowBytes} (a power of two,
 *       default 64 KiB, taken from a bounded pool of {@code maxWindows} buffers and returned as soon as
 *       it drains: no allocation per packet once the pool is warm).</li>
 *   <li>Holes are not waited on forever. A hole is given up, reported with {@code onStreamGap}, and the
 *       buffered bytes behind it delivered, when: a segment does not fit in the window; the pool has no
 *       buffer left ({@code tcp_reassembly_pool_exhausted}); the other side acknowledged bytes up to
 *       the first buffered byte (the receiver got what the capture missed); the flow ends
 *       ({@link #close}, which also reports acknowledged bytes never seen at the end). Bytes cut by the
 *       snaplen are reported as a gap at once.</li>
 *   <li>A per-direction cap ({@code capBytes}) on stream position (bytes delivered plus gaps): past it
 *       the direction is dropped quietly (analyzers want the first kilobytes of a DICOM association,
 *       not the image).</li>
 *   <li>A segment more than 1 GiB ahead of the expected sequence number is ignored
 *       ({@code tcp_segment_out_of_window}): no real window is that large.</li>
 * </ul>
 *
 * <p>Known gaps: urgent data is delivered inline; the window does not follow the receiver's advertised
 * window; SACK blocks are not used to learn of holes earlier.
 */
public final class StreamReassembler {
    private static final long MAX_JUMP = 1L << 30;
    private static final int MAX_PIECES = 32;

    private final Anomalies anomalies;
    private final StreamSink sink;
    private final int windowBytes;
    private final int windowMask;
    private final int maxWindows;
    private final long capBytes;
    private final int maxStreams;

    private Stream[] streams = new Stream[64];
    private int[] freeHandles = new int[64];
    private int freeTop;
    private int handles;
    private int liveStreams;

    private final byte[][] windowPool;
    private final ByteBuffer[] viewPool;
    private int poolTop;
    private int windowsAllocated;

    private long bytesDelivered, gaps, gapBytes;

    private final int aPoolExhausted, aMismatch, aOutOfWindow, aTooManyPieces, aStreamsExhausted;

    /**
     * @param windowBytes out-of-order window per direction, a power of two (e.g. 65536)
     * @param maxWindows  cap on window buffers alive at once (memory: {@code maxWindows * windowBytes})
     * @param capBytes    stream position per direction past which bytes are no longer delivered
     * @param maxStreams  cap on flows reassembled at once ({@code tcp_reassembly_streams_exhausted})
     */
    public StreamReassembler(Anomalies anomalies, StreamSink sink, int windowBytes, int maxWindows, long capBytes,
                             int maxStreams) {
        if (Integer.bitCount(windowBytes) != 1 || windowBytes < 1024) {
            throw new IllegalArgumentException("windowBytes must be a power of two >= 1024");
        }
        this.anomalies = anomalies;
        this.sink = sink;
        this.windowBytes = windowBytes;
        this.windowMask = windowBytes - 1;
        this.maxWindows = maxWindows;
        this.capBytes = capBytes;
        this.maxStreams = maxStreams;
        this.windowPool = new byte[maxWindows][];
        this.viewPool = new ByteBuffer[maxWindows];
        aPoolExhausted = anomalies.id("tcp_reassembly_pool_exhausted");
        aMismatch = anomalies.id("tcp_overlap_mismatch");
        aOutOfWindow = anomalies.id("tcp_segment_out_of_window");
        aTooManyPieces = anomalies.id("tcp_reassembly_too_many_pieces");
        aStreamsExhausted = anomalies.id("tcp_reassembly_streams_exhausted");
    }

    /** One direction of a stream. */
    private static final class Direction {
        boolean started;
        long pos;           // stream position: bytes delivered plus gap bytes (for the cap)
        long next;          // next expected sequence number, unwrapped to 64 bits
        boolean capped;
        long peerAck = Long.MIN_VALUE; // highest acknowledgment from the other side, unwrapped
        long finSeq = Long.MAX_VALUE;
        byte[] window;
        ByteBuffer view;
        final long[] start = new long[MAX_PIECES];
        final long[] end = new long[MAX_PIECES];
        int pieces;

        void reset() {
            started = false;
            pos = next = 0;
            capped = false;
            peerAck = Long.MIN_VALUE;
            finSeq = Long.MAX_VALUE;
            window = null;
            view = null;
            pieces = 0;
        }

        /** The 64-bit sequence number of a 32-bit one near {@link #next}. */
        long unwrap(long seq32) {
            return next + (int) (seq32 - next);
        }
    }

    private static final class Stream {
        final Direction client = new Direction();
        final Direction server = new Direction();
    }

    /**
     * A handle for a new stream, or -1 when {@code maxStreams} are being reassembled already
     * ({@code tcp_reassembly_streams_exhausted}).
     */
    public int open() {
        if (freeTop == 0) {
            if (handles == maxStreams) {
                anomalies.count(aStreamsExhausted);
                return -1;
            }
            if (handles == streams.length) {
                streams = Arrays.copyOf(streams, handles * 2);
                freeHandles = Arrays.copyOf(freeHandles, handles * 2);
            }
            streams[handles] = new Stream();
            freeHandles[freeTop++] = handles++;
        }
        int h = freeHandles[--freeTop];
        streams[h].client.reset();
        streams[h].server.reset();
        liveStreams++;
        return h;
    }

    /** Handles one TCP segment of the stream {@code handle}. */
    public void segment(int handle, FlowView flow, boolean fromClient, DecodedPacket d) {
        Stream st = streams[handle];
        Direction dir = fromClient ? st.client : st.server;
        Direction peer = fromClient ? st.server : st.client;
        int flags = d.tcpFlags;
        long ts = d.tsNanos;
        boolean syn = (flags & 0x02) != 0;
        if (syn && !dir.started) {
            dir.started = true;
            dir.next = d.tcpSeq + 1;
        }
        if ((flags & 0x10) != 0 && peer.started && !peer.capped) {
            long ack = peer.unwrap(d.tcpAck);
            if (ack > peer.peerAck) {
                peer.peerAck = ack;
                if (peer.pieces > 0 && ack >= peer.start[0] && peer.start[0] > peer.next) {
                    giveUpFirstHole(peer, flow, !fromClient, ts);
                }
            }
        }
        int origLen = d.payloadOrigLength;
        long seq32 = syn ? d.tcpSeq + 1 : d.tcpSeq;
        if (!dir.started) {
            if (origLen == 0) {
                return;
            }
            dir.started = true;
            dir.next = seq32 & 0xFFFF_FFFFL;
        }
        if (dir.capped) {
            return;
        }
        long s = dir.unwrap(seq32 & 0xFFFF_FFFFL);
        if ((flags & 0x01) != 0) {
            long fin = s + origLen;
            if (fin < dir.finSeq) {
                dir.finSeq = fin;
            }
        }
        if (origLen == 0) {
            return;
        }
        if (s - dir.next > MAX_JUMP) {
            anomalies.count(aOutOfWindow);
            return;
        }
        accept(dir, flow, fromClient, s, d.buf, d.payloadOffset, d.payloadLength, origLen, ts);
    }

    private void accept(Direction dir, FlowView flow, boolean fromClient, long seq, ByteBuffer buf, int offset,
                        int length, int origLength, long ts) {
        long s = seq;
        int off = offset, len = length, origLen = origLength;
        long e = s + origLen;
        if (e <= dir.next) {
            return; // a retransmission of bytes already delivered
        }
        if (s < dir.next) { // partly old: first wins, keep only the new tail
            int skip = (int) (dir.next - s);
            s = dir.next;
            origLen -= skip;
            if (skip >= len) {
                off += len;
                len = 0;
            } else {
                off += skip;
                len -= skip;
            }
        }
        long capturedEnd = s + len;
        if (s == dir.next && dir.pieces == 0) {
            // the common case: in order, nothing buffered, deliver from the packet itself
            if (len > 0) {
                deliver(dir, flow, fromClient, buf, off, len, ts);
                if (dir.capped) {
                    return;
                }
            }
            dir.next = capturedEnd;
            if (origLen > len) {
                gap(dir, flow, fromClient, origLen - len, ts); // the snaplen cut the segment
                dir.next = s + origLen;
            }
            return;
        }
        if (s > dir.next && capturedEnd - dir.next > windowBytes) {
            // the window overflowed: give up the holes before this segment, then take it
            skipTo(dir, flow, fromClient, s, ts);
            if (!dir.capped) {
                accept(dir, flow, fromClient, seq, buf, offset, length, origLength, ts);
            }
            return;
        }
        if (len > 0) {
            boolean stored;
            if (capturedEnd - dir.next > windowBytes) {
                stored = false;
            } else if (dir.window == null && !takeWindow(dir)) {
                stored = false;
            } else {
                stored = store(dir, s, buf, off, len);
                if (!stored) {
                    anomalies.count(aTooManyPieces);
                }
            }
            if (!stored) {
                // no room for out-of-order bytes: give up every hole, then take this segment in order
                flushPieces(dir, flow, fromClient, ts);
                if (!dir.capped && s > dir.next) {
                    gap(dir, flow, fromClient, s - dir.next, ts);
                    dir.next = s;
                }
                if (!dir.capped) {
                    accept(dir, flow, fromClient, seq, buf, offset, length, origLength, ts);
                }
                return;
            }
        }
        drain(dir, flow, fromClient, ts);
        if (origLen > len && dir.next == capturedEnd && !dir.capped) {
            gap(dir, flow, fromClient, origLen - len, ts);
            dir.next = s + origLen;
            drain(dir, flow, fromClient, ts);
        }
    }

    /** Delivers every buffered piece, giving up the holes between them. */
    private void flushPieces(Direction dir, FlowView flow, boolean fromClient, long ts) {
        while (dir.pieces > 0 && !dir.capped) {
            if (dir.start[0] > dir.next) {
                giveUpFirstHole(dir, flow, fromClient, ts);
            } else {
                drain(dir, flow, fromClient, ts);
            }
        }
        if (dir.pieces == 0) {
            returnWindow(dir);
        }
    }

    private boolean takeWindow(Direction dir) {
        if (poolTop > 0) {
            dir.window = windowPool[--poolTop];
            dir.view = viewPool[poolTop];
            windowPool[poolTop] = null;
            viewPool[poolTop] = null;
            return true;
        }
        if (windowsAllocated < maxWindows) {
            windowsAllocated++;
            dir.window = new byte[windowBytes];
            dir.view = ByteBuffer.wrap(dir.window);
            return true;
        }
        anomalies.count(aPoolExhausted);
        return false;
    }

    private void returnWindow(Direction dir) {
        if (dir.window != null) {
            windowPool[poolTop] = dir.window;
            viewPool[poolTop] = dir.view;
            poolTop++;
            dir.window = null;
            dir.view = null;
        }
    }

    /**
     * Copies the bytes of [s, s+len) not buffered yet into the window (first wins) and merges the
     * piece list. Returns false when the piece list is full and the bytes would need a new piece.
     */
    private boolean store(Direction dir, long s, ByteBuffer buf, int off, int len) {
        long e = s + len;
        int n = dir.pieces;
        long[] ps = dir.start, pe = dir.end;
        int i = 0;
        while (i < n && pe[i] < s) {
            i++;
        }
        int j = i;
        while (j < n && ps[j] <= e) {
            j++;
        }
        if (i == j && n == MAX_PIECES) {
            return false;
        }
        long cursor = s;
        boolean mismatch = false;
        for (int k = i; k < j; k++) {
            if (ps[k] > cursor) {
                copyIn(dir, cursor, buf, off + (int) (cursor - s), (int) (ps[k] - cursor));
            }
            long from = Math.max(ps[k], s), to = Math.min(pe[k], e);
            for (long x = from; x < to && !mismatch; x++) {
                if (dir.window[(int) (x & windowMask)] != buf.get(off + (int) (x - s))) {
                    mismatch = true;
                }
            }
            cursor = Math.max(cursor, pe[k]);
        }
        if (cursor < e) {
            copyIn(dir, cursor, buf, off + (int) (cursor - s), (int) (e - cursor));
        }
        if (mismatch) {
            anomalies.count(aMismatch);
        }
        long ms = s, me = e;
        if (j > i) {
            ms = Math.min(ms, ps[i]);
            me = Math.max(me, pe[j - 1]);
        }
        int removed = j - i;
        if (removed != 1) {
            System.arraycopy(ps, j, ps, i + 1, n - j);
            System.arraycopy(pe, j, pe, i + 1, n - j);
        }
        ps[i] = ms;
        pe[i] = me;
        dir.pieces = n - removed + 1;
        return true;
    }

    private void copyIn(Direction dir, long seq, ByteBuffer buf, int off, int len) {
        int p = (int) (seq & windowMask);
        int first = Math.min(len, windowBytes - p);
        buf.get(off, dir.window, p, first);
        if (first < len) {
            buf.get(off + first, dir.window, 0, len - first);
        }
    }

    /** Delivers the buffered bytes that have become in order. */
    private void drain(Direction dir, FlowView flow, boolean fromClient, long ts) {
        while (dir.pieces > 0 && dir.start[0] <= dir.next) {
            long pe = dir.end[0];
            if (pe > dir.next) {
                deliverWindow(dir, flow, fromClient, dir.next, pe, ts);
                if (dir.capped) {
                    return;
                }
                dir.next = pe;
            }
            removeFirstPiece(dir);
        }
        if (dir.pieces == 0) {
            returnWindow(dir);
        }
    }

    private void removeFirstPiece(Direction dir) {
        int n = --dir.pieces;
        System.arraycopy(dir.start, 1, dir.start, 0, n);
        System.arraycopy(dir.end, 1, dir.end, 0, n);
    }

    /** Gives up the hole before the first buffered piece and delivers what follows it. */
    private void giveUpFirstHole(Direction dir, FlowView flow, boolean fromClient, long ts) {
        gap(dir, flow, fromClient, dir.start[0] - dir.next, ts);
        dir.next = dir.start[0];
        if (!dir.capped) {
            drain(dir, flow, fromClient, ts);
        }
    }

    /** Gives up every hole before {@code s}, delivering buffered bytes on the way, so that {@code next >= s}. */
    private void skipTo(Direction dir, FlowView flow, boolean fromClient, long s, long ts) {
        while (dir.next < s && !dir.capped) {
            if (dir.pieces > 0 && dir.start[0] < s) {
                if (dir.start[0] > dir.next) {
                    giveUpFirstHole(dir, flow, fromClient, ts);
                } else {
                    drain(dir, flow, fromClient, ts);
                }
            } else {
                gap(dir, flow, fromClient, s - dir.next, ts);
                dir.next = s;
                if (!dir.capped) {
                    drain(dir, flow, fromClient, ts);
                }
            }
        }
    }

    private void deliverWindow(Direction dir, FlowView flow, boolean fromClient, long from, long to, long ts) {
        int len = (int) (to - from);
        int p = (int) (from & windowMask);
        int first = Math.min(len, windowBytes - p);
        ByteBuffer view = dir.view;
        deliver(dir, flow, fromClient, view, p, first, ts);
        if (first < len && !dir.capped) {
            deliver(dir, flow, fromClient, view, 0, len - first, ts);
        }
    }

    private void deliver(Direction dir, FlowView flow, boolean fromClient, ByteBuffer buf, int off, int len, long ts) {
        long room = capBytes - dir.pos;
        if (room <= 0) {
            cap(dir);
            return;
        }
        if (len > room) {
            len = (int) room;
        }
        dir.pos += len;
        bytesDelivered += len;
        sink.onStreamData(flow, fromClient, buf, off, len, ts);
        if (len == room) {
            cap(dir);
        }
    }

    private void gap(Direction dir, FlowView flow, boolean fromClient, long missing, long ts) {
        if (missing <= 0 || dir.capped) {
            return;
        }
        if (dir.pos >= capBytes) {
            cap(dir);
            return;
        }
        gaps++;
        gapBytes += missing;
        dir.pos += missing;
        sink.onStreamGap(flow, fromClient, missing, ts);
        if (dir.pos >= capBytes) {
            cap(dir);
        }
    }

    private void cap(Direction dir) {
        dir.capped = true;
        dir.pieces = 0;
        returnWindow(dir);
    }

    /**
     * The flow ended: delivers what is buffered (holes reported as gaps), reports bytes the other
     * side acknowledged but the capture never showed, and frees the handle.
     */
    public void close(int handle, FlowView flow, long ts) {
        Stream st = streams[handle];
        finish(st.client, flow, true, ts);
        finish(st.server, flow, false, ts);
        st.client.reset();
        st.server.reset();
        freeHandles[freeTop++] = handle;
        liveStreams--;
    }

    /** Frees the handle without delivering anything more (the listener released the stream). */
    public void release(int handle) {
        Stream st = streams[handle];
        returnWindow(st.client);
        returnWindow(st.server);
        st.client.reset();
        st.server.reset();
        freeHandles[freeTop++] = handle;
        liveStreams--;
    }

    private void finish(Direction dir, FlowView flow, boolean fromClient, long ts) {
        if (!dir.started || dir.capped) {
            returnWindow(dir);
            return;
        }
        flushPieces(dir, flow, fromClient, ts);
        long acked = Math.min(dir.peerAck, dir.finSeq);
        if (acked > dir.next && acked - dir.next <= MAX_JUMP) {
            gap(dir, flow, fromClient, acked - dir.next, ts);
            dir.next = acked;
        }
        returnWindow(dir);
    }

    /** Streams being reassembled now. */
    public int liveStreams() {
        return liveStreams;
    }

    /** Window buffers allocated so far (each {@code windowBytes}); they are reused, never more than the cap. */
    public int windowsAllocated() {
        return windowsAllocated;
    }

    /** Window buffers in use now. */
    public int windowsInUse() {
        return windowsAllocated - poolTop;
    }

    public long bytesDelivered() {
        return bytesDelivered;
    }

    public long gaps() {
        return gaps;
    }

    public long gapBytes() {
        return gapBytes;
    }
}
