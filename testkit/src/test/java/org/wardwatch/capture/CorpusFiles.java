package org.wardwatch.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.wardwatch.testkit.Requirements;

/** The capture files of the shared corpus, found by their magic number (not their names). */
final class CorpusFiles {
    private CorpusFiles() {
    }

    /** Every capture under {@code corpus/<folder>} (recursively), sorted by path. */
    static List<Path> captures(String folder) throws IOException {
        Path root = Requirements.sharedFile("corpus/" + folder);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(CorpusFiles::isCapture).sorted().collect(Collectors.toList());
        }
    }

    /** The corpus folders of well-formed traffic (everything but {@code malformed/}). */
    static final List<String> TRAFFIC = List.of("protocols", "attacks", "ics", "medical");

    static boolean isCapture(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            if (b.length < 4) {
                return b.length >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
            }
            int magic = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1
                    || magic == 0x0a0d0d0a || magic == 0xa1b2cd34 || magic == 0x34cdb2a1 || (magic >>> 16) == 0x1f8b;
        } catch (IOException e) {
            return false;
        }
    }

    static String name(Path p) {
        Path shared = Requirements.shared().resolve("corpus");
        return shared.relativize(p).toString();
    }
}
