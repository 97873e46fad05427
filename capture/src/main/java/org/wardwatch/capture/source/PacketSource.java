package org.wardwatch.capture.source;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where packets come from: a capture file, standard input, a live interface.
 *
 * <p>Contract: {@link #next} fills the caller's {@link Packet} and returns true, or returns false at
 * the end of input. A damaged record that can be skipped is counted (see {@link #anomalies()}) and
 * skipped; a file that cannot be read at all raises {@link CaptureFormatException} naming the file
 * and the byte offset. No allocation per packet.
 */
public interface PacketSource extends Closeable {
    boolean next(Packet into) throws IOException;

    /** Human name of the input (file path, "-" for standard input, interface name). */
    String name();

    /** Total input size in bytes when known (for progress), otherwise -1. */
    default long sizeBytes() {
        return -1;
    }

    /** Bytes consumed so far (for progress). */
    default long position() {
        return -1;
    }

    /** Counters of records the source skipped, by stable snake_case name (e.g. pcap_record_truncated). */
    default java.util.Map<String, Long> anomalies() {
        return java.util.Map.of();
    }
}
