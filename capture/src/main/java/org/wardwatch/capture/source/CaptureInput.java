package org.wardwatch.capture.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes under a capture reader: a window over the input that the reader moves forward with
 * {@link #require}. The readers parse through {@link #buf} with absolute gets; the buffer's byte order
 * is always big-endian (network order, what the decoder expects), so readers swap file fields themselves.
 *
 * <p>Positions are absolute offsets in the (decompressed) input and only move forward: once a reader
 * asks for bytes at {@code pos}, bytes before {@code pos} may be gone.
 */
abstract class CaptureInput implements Closeable {
    /** The current window; replaced by {@link #require} when it moves. Big-endian. */
    ByteBuffer buf;

    /**
     * Makes bytes {@code [pos, pos + n)} readable in {@link #buf} and returns the index of {@code pos}
     * in it, or -1 when the input ends before {@code pos + n}. {@code n} must not exceed
     * {@link #maxRequire()}. Indexes returned earlier are invalid afterwards.
     */
    abstract int require(long pos, int n) throws IOException;

    /** The largest {@code n} {@link #require} accepts. */
    abstract int maxRequire();

    /** True when no byte exists at {@code pos}. */
    final boolean atEnd(long pos) throws IOException {
        return require(pos, 1) < 0;
    }

    /** Input size in bytes when known (for progress), else -1. */
    abstract long sizeBytes();

    /** Input bytes consumed so far, in the unit of {@link #sizeBytes()} (compressed bytes for gzip files). */
    abstract long position(long readerPos);
}
