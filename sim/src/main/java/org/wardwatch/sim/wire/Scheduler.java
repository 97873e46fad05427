package org.wardwatch.sim.wire;

import java.io.IOException;
import java.util.PriorityQueue;

/**
 * Merges live conversations by the time of their next frame (ties broken by arrival order, so the
 * output is deterministic). The queue holds one entry per live conversation and is capped: beyond
 * {@code maxLive} a new conversation is dropped and counted, never queued.
 */
public final class Scheduler {
    /** Where frames go, in time order. */
    public interface Sink {
        void frame(long timeNanos, Conversation from, byte[] frame, int length) throws IOException;
    }

    private static final class Entry {
        final Conversation conversation;
        final long order;
        long time;

        Entry(Conversation conversation, long order) {
            this.conversation = conversation;
            this.order = order;
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>(1024, (a, b) -> {
        int c = Long.compare(a.time, b.time);
        return c != 0 ? c : Long.compare(a.order, b.order);
    });
    private final FrameBuffer fb = new FrameBuffer();
    private final int maxLive;
    private long order;
    private long dropped;
    private long peakLive;
    private long lastTime = Long.MIN_VALUE;

    public Scheduler(int maxLive) {
        this.maxLive = maxLive;
    }

    /** Queues a conversation; its first frame must not be earlier than frames already written. */
    public void add(Conversation c) {
        if (c.done()) {
            return;
        }
        if (queue.size() >= maxLive) {
            dropped++;
            return;
        }
        if (c.nextTime() < lastTime) {
            throw new IllegalStateException("conversation starts before frames already written");
        }
        Entry e = new Entry(c, order++);
        e.time = c.nextTime();
        queue.add(e);
        peakLive = Math.max(peakLive, queue.size());
    }

    /** Writes every queued frame earlier than {@code limitNanos}, in time order. */
    public void drainUntil(long limitNanos, Sink sink) throws IOException {
        while (!queue.isEmpty() && queue.peek().time < limitNanos) {
            Entry e = queue.poll();
            Conversation c = e.conversation;
            c.emit(fb);
            lastTime = e.time;
            sink.frame(e.time, c, fb.array(), fb.length());
            if (!c.done()) {
                long t = c.nextTime();
                if (t < e.time) {
                    throw new IllegalStateException("conversation went back in time");
                }
                e.time = t;
                queue.add(e);
            }
        }
    }

    /** Writes everything left. */
    public void drainAll(Sink sink) throws IOException {
        drainUntil(Long.MAX_VALUE, sink);
    }

    public long dropped() {
        return dropped;
    }

    public long peakLive() {
        return peakLive;
    }

    public int live() {
        return queue.size();
    }
}
