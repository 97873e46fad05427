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
 * <p>Read-ahead: a daemon thread runs two cursors ahead of the reader in the current window. The
 * first touches one byte per page up to {@link #READ_AHEAD_BYTES} ahead, so the page faults of a
 * mapped file (and the disk reads of a file not yet in the page cache) happen off the analysis thread.
 * The second loads every cache line of the next {@link #WARM_BYTES}, so that the reader finds the
 * bytes it is about to parse in the processor's caches rather than in main memory: a capture is a chain
 * of records whose next address is known only once the current header is read, and each record header
 * read from memory is a full memory latency the hardware prefetchers do not hide (bench/RESULTS.md:
 * packet engine 0.54 &rarr; 0.46 s per pass over a 1.5 GB capture). The reader tells the thread where
 * it is once per {@link #PUBLISH_STEP} bytes; the thread never runs further ahead than the bounds, so a
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
    /** Bytes beyond the reader's position whose pages the read-ahead thread faults in. */
    static final int READ_AHEAD_BYTES = 64 << 20;
    /**
     * Bytes beyond the reader's position whose cache lines the read-ahead thread loads: within the
     * second-level cache of a core, so they are still cached when the reader gets there.
     */
    static final int WARM_BYTES = 1 << 20;
    /** The reader publishes its position when it has moved this far. */
    static final int PUBLISH_STEP = 64 << 10;
    private static final int PAGE = 4096;
    private static final int LINE = 64;
    /** Bytes the page cursor faults in before the thread looks at the reader again. */
    private static final int FAULT_CHUNK = 1 << 20;
    /**
     * How long the thread sleeps when both cursors are as far ahead as they may be: adapted to the
     * reader's pace (doubled while the reader moves less than a quarter of {@link #WARM_BYTES} in one
     * nap, halved when it moves more than half), so a slow reader does not cost a wake-up per
     * packet and a fast one does not run into cold lines.
     */
    private static final long NAP_MIN_NANOS = 50_000, NAP_MAX_NANOS = 2_000_000;
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

    /** The read-ahead thread, or null when there is none (small file, turned off, not started yet). */
    Thread readAheadThread() {
        return readAhead == null ? null : readAhead.thread;
    }

    /**
     * Runs the page cursor and the cache-line cursor over the current window, each within its bound
     * ahead of the reader. Started with the first window, ended by {@link #close()} (a daemon: an
     * input never closed does not keep the process alive). Old windows stay referenced here only until
     * the next one is handed over, so unmapping by the garbage collector is not held up.
     */
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
            int faulted = 0; // bytes of current whose pages are touched
            int warmed = 0; // bytes of current whose cache lines are loaded
            int acc = 0;
            long nap = NAP_MIN_NANOS;
            while (!stopped) {
                MappedByteBuffer w = window;
                if (w == null) {
                    break;
                }
                if (w != current) {
                    current = w;
                    faulted = warmed = 0;
                }
                int capacity = current.capacity();
                if (warmed >= capacity) {
                    LockSupport.park(this); // the whole window is done: wait for the next one, or close
                    continue;
                }
                long behind = reader - windowStart;
                if (behind > warmed) {
                    warmed = (int) Math.min(capacity, behind & -LINE); // the reader got here first: go on from it
                    faulted = Math.max(faulted, warmed);
                }
                int warmLimit = (int) Math.min(capacity, behind + WARM_BYTES);
                if (warmed < warmLimit) {
                    int end = Math.min(warmLimit, warmed + PUBLISH_STEP);
                    acc += touch(current, warmed, end, LINE);
                    warmed = end;
                    faulted = Math.max(faulted, end);
                    continue;
                }
                int faultLimit = (int) Math.min(capacity, behind + READ_AHEAD_BYTES);
                if (faulted < faultLimit) {
                    int end = Math.min(faultLimit, faulted + FAULT_CHUNK);
                    acc += touch(current, faulted, end, PAGE);
                    faulted = end;
                    continue;
                }
                long before = reader; // far enough ahead: let the reader move
                LockSupport.parkNanos(this, nap);
                long moved = reader - before;
                if (moved < WARM_BYTES / 4) {
                    nap = Math.min(NAP_MAX_NANOS, nap * 2);
                } else if (moved > WARM_BYTES / 2) {
                    nap = Math.max(NAP_MIN_NANOS, nap / 2);
                }
            }
            sink = acc;
        }

        /** Reads one byte every {@code stride} bytes of {@code [from, to)} and returns their sum. */
        private static int touch(MappedByteBuffer b, int from, int to, int stride) {
            int sum = 0;
            for (int i = from; i < to; i += stride) {
                sum += b.get(i);
            }
            return sum;
        }
    }
}
