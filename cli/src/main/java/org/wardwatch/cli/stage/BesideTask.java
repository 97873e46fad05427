package org.wardwatch.cli.stage;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work a stage starts on a daemon thread of its own, beside what it does next (a file written, a store
 * opened), and then waits for: {@link #join()} waits even when interrupted (the work is under way and
 * must end first) and throws what the work threw, as it was thrown.
 */
final class BesideTask<T> {
    /** The work: what it returns, or what it throws. */
    interface Work<T> {
        T run() throws IOException;
    }

    private final FutureTask<T> task;

    private BesideTask(Work<T> work) {
        this.task = new FutureTask<>(work::run);
    }

    static <T> BesideTask<T> start(String threadName, Work<T> work) {
        BesideTask<T> t = new BesideTask<>(work);
        Thread thread = new Thread(t.task, threadName);
        thread.setDaemon(true);
        thread.start();
        return t;
    }

    /** The work's result, once it is done; what it threw is thrown here. */
    T join() throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the work is under way: wait for it
                } catch (ExecutionException e) {
                    rethrow(e.getCause());
                    throw new IOException(e); // not reached: rethrow throws
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws {@code t} as it is when it is an IOException or unchecked, else wrapped in an IOException. */
    static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IOException(t);
    }
}
