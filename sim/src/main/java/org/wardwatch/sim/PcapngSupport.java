package org.wardwatch.sim;

import java.io.IOException;
import java.nio.file.Path;
import org.wardwatch.capture.write.PcapWriter;
import org.wardwatch.capture.write.PcapngWriter;

/** pcapng output through the capture module's writer: one Ethernet interface named after the capture point. */
final class PcapngSupport {
    private PcapngSupport() {
    }

    static CaptureSink open(Path file) throws IOException {
        PcapngWriter w = PcapngWriter.create(file);
        int iface = w.addInterface(PcapWriter.LINKTYPE_ETHERNET, 262144, "simulated-span");
        return new CaptureSink() {
            @Override
            public void write(long timeNanos, byte[] frame, int length) throws IOException {
                w.write(iface, timeNanos, frame, 0, length);
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
