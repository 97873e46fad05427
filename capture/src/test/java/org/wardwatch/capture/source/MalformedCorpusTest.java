package org.wardwatch.capture.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wardwatch.capture.testsupport.Peers;

/**
 * Every file of the shared corpus's {@code malformed/} folder (hostile captures, but also fuzz seeds
 * and protocol byte streams that are not captures at all) either is refused at open with a
 * {@link CaptureFormatException} or reads to its end, mapped and streamed, without any exception.
 */
class MalformedCorpusTest {
    @Test
    void everyMalformedCorpusFileIsReadOrRefusedWithoutOtherExceptions() throws IOException {
        Path malformed = Peers.shared().resolve("corpus/malformed");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(malformed)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(40);
        int captures = 0;
        int refused = 0;
        for (Path f : files) {
            Recs mapped;
            try {
                mapped = Recs.readAll(CaptureFiles.open(f));
                captures++;
            } catch (CaptureFormatException e) {
                assertThat(e.getMessage()).startsWith(f.toString() + ": at byte ");
                refused++;
                continue;
            }
            try (InputStream in = Files.newInputStream(f)) {
                assertThat(Recs.readAll(CaptureFiles.open(in, f.toString())).sameAs(mapped)).as(f.toString()).isTrue();
            }
        }
        assertThat(captures).as("captures among the malformed files").isGreaterThan(40);
        assertThat(refused).as("non-capture files refused").isGreaterThan(0);
    }
}
