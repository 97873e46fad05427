package org.wardwatch.sim;

import java.io.IOException;
import java.nio.file.Path;

/** pcapng output, delegated to the capture module's writer when it is present. */
final class PcapngSupport {
    private PcapngSupport() {
    }

    static CaptureSink open(Path file) throws IOException {
        throw new IOException("pcapng output is not available in this build yet: write .pcap or .pcap.gz");
    }
}
