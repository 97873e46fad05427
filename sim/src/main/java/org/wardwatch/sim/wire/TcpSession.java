package org.wardwatch.sim.wire;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A TCP connection that stays consistent for any analyzer, following RFC 793/9293: three-way
 * handshake with MSS and SACK-permitted options, sequence and acknowledgement numbers that add up,
 * MSS-sized segments with PSH on a message's last segment, an ACK for every second full segment
 * (RFC 1122 4.2.3.2) and for the last one unless the reply piggybacks it, and an orderly FIN
 * exchange or an RST at the end. Nothing is lost, duplicated or reordered, so TCP analysis in
 * Wireshark finds no retransmission, lost segment or window problem.
 *
 * <p>The script is pulled one message at a time, so a bulk transfer costs memory for one message's
 * segment descriptors only. Known gaps: no window scaling, timestamps or out-of-order delivery.
 */
public final class TcpSession extends Conversation {
    /** How the server answers the SYN. */
    public enum Open { ACCEPT, REFUSE, HALF_OPEN, SILENT }

    private static final int MSS = 1460;
    private static final int WINDOW = 64240;
    private static final byte[] SYN_OPTIONS = {2, 4, (byte) (MSS >> 8), (byte) MSS, 1, 1, 4, 2};
    private static final long PIGGYBACK_NANOS = 40_000_000L;
    private static final int FLIGHT_LIMIT = 32 * 1024;

    private final Host client;
    private final Host server;
    private final int clientPort;
    private final int serverPort;
    private final Iterator<TcpStep> script;
    private TcpStep lookahead;
    private final long halfRtt;
    private final long nanosPerByte;
    private final ArrayDeque<Segment> pending = new ArrayDeque<>();
    private long clientNext;
    private long serverNext;
    private long clock;
    private boolean closed;

    private record Segment(long time, boolean fromClient, int flags, long seq, long ack, Payload payload, int from, int len,
                           boolean syn) {
    }

    /**
     * @param start time of the SYN
     * @param halfRttNanos one-way delay between the ends as seen by the capture
     * @param nanosPerByte serialization time (8 for 1 Gbit/s, about 200 for a busy Wi-Fi client)
     * @param isnClient initial sequence numbers (random per connection, as RFC 6528 asks)
     */
    public TcpSession(Host client, int clientPort, Host server, int serverPort, long start, long halfRttNanos,
                      long nanosPerByte, long isnClient, long isnServer, Open open, Iterator<TcpStep> script) {
        this.client = client;
        this.server = server;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.script = script;
        this.halfRtt = Math.max(1_000, halfRttNanos);
        this.nanosPerByte = Math.max(1, nanosPerByte);
        long isnC = isnClient & 0xffff_ffffL;
        long isnS = isnServer & 0xffff_ffffL;
        pending.add(new Segment(start, true, FrameBuffer.TCP_SYN, isnC, 0, null, 0, 0, true));
        switch (open) {
            case ACCEPT -> {
                pending.add(new Segment(start + halfRtt, false, FrameBuffer.TCP_SYN | FrameBuffer.TCP_ACK, isnS, isnC + 1,
                        null, 0, 0, true));
                pending.add(new Segment(start + 2 * halfRtt, true, FrameBuffer.TCP_ACK, isnC + 1, isnS + 1, null, 0, 0, false));
                clientNext = isnC + 1;
                serverNext = isnS + 1;
                clock = start + 2 * halfRtt;
            }
            case REFUSE -> {
                pending.add(new Segment(start + halfRtt, false, FrameBuffer.TCP_RST | FrameBuffer.TCP_ACK, 0, isnC + 1,
                        null, 0, 0, false));
                closed = true;
            }
            case HALF_OPEN -> {
                pending.add(new Segment(start + halfRtt, false, FrameBuffer.TCP_SYN | FrameBuffer.TCP_ACK, isnS, isnC + 1,
                        null, 0, 0, true));
                pending.add(new Segment(start + 2 * halfRtt, true, FrameBuffer.TCP_RST, isnC + 1, 0, null, 0, 0, false));
                closed = true;
            }
            case SILENT -> closed = true;
        }
    }

    @Override
    public long nextTime() {
        return pending.peekFirst().time();
    }

    @Override
    public boolean done() {
        if (pending.isEmpty()) {
            refill();
        }
        return pending.isEmpty();
    }

    @Override
    public void emit(FrameBuffer fb) {
        Segment s = pending.pollFirst();
        Host src = s.fromClient() ? client : server;
        Host dst = s.fromClient() ? server : client;
        fb.route(src, dst, client);
        byte[] options = s.syn() ? SYN_OPTIONS : null;
        int at = fb.tcpPayloadOffset(options == null ? 0 : options.length);
        if (s.len() > 0) {
            s.payload().copy(s.from(), fb.array(), at, s.len());
        }
        fb.finishTcp(src.ip(), dst.ip(), src.nextIpId(), s.fromClient() ? clientPort : serverPort,
                s.fromClient() ? serverPort : clientPort, s.seq(), s.ack(), s.flags(), WINDOW, options, s.len());
        if (pending.isEmpty()) {
            refill();
        }
    }

