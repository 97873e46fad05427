package org.wardwatch.capture.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * A stream (standard input, a gzip-compressed file, a live capture pipe) read into one reusable
 * byte array. The array starts at {@link #INITIAL_CAPACITY} and grows only when a single request
 * needs more, up to {@link CaptureFiles#MAX_BLOCK_BYTES}: memory stays bounded whatever the input.
 * Bytes before the requested position are discarded when the array is refilled.
 */
final class StreamCaptureInput extends CaptureInput {
    static final int INITIAL_CAPACITY = 1 << 17;
    private final InputStream in;
    private final long size;
    private final LongSupplier rawPosition;
    private byte[] array;
    private long arrayStart;
    private int fill;
    private boolean eof;

    /**
     * @param size        input size for progress, or -1
     * @param rawPosition bytes consumed in the unit of {@code size} (e.g. compressed bytes), or null to use the reader's position
     */
    StreamCaptureInput(InputStream in, long size, LongSupplier rawPosition) {
        this.in = in;
        this.size = size;
        this.rawPosition = rawPosition;
        this.array = new byte[INITIAL_CAPACITY];
        this.buf = ByteBuffer.wrap(array);
    }

    @Override
    int require(long pos, int n) throws IOException {
        long end = arrayStart + fill;
        if (pos >= arrayStart && pos + n <= end) {
            return (int) (pos - arrayStart);
        }
        if (n > CaptureFiles.MAX_BLOCK_BYTES || n < 0 || pos < arrayStart) {
            throw new IllegalArgumentException("require(" + pos + ", " + n + ") outside the stream window at " + arrayStart);
        }
        if (pos >= end) {
            // skip forward: nothing in the array is wanted any more
            long skip = pos - end;
            fill = 0;
            arrayStart = end;
            while (skip > 0 && !eof) {
                int r = in.read(array, 0, (int) Math.min(array.length, skip));
                if (r < 0) {
                    eof = true;
                } else {
                    skip -= r;
                    arrayStart += r;
                }
            }
            if (skip > 0) {
                return -1;
            }
        } else {
            int keep = (int) (end - pos);
            System.arraycopy(array, (int) (pos - arrayStart), array, 0, keep);
            fill = keep;
            arrayStart = pos;
        }
        if (n > array.length) {
            byte[] bigger = new byte[Math.min(CaptureFiles.MAX_BLOCK_BYTES, Math.max(n, array.length * 2))];
            System.arraycopy(array, 0, bigger, 0, fill);
            array = bigger;
            buf = ByteBuffer.wrap(array);
        }
        while (fill < n && !eof) {
            int r = in.read(array, fill, array.length - fill);
            if (r < 0) {
                eof = true;
            } else {
                fill += r;
            }
        }
        return fill >= n ? 0 : -1;
    }

    @Override
    int maxRequire() {
        return CaptureFiles.MAX_BLOCK_BYTES;
    }

    /** Current capacity of the reusable array (for tests of the memory bound). */
    int capacity() {
        return array.length;
    }

    @Override
    long sizeBytes() {
        return size;
    }

    @Override
    long position(long readerPos) {
        return rawPosition == null ? readerPos : rawPosition.getAsLong();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
