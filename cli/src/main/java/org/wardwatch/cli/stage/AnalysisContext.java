package org.wardwatch.cli.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What stages share: the output folder, the data folder (the store), and each other's results by type. */
public final class AnalysisContext {
    private final Path outDir;
    private final Path dataDir;
    private final String databaseUrl;
    private final Map<Class<?>, Object> results = new LinkedHashMap<>();
    private final Map<String, String> summary = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();

    /** Work a stage left running beside the later stages: waited for before the summary is read. */
    public interface Pending {
        /** Waits for the work; throws what it threw. */
        void await() throws IOException;
    }

    public AnalysisContext(Path outDir, Path dataDir, String databaseUrl) {
        this.outDir = outDir;
        this.dataDir = dataDir;
        this.databaseUrl = databaseUrl;
    }

    public Path outDir() {
        return outDir;
    }

    /** Folder of the embedded store; null when the user asked for no store. */
    public Path dataDir() {
        return dataDir;
    }

    /** JDBC URL of a server store (PostgreSQL), or null for the embedded one. */
    public String databaseUrl() {
        return databaseUrl;
    }

    public <T> void put(Class<T> type, T value) {
        results.put(type, value);
    }

    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(results.get(type)));
    }

    /** A line for the printed summary ("devices: 42"). */
    public void summary(String key, String value) {
        summary.put(key, value);
    }

    /** The summary lines, in the order they were first put; call {@link #awaitPending()} first. */
    public Map<String, String> summaryLines() {
        return summary;
    }

    /** Registers work a stage started beside the later ones (a store update): {@link #awaitPending()} waits for it. */
    public void pending(Pending work) {
        pending.add(work);
    }

    /**
     * Waits for every pending work, in the order registered (each may set its summary line); the first
     * failure is thrown after all have ended, the others added to it as suppressed.
     */
    public void awaitPending() throws IOException {
        Throwable first = null;
        while (!pending.isEmpty()) {
            Pending p = pending.remove(0);
            try {
                p.await();
            } catch (IOException | RuntimeException | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            BesideTask.rethrow(first);
        }
    }
}
