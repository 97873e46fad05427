package org.wardwatch.capture.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * A regular file, memory-mapped in windows of at most {@link #DEFAULT_WINDOW} bytes. A window is
 * re-mapped at the reader's position when a request runs past its end, so files over 2 GiB and
 * larger than memory work, and a record crossing a window boundary is simply found whole in the next
 * window. Old windows are unmapped by the garbage collector (never explicitly: a packet view may
 * still point into one until the next call).
 *
 * <p>Read-ahead: a daemon thread touches the pages of the current window a bounded distance
 * ({@link #READ_AHEAD_BYTES}) ahead of the reader, so the page faults of a mapped file (and the disk
 * reads of a file not yet in the page cache) happen off the analysis thread. The reader tells it where
 * it is once per {@link #PUBLISH_STEP} bytes; the thread never runs further ahead than the bound, so a
 * file larger than memory does not evict what the reader is about to use. It parses nothing.
 * {@code -Dwardwatch.readAhead=false} turns it off.
 */
final class MappedCaptureInput extends CaptureInput {
    static final int DEFAULT_WINDOW = 1 << 30;
    private final FileChannel channel;
    private final long size;
    private final int window;
    private long windowStart;
    private int windowLength;
    /** Bytes the read-ahead thread may touch beyond the reader's position. */
    static final int READ_AHEAD_BYTES = 64 << 20;
    /** The reader publishes its position when it has moved this far. */
    static final int PUBLISH_STEP = 1 << 20;
    private static final int PAGE = 4096;
    /** Files smaller than this are read without a read-ahead thread (its start would cost more than it saves). */
    static final long READ_AHEAD_MIN_FILE = 16 << 20;
    private final ReadAhead readAhead;
    private long nextPublish;

    MappedCaptureInput(FileChannel channel, int window, boolean readAhead) throws IOException {
        if (window < CaptureFiles.MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("window below the largest record: " + window);
        }
        this.channel = channel;
        this.size = channel.size();
        this.window = window;
        this.buf = ByteBuffer.allocate(0);
        this.readAhead = readAhead && size >= READ_AHEAD_MIN_FILE ? new ReadAhead() : null;
    }

    static boolean readAheadEnabled() {
        return !"false".equals(System.getProperty("wardwatch.readAhead"));
    }

    @Override
    int require(long pos, int n) throws IOException {
        if (pos >= windowStart && pos + n <= windowStart + windowLength) {
            if (pos >= nextPublish && readAhead != null) {
                nextPublish = pos + PUBLISH_STEP;
                readAhead.readerAt(pos);
            }
            return (int) (pos - windowStart);
        }
        if (pos < 0 || n < 0 || pos + n > size) {
            return -1;
        }
        windowStart = pos;
        windowLength = (int) Math.min(window, size - pos);
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, windowLength);
        buf = mapped;
        if (readAhead != null) {
            nextPublish = pos + PUBLISH_STEP;
            readAhead.window(mapped, windowStart);
        }
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
        if (readAhead != null) {
            readAhead.stop();
        }
        channel.close();
    }

    /**
     * Touches one byte per page of the current window, up to {@link #READ_AHEAD_BYTES} past the
     * reader. Started with the first window, ended by {@link #close()} (a daemon: an input never
     * closed does not keep the process alive). Old windows stay referenced here only until the next
     * one is handed over, so unmapping by the garbage collector is not held up.
     */
    /** The read-ahead thread, or null when there is none (small file, turned off, not started yet). */
    Thread readAheadThread() {
        return readAhead == null ? null : readAhead.thread;
    }

    private static final class ReadAhead implements Runnable {
        private volatile MappedByteBuffer window;
        private volatile long windowStart;
        private volatile long reader;
        private volatile boolean stopped;
        private Thread thread;
        /** Sum of the touched bytes, kept so the reads are not optimised away. */
        @SuppressWarnings("unused")
        private volatile int sink;

        synchronized void window(MappedByteBuffer mapped, long start) {
            windowStart = start;
            reader = start;
            window = mapped;
            if (thread == null) {
                thread = new Thread(this, "wardwatch-read-ahead");
                thread.setDaemon(true);
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
        }

        void readerAt(long pos) {
            reader = pos;
        }

        synchronized void stop() {
            stopped = true;
            window = null;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            MappedByteBuffer current = null;
            int touched = 0; // bytes of current already touched
            int acc = 0;
            while (!stopped) {
                MappedByteBuffer w = window;
                if (w == null) {
                    break;
                }
                if (w != current) {
                    current = w;
                    touched = 0;
                }
                if (touched >= current.capacity()) {
                    LockSupport.park(this); // the whole window is touched: wait for the next one, or close
                    continue;
                }
                long behind = reader - windowStart;
                if (behind > touched) {
                    touched = (int) Math.min(current.capacity(), behind & -PAGE); // the reader got here first: go on from it
                }
                long limit = Math.min((long) current.capacity(), behind + READ_AHEAD_BYTES);
                if (touched >= limit) {
                    LockSupport.parkNanos(this, 200_000); // far enough ahead: let the reader move
                    continue;
                }
                int end = (int) Math.min(limit, touched + (long) PUBLISH_STEP);
                for (int i = touched; i < end; i += PAGE) {
                    acc += current.get(i);
                }
                touched = end;
            }
            sink = acc;
        }
    }
}
