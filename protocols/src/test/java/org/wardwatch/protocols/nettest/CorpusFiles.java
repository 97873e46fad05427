package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.wardwatch.testkit.Requirements;

/** The shared corpus captures (skips when ../shared is absent). */
public final class CorpusFiles {
    private CorpusFiles() {
    }

    /** Every capture under corpus/{protocols,attacks,malformed,ics,medical}, sorted, fuzz corpora excluded. */
    public static List<Path> all() {
        Path corpus = Requirements.sharedFile("corpus");
        try (Stream<Path> s = Files.walk(corpus)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?(\\.\\d+)?$"))
                    .filter(p -> !p.toString().contains("fuzz_corpus") && !p.toString().contains("aflnet"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path named(String relative) {
        return Requirements.sharedFile("corpus/" + relative);
    }
}
