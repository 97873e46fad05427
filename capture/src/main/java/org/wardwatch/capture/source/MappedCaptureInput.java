package org.wardwatch.capture.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A regular file, memory-mapped in windows of at most {@link #DEFAULT_WINDOW} bytes. A window is
 * re-mapped at the reader's position when a request runs past its end, so files over 2 GiB and
 * larger than memory work, and a record crossing a window boundary is simply found whole in the next
 * window. Old windows are unmapped by the garbage collector (never explicitly: a packet view may
 * still point into one until the next call).
 */
final class MappedCaptureInput extends CaptureInput {
    static final int DEFAULT_WINDOW = 1 << 30;
    private final FileChannel channel;
    private final long size;
    private final int window;
    private long windowStart;
    private int windowLength;

    MappedCaptureInput(FileChannel channel, int window) throws IOException {
        if (window < CaptureFiles.MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("window below the largest record: " + window);
        }
        this.channel = channel;
        this.size = channel.size();
        this.window = window;
        this.buf = ByteBuffer.allocate(0);
    }

    @Override
    int require(long pos, int n) throws IOException {
        if (pos >= windowStart && pos + n <= windowStart + windowLength) {
            return (int) (pos - windowStart);
        }
        if (pos < 0 || n < 0 || pos + n > size) {
            return -1;
        }
        windowStart = pos;
        windowLength = (int) Math.min(window, size - pos);
        buf = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, windowLength);
        return 0;
    }

    @Override
    int maxRequire() {
        return window;
    }

    @Override
    long sizeBytes() {
        return size;
    }

    @Override
    long position(long readerPos) {
        return readerPos;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
