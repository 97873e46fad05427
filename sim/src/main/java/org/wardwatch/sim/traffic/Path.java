package org.wardwatch.sim.traffic;

/** How far apart two ends are: one-way delay and serialization time per byte. */
public record Path(long halfRttNanos, long nanosPerByte) {
    public static final Path LAN = new Path(150_000, 8);
}
