package org.wardwatch.risk.intel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where imported intel lives until the store module holds it: {@code <data dir>/intel/intel.json}, one
 * JSON document ({@link IntelBundle}) rewritten as a whole on every import. Writes go to a temporary
 * file in the same folder that is then atomically renamed over the old one, so a failed or interrupted
 * import leaves the previous content intact (nothing is ever half-imported).
 */
public final class IntelStore {
    public static final String FOLDER = "intel";
    public static final String FILE = "intel.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public IntelStore(Path dataDir) {
        this.file = dataDir.resolve(FOLDER).resolve(FILE);
    }

    /**
     * The data folder when none is given: {@code $WARDWATCH_DATA}, else {@code ~/.wardwatch}. Both
     * {@code wardwatch intel import} and {@code wardwatch analyze} (without {@code --data}) use it, so
     * imported intel is matched in every later analysis.
     */
    public static Path defaultDataDir() {
        String env = System.getenv("WARDWATCH_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".wardwatch");
    }

    public Path file() {
        return file;
    }

    /** The stored intel, or an empty bundle when nothing was imported yet. */
    public IntelBundle load() throws IOException {
        if (!Files.exists(file)) {
            return IntelBundle.empty();
        }
        try {
            IntelBundle b = MAPPER.readValue(file.toFile(), IntelBundle.class);
            if (b.format() != IntelBundle.FORMAT) {
                throw new IOException(file + ": intel store format " + b.format() + " is not " + IntelBundle.FORMAT
                        + "; re-import the intel files");
            }
            return b;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": intel store is damaged (" + Text.line(e.getOriginalMessage(), 160)
                    + "); delete it and re-import the intel files", e);
        }
    }

    /** Adds {@code imported} to what is stored (same-id documents are replaced) and writes atomically. */
    public IntelBundle add(IntelBundle imported) throws IOException {
        IntelBundle merged = load().merge(imported);
        save(merged);
        return merged;
    }

    public void save(IntelBundle bundle) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            MAPPER.writeValue(tmp.toFile(), bundle);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
