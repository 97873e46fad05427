package org.wardwatch.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.capture.DecodeComparison;
import org.wardwatch.testkit.Frames;
import org.wardwatch.testkit.Tshark;

/**
 * The frame builder and the decoder against tshark: every encapsulation in
 * {@link EncapsulationCatalogue} is written to a pcap; tshark must find every checksum good and
 * nothing malformed (the builder is right), and the decoder must read the same VLANs, MACs, IPs,
 * ports and TCP flags tshark reads (the decoder is right).
 */
class PacketDecoderTsharkTest {
    @TempDir
    Path dir;

    private Path catalogue() throws Exception {
        List<EncapsulationCatalogue.Entry> entries = EncapsulationCatalogue.ethernet();
        List<byte[]> frames = new ArrayList<>();
        for (EncapsulationCatalogue.Entry e : entries) {
            frames.add(e.frame());
        }
        return Frames.writePcap(dir.resolve("catalogue.pcap"), Frames.timed(frames, 1_700_000_000_000_000_000L, 1_000_000));
    }

    @Test
    void builderWritesFramesTsharkFindsWellFormedWithGoodChecksums() throws Exception {
        Path pcap = catalogue();
        List<String[]> rows = Tshark.on(pcap).option("ip.check_checksum:TRUE").option("tcp.check_checksum:TRUE")
                .option("udp.check_checksum:TRUE")
                .fields("frame.number", "_ws.malformed", "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status",
                        "icmp.checksum.status", "icmpv6.checksum.status", "_ws.expert.severity", "frame.protocols");
        List<EncapsulationCatalogue.Entry> entries = EncapsulationCatalogue.ethernet();
        assertThat(rows).hasSize(entries.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            String name = entries.get(i).name() + " (" + r[8] + ")";
            assertThat(r[1]).as(name + ": malformed").isEmpty();
            for (int c = 2; c <= 6; c++) {
                for (String status : r[c].isEmpty() ? new String[0] : r[c].split(",")) {
                    assertThat(status).as(name + ": checksum status in column " + c + " (1 = good)").isEqualTo("1");
                }
            }
        }
    }

    @Test
    void decoderReadsEveryEncapsulationAsTsharkDoes() throws Exception {
        DecodeComparison.Result r = DecodeComparison.compare(catalogue(), 0);
        assertThat(r.mismatches).isEmpty();
        assertThat(r.rejected).isEmpty();
        assertThat(r.ourMalformed).isZero();
        assertThat(r.compared).isEqualTo(EncapsulationCatalogue.ethernet().size());
    }
}
