package org.wardwatch.cli.stage;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What stages share: the output folder, the data folder (the store), and each other's results by type. */
public final class AnalysisContext {
    private final Path outDir;
    private final Path dataDir;
    private final String databaseUrl;
    private final Map<Class<?>, Object> results = new LinkedHashMap<>();
    private final Map<String, String> summary = new LinkedHashMap<>();

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

    public Map<String, String> summaryLines() {
        return summary;
    }
}