    private TcpStep peek() {
        if (lookahead == null && script.hasNext()) {
            lookahead = script.next();
        }
        return lookahead;
    }

    private TcpStep take() {
        TcpStep s = peek();
        lookahead = null;
        return s;
    }

    private void refill() {
        while (pending.isEmpty() && !closed) {
            TcpStep step = take();
            if (step == null) {
                step = TcpStep.close(true, 1_000_000L);
            }
            switch (step.kind()) {
                case DATA -> data(step);
                case CLOSE -> close(step);
                case ABORT -> abort(step);
            }
        }
    }

    private void data(TcpStep step) {
        boolean fromClient = step.fromClient();
        Payload p = step.payload();
        int total = p.length();
        if (total == 0) {
            return;
        }
        long t = clock + Math.max(0, step.gapNanos());
        long seq = fromClient ? clientNext : serverNext;
        long peerNext = fromClient ? serverNext : clientNext;
        List<Segment> out = new ArrayList<>(2 + total / MSS * 3 / 2);
        int n = (total + MSS - 1) / MSS;
        TcpStep next = peek();
        boolean piggyback = next != null && next.kind() == TcpStep.Kind.DATA && next.fromClient() != fromClient
                && next.gapNanos() < PIGGYBACK_NANOS;
        long segTime = t;
        // flow control: keep unacknowledged bytes (as the capture shows them) well inside the window
        ArrayDeque<long[]> acks = new ArrayDeque<>();
        long acked = 0;
        for (int i = 0; i < n; i++) {
            int off = i * MSS;
            int len = Math.min(MSS, total - off);
            while (!acks.isEmpty() && (acks.peekFirst()[0] <= segTime || off + len - acked > FLIGHT_LIMIT)) {
                long[] a = acks.pollFirst();
                if (a[0] > segTime) {
                    segTime = a[0] + halfRtt; // wait for the ACK to reach the sender
                }
                acked = a[1];
            }
            boolean last = i == n - 1;
            int flags = FrameBuffer.TCP_ACK | (last ? FrameBuffer.TCP_PSH : 0);
            out.add(new Segment(segTime, fromClient, flags, (seq + off) & 0xffff_ffffL, peerNext, p, off, len, false));
            boolean pair = (i & 1) == 1;
            if ((pair || last) && !(last && piggyback)) {
                long ackNo = (seq + off + len) & 0xffff_ffffL;
                out.add(new Segment(segTime + halfRtt, !fromClient, FrameBuffer.TCP_ACK, peerNext, ackNo, null, 0, 0, false));
                acks.addLast(new long[] {segTime + halfRtt, off + len});
            }
            segTime += (long) (len + 54) * nanosPerByte;
        }
        out.sort((a, b) -> Long.compare(a.time(), b.time()));
        long end = clock;
        for (Segment s : out) {
            end = Math.max(end, s.time());
        }
        pending.addAll(out);
        clock = end;
        if (fromClient) {
            clientNext = (clientNext + total) & 0xffff_ffffL;
        } else {
            serverNext = (serverNext + total) & 0xffff_ffffL;
        }
    }

    private void close(TcpStep step) {
        boolean byClient = step.fromClient();
        long t = clock + Math.max(0, step.gapNanos());
        long a = byClient ? clientNext : serverNext;
        long b = byClient ? serverNext : clientNext;
        int fa = FrameBuffer.TCP_FIN | FrameBuffer.TCP_ACK;
        pending.add(new Segment(t, byClient, fa, a, b, null, 0, 0, false));
        pending.add(new Segment(t + halfRtt, !byClient, fa, b, (a + 1) & 0xffff_ffffL, null, 0, 0, false));
        pending.add(new Segment(t + 2 * halfRtt, byClient, FrameBuffer.TCP_ACK, (a + 1) & 0xffff_ffffL,
                (b + 1) & 0xffff_ffffL, null, 0, 0, false));
        clock = t + 2 * halfRtt;
        closed = true;
    }

    private void abort(TcpStep step) {
        boolean byClient = step.fromClient();
        long t = clock + Math.max(0, step.gapNanos());
        long a = byClient ? clientNext : serverNext;
        long b = byClient ? serverNext : clientNext;
        pending.add(new Segment(t, byClient, FrameBuffer.TCP_RST | FrameBuffer.TCP_ACK, a, b, null, 0, 0, false));
        clock = t;
        closed = true;
    }
}
