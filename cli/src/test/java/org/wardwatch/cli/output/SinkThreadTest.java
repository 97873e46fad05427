package org.wardwatch.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.Observation;

class SinkThreadTest {
    /** A numbered observation. */
    record Numbered(Instant ts, int n) implements Observation {
    }

    @Test
    void theConsumerSeesEveryObservationInOrderOnItsOwnThread() {
        List<Integer> seen = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        try (SinkThread sink = new SinkThread("test-sink", null, o -> {
            seen.add(((Numbered) o).n());
            if (threads.isEmpty()) {
                threads.add(Thread.currentThread().getName());
            }
        }, 7, 2)) {
            for (int i = 0; i < 1000; i++) {
                sink.accept(new Numbered(Instant.EPOCH, i));
            }
            sink.finish();
            assertThat(seen).hasSize(1000);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(threads).containsExactly("test-sink");
    }

    @Test
    void aConsumerFailureReachesTheProducerWhichNeverBlocksOnIt() {
        List<Integer> seen = new ArrayList<>();
        SinkThread sink = new SinkThread("test-sink", null, o -> {
            int n = ((Numbered) o).n();
            if (n == 10) {
                throw new IllegalArgumentException("stage bug at " + n);
            }
            seen.add(n);
        }, 4, 1);
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            try {
                sink.accept(new Numbered(Instant.EPOCH, i));
            } catch (IllegalArgumentException e) {
                refused++; // the dispatcher counts an emit that throws, and goes on
            }
        }
        assertThat(refused).isGreaterThan(99_000);
        assertThatThrownBy(sink::finish).isInstanceOf(IllegalArgumentException.class).hasMessage("stage bug at 10");
        sink.close();
        assertThat(seen).hasSize(10);
    }

    @Test
    void theSetUpRunsOnTheConsumerThreadBeforeTheFirstObservation() {
        List<String> events = new ArrayList<>();
        try (SinkThread sink = new SinkThread("test-sink", () -> events.add("set up on " + Thread.currentThread().getName()),
                o -> events.add("observation " + ((Numbered) o).n()))) {
            sink.accept(new Numbered(Instant.EPOCH, 1));
            sink.finish();
        }
        assertThat(events).containsExactly("set up on test-sink", "observation 1");
    }

    @Test
    void aSetUpFailureReachesTheProducer() {
        SinkThread sink = new SinkThread("test-sink", () -> {
            throw new IllegalStateException("no knowledge base");
        }, o -> { });
        try {
            // the consumer may fail before the producer's first accept (then accept throws) or after it (then finish does)
            assertThatThrownBy(() -> {
                sink.accept(new Numbered(Instant.EPOCH, 1));
                sink.finish();
            }).isInstanceOf(IllegalStateException.class).hasMessage("no knowledge base");
        } finally {
            sink.close();
        }
    }

    @Test
    void finishingWithoutObservationsEndsTheThread() {
        List<Observation> seen = new ArrayList<>();
        SinkThread sink = new SinkThread("test-sink", null, seen::add);
        sink.finish();
        sink.close();
        assertThat(seen).isEmpty();
    }
}
