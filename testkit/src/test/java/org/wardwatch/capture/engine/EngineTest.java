package org.wardwatch.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.testkit.FrameSource;
import org.wardwatch.testkit.Frames;

/** The engine's contract: callback order, statistics, several sources, progress, tunnels. */
class EngineTest {
    static final long T0 = 1_700_000_000L * 1_000_000_000L;

    @Test
    void callbacksComeInPacketOrderAndEveryFlowEndsAtTheEndOfInput() throws IOException {
        List<byte[]> frames = List.of(
                Frames.ethernet().arp(1, "02:00:00:00:00:01", "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2").build(),
                Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 104).flags(Frames.SYN).build(),
                Frames.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(104, 40000).flags(Frames.SYN | Frames.ACK).build(),
                Frames.ethernet("02:00:00:00:00:01", "01:80:c2:00:00:00").llc(0x42, 0x42, 3).payload(new byte[38]).build());
        Recorder r = new Recorder();
        new Engine(EngineConfig.defaults(), r).run(Frames.source(Frames.timed(frames, T0, 1000)));
        assertThat(r.events).containsExactly("frame 2054", "start tcp 10.0.0.1:40000 > 10.0.0.2:104", "packet c", "packet s",
                "frame 0", "end end_of_input tcp 10.0.0.1:40000 > 10.0.0.2:104");
    }

    @Test
    void statisticsCountPacketsBytesFlowsAndNamedAnomalies() throws IOException {
        byte[] ok = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 53).payload(new byte[20]).build();
        byte[] badOffset = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).tcpDataOffset(12).build();
        byte[] cut = Arrays.copyOf(ok, 20);
        byte[] badChecksum = Frames.ethernet().ipv4("10.0.0.3", "10.0.0.4").badIpChecksum().udp(1, 2).build();
        List<byte[]> frames = List.of(ok, badOffset, cut, badChecksum);
        EngineStats s = new Engine(EngineConfig.defaults(), new Recorder()).run(Frames.source(Frames.timed(frames, T0, 1)));
        assertThat(s.packets()).isEqualTo(4);
        assertThat(s.bytes()).isEqualTo(ok.length + badOffset.length + cut.length + badChecksum.length);
        assertThat(s.ipPackets()).isEqualTo(2);
        assertThat(s.malformedPackets()).isEqualTo(2);
        assertThat(s.decodedPackets()).isEqualTo(2);
        assertThat(s.flows()).isEqualTo(2);
        assertThat(s.anomalies()).containsEntry("tcp_bad_data_offset", 1L).containsEntry("ipv4_header_truncated", 1L)
                .containsEntry("ipv4_bad_header_checksum", 1L);
        assertThat(s.flowEnds()).containsEntry("end_of_input", 2L);
        assertThat(s.sources()).isEqualTo(1);
        assertThat(s.elapsedNanos()).isPositive();
    }

    @Test
    void severalSourcesAreOneCaptureAndTheirAnomaliesAreCounted(@TempDir Path dir) throws IOException {
        byte[] a = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(Frames.SYN).build();
        byte[] b = Frames.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(80, 40000).flags(Frames.SYN | Frames.ACK).build();
        Path first = Frames.writePcap(dir.resolve("1.pcap"), List.of(new Frames.Timed(T0, a)));
        Path second = Frames.writePcap(dir.resolve("2.pcap.gz"), List.of(new Frames.Timed(T0 + 1000, b)));
        Recorder r = new Recorder();
        List<long[]> progress = new ArrayList<>();
        try (PacketSource s1 = CaptureFiles.open(first); PacketSource s2 = CaptureFiles.open(second)) {
            PacketSource damaged = new PacketSource() {
                @Override
                public boolean next(Packet into) {
                    return false;
                }

                @Override
                public String name() {
                    return "damaged";
                }

                @Override
                public Map<String, Long> anomalies() {
                    return Map.of("pcap_record_truncated", 3L);
                }

                @Override
                public void close() {
                }
            };
            EngineStats st = new Engine(EngineConfig.defaults(), r).progress((done, total) -> progress.add(new long[] {done, total}))
                    .run(List.of(s1, s2, damaged));
            assertThat(st.sources()).isEqualTo(3);
            assertThat(st.anomalies()).containsEntry("pcap_record_truncated", 3L);
        }
        FlowRecord f = r.only();
        assertThat(f.clientPackets()).isEqualTo(1);
        assertThat(f.serverPackets()).as("the second file continues the first file's flow").isEqualTo(1);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)[1]).as("total unknown: one source has no size").isEqualTo(-1);
    }

    @Test
    void progressReportsBytesDoneOfTheTotal() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            frames.add(Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 514).build());
        }
        FrameSource src = Frames.source(Frames.timed(frames, T0, 1000));
        List<long[]> progress = new ArrayList<>();
        new Engine(EngineConfig.defaults(), new Recorder()).progress((done, total) -> progress.add(new long[] {done, total}))
                .run(src);
        assertThat(progress.size()).isGreaterThanOrEqualTo(3);
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).isEqualTo(last[1]).isEqualTo(src.sizeBytes());
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
        }
    }

    @Test
    void tunneledFlowsAreKeyedByTheInnerFrame() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(Frames.ethernet().ipv4("198.51.100.1", "198.51.100.2").gre().erspan2(20)
                    .ethernet("02:00:00:00:00:0a", "02:00:00:00:00:0b").ipv4("10.4.0.1", "10.4.0.2").tcp(50000, 104)
                    .flags(Frames.ACK).payload("x").build());
            frames.add(Frames.ethernet().ipv4("198.51.100.3", "198.51.100.4").udp(40000 + i, 4789).vxlan(7)
                    .ethernet("02:00:00:00:00:0b", "02:00:00:00:00:0a").vlan(30).ipv4("10.4.0.2", "10.4.0.1")
                    .tcp(104, 50000).flags(Frames.ACK).payload("y").build());
        }
        Recorder r = new Recorder();
        new Engine(EngineConfig.defaults(), r).run(Frames.source(Frames.timed(frames, T0, 1000)));
        assertThat(r.records).hasSize(2);
        assertThat(r.records).allSatisfy(f -> {
            assertThat(f.flow().server().toString()).isEqualTo("10.4.0.2");
            assertThat(f.flow().serverPort()).isEqualTo(104);
        });
        assertThat(r.records).extracting(f -> f.flow().vlan()).containsExactlyInAnyOrder(20, 30);
        assertThat(r.records).extracting(f -> f.clientMac().toString()).containsOnly("02:00:00:00:00:0a");
    }

    @Test
    void packetsAndTheirPayloadReachTheListener() throws IOException {
        byte[] f = Frames.ethernet().vlan(12).ipv6("fe80::1", "ff02::1:ff00:2").ttl(255).icmpv6(135, 0, 0)
                .payload(new byte[16]).build();
        List<String> seen = new ArrayList<>();
        new Engine(EngineConfig.defaults(), new PacketListener() {
            @Override
            public void onPacket(org.wardwatch.capture.flow.FlowView flow, DecodedPacket pkt, boolean fromClient) {
                seen.add(pkt.ipProtocol() + " " + pkt.icmpType() + " " + pkt.ttl() + " " + pkt.vlan() + " " + pkt.payloadLength()
                        + " " + pkt.srcIp() + " " + flow.vlan());
            }
        }).run(Frames.source(List.of(new Frames.Timed(T0, f))));
        assertThat(seen).containsExactly("58 135 255 12 16 fe80::1 12");
    }

    @Test
    void acceptAndFinishDriveTheEnginePacketByPacket() {
        Recorder r = new Recorder();
        Engine e = new Engine(EngineConfig.defaults(), r);
        e.accept(Frames.packet(Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 123).build(), T0));
        assertThat(r.records).isEmpty();
        EngineStats s = e.finish();
        assertThat(r.records).hasSize(1);
        assertThat(s.packets()).isEqualTo(1);
        assertThat(e.finish().flows()).as("finishing twice changes nothing").isEqualTo(1);
    }
}
