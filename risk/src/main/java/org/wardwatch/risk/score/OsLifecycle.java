package org.wardwatch.risk.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** End-of-support dates of operating systems, from {@code os-end-of-support.tsv} (sources there). */
public final class OsLifecycle {
    /** One row: how to recognize the OS, its name, its end of support, the source. */
    public record Entry(Pattern pattern, String name, LocalDate endOfSupport, String source) {
    }

    private final List<Entry> entries;
    private static final OsLifecycle DEFAULT = load();

    private OsLifecycle(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static OsLifecycle defaults() {
        return DEFAULT;
    }

    private static OsLifecycle load() {
        try (InputStream in = OsLifecycle.class.getResourceAsStream("/org/wardwatch/risk/os-end-of-support.tsv")) {
            if (in == null) {
                throw new IllegalStateException("os-end-of-support.tsv missing from the classpath");
            }
            List<Entry> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("pattern\t")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IllegalStateException("os-end-of-support.tsv: expected 4 columns: " + line);
                }
                out.add(new Entry(Pattern.compile(f[0], Pattern.CASE_INSENSITIVE), f[1], LocalDate.parse(f[2]), f[3]));
            }
            return new OsLifecycle(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first entry whose pattern finds a match in the OS string. */
    public Optional<Entry> find(String os) {
        if (os == null) {
            return Optional.empty();
        }
        for (Entry e : entries) {
            if (e.pattern().matcher(os).find()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
