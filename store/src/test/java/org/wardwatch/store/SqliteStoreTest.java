package org.wardwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.device.Device;

class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return Store.embedded(dir.resolve("data"));
    }

    @Test
    void migrationsAreVersionedAndReopeningKeepsData() {
        store.upsertDevices(List.of(Fixtures.device("mac-1", 1, "10.0.0.1", null, 0)), Fixtures::merge, null);
        try (Store again = Store.embedded(dir.resolve("data"))) {
            assertThat(again.deviceCount()).isEqualTo(1);
        }
        assertThat(Files.exists(dir.resolve("data/wardwatch.db"))).isTrue();
    }

    /** Two analyses merging into one data folder at the same time (two connections): both land, one waits. */
    @Test
    void concurrentWritersToOneFolderWaitForEachOther() throws Exception {
        int writers = 4;
        int rounds = 15;
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                try (Store other = Store.embedded(dir.resolve("data"))) {
                    for (int r = 0; r < rounds; r++) {
                        // every writer updates the shared device and adds one of its own
                        other.upsertDevices(List.of(Fixtures.device("mac-1", 1, "10.0.0." + (writer + 1), null, r),
                                Fixtures.device("mac-" + (100 + writer * rounds + r), 100 + writer * rounds + r, "10.1." + writer + "." + (r + 1), null, r)),
                                Fixtures::merge, null);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(failures).isEmpty();
        assertThat(store.deviceCount()).isEqualTo(1 + writers * rounds);
        assertThat(store.find("mac-1").orElseThrow().addresses()).extracting(a -> a.ip().toString()).containsOnly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");
    }

    /** A process killed (SIGKILL) in the middle of a write transaction leaves the previous state. */
    @Test
    void aKilledWriterLeavesThePreviousState() throws Exception {
        store.upsertDevices(List.of(Fixtures.device("mac-1", 1, "10.0.0.1", "B. Braun", 0)), Fixtures::merge, null);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                dir.resolve("data").toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = r.readLine()) != null && !line.equals("mid-transaction")) {
                seen.add(line);
            }
            assertThat(line).as("child output: " + seen).isEqualTo("mid-transaction");
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        try (Store again = Store.embedded(dir.resolve("data"))) {
            assertThat(again.deviceCount()).isEqualTo(1);
            Device d = again.find("mac-1").orElseThrow();
            assertThat(d.vendor().value()).isEqualTo("B. Braun");
        }
    }

    /** The child of {@link #aKilledWriterLeavesThePreviousState}: writes one batch, says so, then waits to be killed. */
    public static final class CrashingWriter {
        public static void main(String[] args) throws Exception {
            Store s = Store.embedded(Path.of(args[0]));
            s.afterBatch = () -> {
                System.out.println("mid-transaction");
                System.out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            List<Device> many = new ArrayList<>();
            for (int i = 2; i < 1200; i++) {
                many.add(Fixtures.device("mac-" + i, i, "10.1." + (i / 250) + "." + (i % 250), null, 0));
            }
            many.add(Fixtures.device("mac-1", 1, "10.0.0.99", "Other", 5));
            s.upsertDevices(many, Fixtures::merge, null);
        }
    }
}
