package org.wardwatch.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisContextTest {
    private final AnalysisContext context = new AnalysisContext(Path.of("out"), null, null);

    @Test
    void aLineFilledInByPendingWorkKeepsItsPlace() throws IOException {
        context.summary("devices", "3");
        context.summary("store", "");
        context.summary("findings", "2");
        context.pending(() -> context.summary("store", "3 new"));
        context.awaitPending();
        assertThat(context.summaryLines()).containsExactly(
                java.util.Map.entry("devices", "3"), java.util.Map.entry("store", "3 new"), java.util.Map.entry("findings", "2"));
    }

    @Test
    void everyPendingWorkIsWaitedForAndTheFirstFailureThrown() {
        List<String> ran = new ArrayList<>();
        context.pending(() -> {
            ran.add("store");
            throw new IOException("disk full");
        });
        context.pending(() -> {
            ran.add("second");
            throw new IllegalStateException("also broken");
        });
        context.pending(() -> ran.add("third"));
        assertThatThrownBy(context::awaitPending).isInstanceOf(IOException.class).hasMessage("disk full")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("also broken"));
        assertThat(ran).containsExactly("store", "second", "third");
    }

    @Test
    void pendingWorkRunsOnce() throws IOException {
        List<String> ran = new ArrayList<>();
        context.pending(() -> ran.add("store"));
        context.awaitPending();
        context.awaitPending();
        assertThat(ran).containsExactly("store");
    }
}
