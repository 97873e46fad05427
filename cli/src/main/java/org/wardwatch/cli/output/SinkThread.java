package org.wardwatch.cli.output;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.wardwatch.model.Observation;

/**
 * Runs the observation sink (the JSON lines writers and the analysis stages) on its own thread, so
 * that on a second core it overlaps the packet path. Observations (immutable records) go over in
 * batches through a bounded queue to the one consumer thread, in the order they were accepted: the
 * consumer sees exactly the sequence a direct call would have, so outputs do not change.
 *
 * <p>Bounded: at most {@code depth} batches of {@code batchSize} observations wait; the packet path
 * blocks when the sink falls behind. A failure of the consumer is thrown to the producer by every
 * later {@link #accept} and by {@link #finish()} (the analysis fails, rather than writing outputs with
 * a hole); the consumer then discards the rest so that the producer never blocks on a dead consumer.
 *
 * <p>Use: {@link #accept} from one producer thread, then {@link #finish()} (waits until the consumer
 * has seen everything). {@link #close()} ends the thread in any case (after a producer failure too).
 */
public final class SinkThread implements Consumer<Observation>, AutoCloseable {
    private static final Observation[] END = new Observation[0];

    private final Runnable setUp;
    private final Consumer<Observation> consumer;
    private final BlockingQueue<Observation[]> queue;
    private final int batchSize;
    private final Thread thread;
    private Observation[] batch;
    private int size;
    private boolean ended;
    private volatile Throwable failure;

    /**
     * @param setUp    run first on the consumer thread (e.g. building the consumer's state while the
     *                 packet path starts), null for nothing; a failure counts as the consumer's
     * @param consumer gets every observation, in order, on the consumer thread
     */
    public SinkThread(String name, Runnable setUp, Consumer<Observation> consumer, int batchSize, int depth) {
        this.setUp = setUp;
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(depth);
        this.batch = new Observation[batchSize];
        this.thread = new Thread(this::consume, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** 256 observations a batch, 64 batches queued at most. */
    public SinkThread(String name, Runnable setUp, Consumer<Observation> consumer) {
        this(name, setUp, consumer, 256, 64);
    }

    /** Queues one observation; throws the consumer's failure, if any, instead. */
    @Override
    public void accept(Observation o) {
        rethrow();
        batch[size++] = o;
        if (size == batchSize) {
            put(batch);
            batch = new Observation[batchSize];
            size = 0;
        }
    }

    /** Hands over what is left and waits until the consumer has seen it all; rethrows its failure. */
    public void finish() {
        if (size > 0 && failure == null) {
            put(Arrays.copyOf(batch, size));
        }
        size = 0;
        end();
        rethrow();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        put(END);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the consumer ends by itself after END; wait for it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Observation[] observations) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(observations);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private void consume() {
        if (setUp != null) {
            try {
                setUp.run();
            } catch (Throwable t) {
                failure = t;
            }
        }
        while (true) {
            Observation[] observations;
            try {
                observations = queue.take();
            } catch (InterruptedException e) {
                continue; // only END ends the consumer
            }
            if (observations == END) {
                return;
            }
            if (failure != null) {
                continue;
            }
            try {
                for (Observation o : observations) {
                    consumer.accept(o);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    /** Ends the consumer thread (after what was handed over so far); idempotent. */
    @Override
    public void close() {
        end();
    }
}
