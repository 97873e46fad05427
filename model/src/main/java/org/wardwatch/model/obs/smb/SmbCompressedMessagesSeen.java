package org.wardwatch.model.obs.smb;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * SMB 3.1.1 compressed messages (COMPRESSION_TRANSFORM_HEADER, protocol id 0xFC 'SMB', [MS-SMB2] 2.2.42)
 * on a connection: the compression CVE-2020-0796 ("SMBGhost") attacked. Nothing is decompressed.
 * Emitted once per flow at its end; {@code ts} is the first compressed message.
 *
 * @param algorithms the CompressionAlgorithm values seen, by name (none, lznt1, lz77, lz77_huffman,
 *                   pattern_v1, lz4, or 0x-prefixed hex), in order of first use
 * @param chained    a chained compression header (Flags SMB2_COMPRESSION_FLAG_CHAINED) was seen
 * @param messages   compressed messages counted (within the analyzer's per-flow limit of 256 messages)
 */
public record SmbCompressedMessagesSeen(Instant ts, FlowId flow, List<String> algorithms, boolean chained, long messages)
        implements SmbObservation {
    public SmbCompressedMessagesSeen {
        algorithms = List.copyOf(algorithms);
    }
}
