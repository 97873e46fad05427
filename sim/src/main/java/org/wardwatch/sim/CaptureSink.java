package org.wardwatch.sim;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.wardwatch.capture.write.PcapWriter;

/** Where frames are written: classic pcap (optionally gzip), or pcapng once its writer exists. */
interface CaptureSink extends Closeable {
    void write(long timeNanos, byte[] frame, int length) throws IOException;

    static CaptureSink open(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".pcapng") || name.endsWith(".pcapng.gz")) {
            return PcapngSupport.open(file);
        }
        PcapWriter w = PcapWriter.create(file, PcapWriter.LINKTYPE_ETHERNET);
        return new CaptureSink() {
            @Override
            public void write(long timeNanos, byte[] frame, int length) throws IOException {
                w.write(timeNanos, frame, 0, length);
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
