package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps a real peer's capture as a committed fixture: when the tests run with
 * {@code -Dwardwatch.recordCaptures=protocols/src/test/resources/captures} (from the repository root,
 * or an absolute path), the capture is copied there under {@code relative}. Otherwise nothing happens.
 */
public final class Recorded {
    private Recorded() {
    }

    public static void keep(Path pcap, String relative) throws IOException {
        String dir = System.getProperty("wardwatch.recordCaptures");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir).resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(pcap, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
