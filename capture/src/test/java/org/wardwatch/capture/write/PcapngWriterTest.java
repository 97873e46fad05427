package org.wardwatch.capture.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wardwatch.capture.testsupport.CaptureBytes.frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.capture.testsupport.Peers;

class PcapngWriterTest {
    @TempDir
    Path dir;

    private record Written(int iface, long ts, byte[] frame) {
    }

    private static List<Written> sample(int n, long seed) {
        Random r = new Random(seed);
        List<Written> list = new ArrayList<>();
        long ts = 1_700_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            ts += 1 + r.nextInt(2_000_000_000);
            list.add(new Written(r.nextInt(2), ts, frame(r.nextInt(1600), i)));
        }
        return list;
    }

    private Path write(String name, ByteOrder order, List<Written> packets) throws IOException {
        Path f = dir.resolve(name);
        try (PcapngWriter w = PcapngWriter.create(f, order)) {
            assertThat(w.addInterface(1, 0, "eth0")).isZero();
            assertThat(w.addInterface(101, 0, null)).isEqualTo(1);
            for (Written p : packets) {
                w.write(p.iface, p.ts, p.frame);
            }
            assertThat(w.packets()).isEqualTo(packets.size());
        }
        return f;
    }

    private static void assertReadsBack(Path f, List<Written> packets) throws IOException {
        try (PacketSource s = CaptureFiles.open(f)) {
            Packet p = new Packet();
            for (Written w : packets) {
                assertThat(s.next(p)).isTrue();
                assertThat(p.interfaceId).isEqualTo(w.iface);
                assertThat(p.linkType).isEqualTo(w.iface == 0 ? 1 : 101);
                assertThat(p.tsNanos).isEqualTo(w.ts);
                assertThat(p.capLen).isEqualTo(w.frame.length);
                assertThat(p.origLen).isEqualTo(w.frame.length);
                byte[] got = new byte[p.capLen];
                p.buf.get(p.offset, got);
                assertThat(got).isEqualTo(w.frame);
            }
            assertThat(s.next(p)).isFalse();
            assertThat(s.anomalies()).isEmpty();
        }
    }

    @Test
    void roundTripsFramesTimestampsAndInterfacesInBothByteOrdersAndGzip() throws IOException {
        List<Written> packets = sample(500, 1);
        assertReadsBack(write("le.pcapng", ByteOrder.LITTLE_ENDIAN, packets), packets);
        assertReadsBack(write("be.pcapng", ByteOrder.BIG_ENDIAN, packets), packets);
        Path gz = write("le.pcapng.gz", ByteOrder.LITTLE_ENDIAN, packets);
        assertThat(Files.readAllBytes(gz)[0] & 0xff).isEqualTo(0x1f);
        assertReadsBack(gz, packets);
    }

    @Test
    void snaplenCutsFramesButKeepsTheirWireLength() throws IOException {
        Path f = dir.resolve("snap.pcapng");
        try (PcapngWriter w = PcapngWriter.create(f)) {
            int i = w.addInterface(1, 64, "eth0");
            w.write(i, 1L, frame(1000, 3));
        }
        try (PacketSource s = CaptureFiles.open(f)) {
            Packet p = new Packet();
            assertThat(s.next(p)).isTrue();
            assertThat(p.capLen).isEqualTo(64);
            assertThat(p.origLen).isEqualTo(1000);
        }
    }

    @Test
    void copiesPacketsFromAMemoryMappedSourceUnchanged() throws IOException {
        List<Written> packets = sample(50, 2);
        Path original = write("orig.pcapng", ByteOrder.BIG_ENDIAN, packets);
        Path copy = dir.resolve("copy.pcapng");
        try (PacketSource s = CaptureFiles.open(original); PcapngWriter w = PcapngWriter.create(copy)) {
            w.addInterface(1, 0, null);
            w.addInterface(101, 0, null);
            Packet p = new Packet();
            while (s.next(p)) {
                w.write(p.interfaceId, p);
            }
        }
        assertReadsBack(copy, packets);
    }

    @Test
    void refusesPacketsOfAnUndeclaredInterface() throws IOException {
        PcapngWriter w = new PcapngWriter(new ByteArrayOutputStream(), ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> w.write(0, 1L, frame(10, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tsharkReadsOurPcapngAndPcapFiles() throws IOException {
        List<Written> packets = sample(40, 3);
        for (Path f : new Path[] {write("t-le.pcapng", ByteOrder.LITTLE_ENDIAN, packets), write("t-be.pcapng", ByteOrder.BIG_ENDIAN, packets),
                write("t.pcapng.gz", ByteOrder.LITTLE_ENDIAN, packets)}) {
            List<String[]> rows = Peers.tsharkFields(f, "frame.time_epoch", "frame.interface_id", "frame.len", "frame.encap_type");
            assertThat(rows).as(f.toString()).hasSize(packets.size());
            for (int i = 0; i < rows.size(); i++) {
                Written w = packets.get(i);
                assertThat(new java.math.BigDecimal(rows.get(i)[0]).movePointRight(9).longValueExact()).isEqualTo(w.ts);
                assertThat(Integer.parseInt(rows.get(i)[1])).isEqualTo(w.iface);
                assertThat(Integer.parseInt(rows.get(i)[2])).isEqualTo(w.frame.length);
                // wiretap encapsulation numbers: 1 = Ethernet, 7 = raw IP
                assertThat(rows.get(i)[3]).isEqualTo(w.iface == 0 ? "1" : "7");
            }
        }
        Path pcap = dir.resolve("t.pcap");
        try (PcapWriter w = PcapWriter.create(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            for (Written p : packets) {
                w.write(p.ts, p.frame);
            }
        }
        List<String[]> rows = Peers.tsharkFields(pcap, "frame.time_epoch", "frame.len");
        assertThat(rows).hasSize(packets.size());
        assertThat(new java.math.BigDecimal(rows.get(7)[0]).movePointRight(9).longValueExact()).isEqualTo(packets.get(7).ts);
    }
}
