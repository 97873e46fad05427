package org.wardwatch.sim.traffic;

import java.util.SplittableRandom;

/**
 * Something a device does again and again: when it fires it adds conversations (starting no earlier
 * than the firing time) and says when it fires next. Each task owns its random generator, split from
 * the simulation's in a fixed order, so the output depends on the seed alone.
 */
public final class Task {
    /** What the task does when it fires at {@code t}. */
    @FunctionalInterface
    public interface Action {
        void run(long t, SplittableRandom rng, Out out);
    }

    /** When the task fires next, given the current time. */
    @FunctionalInterface
    public interface Interval {
        long next(long now, SplittableRandom rng);
    }

    private final String name;
    private final long first;
    private final Interval interval;
    private final Action action;
    private final SplittableRandom rng;

    public Task(String name, long first, Interval interval, Action action, SplittableRandom rng) {
        this.name = name;
        this.first = first;
        this.interval = interval;
        this.action = action;
        this.rng = rng;
    }

    public String name() {
        return name;
    }

    public long first() {
        return first;
    }

    /** Runs the action and returns the next firing time ({@link Long#MAX_VALUE} = never again). */
    public long fire(long t, Out out) {
        action.run(t, rng, out);
        return interval == null ? Long.MAX_VALUE : t + Math.max(1_000_000L, interval.next(t, rng));
    }

    static final long SECOND = 1_000_000_000L;

    /** Every {@code seconds}, with up to {@code jitter} (fraction) random spread. */
    public static Interval every(double seconds, double jitter) {
        return (now, rng) -> (long) (seconds * SECOND * (1 - jitter / 2 + jitter * rng.nextDouble()));
    }

    /** Exponential gaps with the given mean: events at random, like arrivals. */
    public static Interval poisson(double meanSeconds) {
        return (now, rng) -> (long) (-Math.log(1 - rng.nextDouble()) * meanSeconds * SECOND);
    }

    /** Exponential gaps whose mean stretches at night: {@code meanSeconds} is the daytime mean. */
    public static Interval diurnal(double meanSeconds) {
        return (now, rng) -> (long) (-Math.log(1 - rng.nextDouble()) * meanSeconds / Diurnal.activity(now) * SECOND);
    }
}
