package org.wardwatch.sim.wire;

/**
 * A source of frames in non-decreasing time order, written lazily into the shared
 * {@link FrameBuffer} when the scheduler reaches them. The scheduler keeps one entry per live
 * conversation, so memory grows with concurrency, not with capture length.
 */
public abstract class Conversation {
    /** Attack this conversation belongs to (index into the plan), or -1 for normal traffic. */
    private int attack = -1;

    public final int attack() {
        return attack;
    }

    public final Conversation attack(int index) {
        this.attack = index;
        return this;
    }

    /** Time of the next frame, in nanoseconds since the epoch; only valid while {@link #done()} is false. */
    public abstract long nextTime();

    /** Writes the next frame into {@code fb} and advances. */
    public abstract void emit(FrameBuffer fb);

    public abstract boolean done();
}
