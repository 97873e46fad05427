package org.wardwatch.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.flow.FlowTable;
import org.wardwatch.capture.flow.FlowTableConfig;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.testkit.Frames;

/** The flow table through the engine: client/server decision, counters, TCP states, timeouts, bounds. */
class FlowTableTest {
    static final long T0 = 1_700_000_000L * 1_000_000_000L;
    static final long S = 1_000_000_000L;
    static final String CM = "02:00:00:00:00:01", SM = "02:00:00:00:00:02";

    static Frames.Builder tcp(String src, int sport, String dst, int dport, int flags) {
        boolean fromC = src.endsWith(".1");
        return Frames.ethernet(fromC ? CM : SM, fromC ? SM : CM).ipv4(src, dst).tcp(sport, dport).flags(flags);
    }

    static Frames.Timed at(long seconds, byte[] frame) {
        return new Frames.Timed(T0 + seconds * S, frame);
    }

    static Recorder run(EngineConfig config, List<Frames.Timed> frames) throws IOException {
        Recorder r = new Recorder();
        new Engine(config, r).run(Frames.source(frames));
        return r;
    }

    static Recorder run(List<Frames.Timed> frames) throws IOException {
        return run(EngineConfig.defaults(), frames);
    }

    @Test
    void synWithoutAckMakesItsSenderTheClient() throws IOException {
        // the client uses the lower port here: the SYN decides, not the ports
        Recorder r = run(List.of(at(0, tcp("10.0.0.1", 80, "10.0.0.2", 50000, Frames.SYN).build()),
                at(0, tcp("10.0.0.2", 50000, "10.0.0.1", 80, Frames.SYN | Frames.ACK).build())));
        FlowId id = r.only().flow();
        assertThat(id.client().toString()).isEqualTo("10.0.0.1");
        assertThat(id.clientPort()).isEqualTo(80);
        assertThat(id.serverPort()).isEqualTo(50000);
        assertThat(r.only().state()).isEqualTo("syn_received");
    }

    @Test
    void synAckSeenFirstMakesItsReceiverTheClient() throws IOException {
        Recorder r = run(List.of(at(0, tcp("10.0.0.2", 104, "10.0.0.1", 40000, Frames.SYN | Frames.ACK).build())));
        assertThat(r.only().flow().client().toString()).isEqualTo("10.0.0.1");
        assertThat(r.only().flow().serverPort()).isEqualTo(104);
    }

    @Test
    void midstreamTcpTakesTheWellKnownPortAsServer() throws IOException {
        Recorder r = run(List.of(at(0, tcp("10.0.0.1", 443, "10.0.0.2", 1025, Frames.ACK).payload("x").build())));
        assertThat(r.only().flow().serverPort()).isEqualTo(443);
        assertThat(r.only().flow().server().toString()).isEqualTo("10.0.0.1");
        assertThat(r.only().state()).isEqualTo("midstream");
    }

    @Test
    void portRuleWellKnownThenRegisteredAgainstEphemeralThenLowerPortOrFirstUdpSender() {
        assertThat(FlowTable.clientByPort(40000, 53, true)).as("dst 53 is the server").isTrue();
        assertThat(FlowTable.clientByPort(53, 40000, true)).as("src 53 is the server").isFalse();
        assertThat(FlowTable.clientByPort(1023, 1024, false)).as("below 1024 wins even when both are low").isFalse();
        assertThat(FlowTable.clientByPort(40000, 2575, false)).as("registered port against an ephemeral one").isTrue();
        assertThat(FlowTable.clientByPort(11112, 50000, true)).isFalse();
        assertThat(FlowTable.clientByPort(5353, 5353, true)).as("equal ports: the sender is the client").isTrue();
        // both ephemeral (an agent on a random port): UDP believes the first datagram, TCP the lower port
        assertThat(FlowTable.clientByPort(33903, 41904, true)).isTrue();
        assertThat(FlowTable.clientByPort(41904, 33903, true)).isTrue();
        assertThat(FlowTable.clientByPort(41904, 33903, false)).isTrue();
        assertThat(FlowTable.clientByPort(33903, 41904, false)).isFalse();
        // both well known or both registered: the lower port (a DHCP server's reply seen first)
        assertThat(FlowTable.clientByPort(67, 68, true)).isFalse();
        assertThat(FlowTable.clientByPort(5062, 5060, true)).isTrue();
    }

    @Test
    void countsPacketsBytesPayloadAndFlagsPerDirection() throws IOException {
        byte[] syn = tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.SYN).build();
        byte[] synAck = tcp("10.0.0.2", 80, "10.0.0.1", 40000, Frames.SYN | Frames.ACK).build();
        byte[] ack = tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.ACK).build();
        byte[] get = tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.ACK | Frames.PSH).payload("GET / HTTP/1.0\r\n\r\n").build();
        byte[] resp = tcp("10.0.0.2", 80, "10.0.0.1", 40000, Frames.ACK | Frames.PSH).payload("HTTP/1.0 200 OK\r\n\r\n").build();
        Recorder r = run(List.of(at(0, syn), at(0, synAck), at(0, ack), at(1, get), at(2, resp)));
        FlowRecord f = r.only();
        assertThat(f.clientPackets()).isEqualTo(3);
        assertThat(f.serverPackets()).isEqualTo(2);
        assertThat(f.clientBytes()).isEqualTo(syn.length + ack.length + get.length);
        assertThat(f.serverBytes()).isEqualTo(synAck.length + resp.length);
        assertThat(f.clientPayloadBytes()).isEqualTo(18);
        assertThat(f.serverPayloadBytes()).isEqualTo(19);
        assertThat(f.clientTcpFlags()).isEqualTo(Frames.SYN | Frames.ACK | Frames.PSH);
        assertThat(f.serverTcpFlags()).isEqualTo(Frames.SYN | Frames.ACK | Frames.PSH);
        assertThat(f.clientMac().toString()).isEqualTo(CM);
        assertThat(f.serverMac().toString()).isEqualTo(SM);
        assertThat(f.state()).isEqualTo("established");
        assertThat(f.endReason()).isEqualTo("end_of_input");
        assertThat(f.firstSeen().getEpochSecond()).isEqualTo(1_700_000_000L);
        assertThat(f.lastSeen().getEpochSecond()).isEqualTo(1_700_000_002L);
    }

    @Test
    void finFromBothSidesClosesAndTheFlowEndsAsFinAfterItsLinger() throws IOException {
        List<Frames.Timed> frames = new ArrayList<>(List.of(
                at(0, tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.SYN).build()),
                at(0, tcp("10.0.0.2", 80, "10.0.0.1", 40000, Frames.SYN | Frames.ACK).build()),
                at(0, tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.ACK).build()),
                at(1, tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.FIN | Frames.ACK).build()),
                at(1, tcp("10.0.0.2", 80, "10.0.0.1", 40000, Frames.FIN | Frames.ACK).build()),
                // another flow's packets move packet time on
                at(5, tcp("10.0.0.1", 40001, "10.0.0.3", 80, Frames.SYN).build()),
                at(20, tcp("10.0.0.1", 40001, "10.0.0.3", 80, Frames.SYN).build())));
        Recorder r = run(frames);
        FlowRecord closed = r.records.get(0);
        assertThat(closed.flow().serverPort()).isEqualTo(80);
        assertThat(closed.flow().server().toString()).isEqualTo("10.0.0.2");
        assertThat(closed.state()).isEqualTo("closed");
        assertThat(closed.endReason()).isEqualTo("fin");
        assertThat(r.events.indexOf("end fin " + closed.flow())).isLessThan(r.events.lastIndexOf("packet c"));
    }

    @Test
    void resetAnsweringASynIsARejectedAttempt() throws IOException {
        Recorder r = run(List.of(at(0, tcp("10.0.0.1", 40000, "10.0.0.2", 23, Frames.SYN).build()),
                at(0, tcp("10.0.0.2", 23, "10.0.0.1", 40000, Frames.RST | Frames.ACK).build())));
        assertThat(r.only().state()).isEqualTo("rejected");
    }

    @Test
    void idleUdpFlowEndsAfterItsTimeoutInPacketTime() throws IOException {
        byte[] dns = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.53").udp(40000, 53).payload(new byte[12]).build();
        byte[] other = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.9").udp(40001, 9).build();
        Recorder r = run(List.of(at(0, dns), at(59, other), at(62, other)));
        assertThat(r.records.get(0).flow().serverPort()).isEqualTo(53);
        assertThat(r.records.get(0).endReason()).isEqualTo("idle_timeout");
        assertThat(r.records.get(1).endReason()).isEqualTo("end_of_input");
    }

    @Test
    void establishedTcpOutlivesTheUdpTimeout() throws IOException {
        byte[] data = tcp("10.0.0.1", 40000, "10.0.0.2", 22, Frames.ACK).payload("x").build();
        byte[] other = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.9").udp(40001, 9).build();
        Recorder r = run(List.of(at(0, data), at(200, other), at(290, data), at(600, other)));
        FlowRecord ssh = r.records.stream().filter(f -> f.flow().serverPort() == 22).findFirst().orElseThrow();
        assertThat(ssh.clientPackets()).as("one flow for both packets 290 s apart").isEqualTo(2);
        assertThat(ssh.endReason()).isEqualTo("idle_timeout");
    }

    @Test
    void activeTimeoutReportsTheFlowAndRestartsIt() throws IOException {
        List<Frames.Timed> frames = new ArrayList<>();
        frames.add(at(0, tcp("10.0.0.1", 40000, "10.0.0.2", 104, Frames.SYN).build()));
        frames.add(at(0, tcp("10.0.0.2", 104, "10.0.0.1", 40000, Frames.SYN | Frames.ACK).build()));
        frames.add(at(0, tcp("10.0.0.1", 40000, "10.0.0.2", 104, Frames.ACK).build()));
        for (int t = 60; t <= 2400; t += 60) {
            frames.add(at(t, tcp("10.0.0.2", 104, "10.0.0.1", 40000, Frames.ACK).payload("img").build()));
        }
        Recorder r = run(frames);
        assertThat(r.records).hasSize(2);
        FlowRecord first = r.records.get(0), second = r.records.get(1);
        assertThat(first.endReason()).isEqualTo("active_timeout");
        assertThat(first.flow()).isEqualTo(second.flow());
        assertThat(second.flow().server().toString()).isEqualTo("10.0.0.2");
        assertThat(second.state()).isEqualTo("established");
        assertThat(first.serverPackets() + second.serverPackets()).isEqualTo(41);
        assertThat(r.events.stream().filter(e -> e.startsWith("start"))).hasSize(2);
    }

    @Test
    void aSynAfterACloseStartsANewFlow() throws IOException {
        Recorder r = run(List.of(at(0, tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.SYN).build()),
                at(0, tcp("10.0.0.2", 80, "10.0.0.1", 40000, Frames.RST | Frames.ACK).build()),
                at(1, tcp("10.0.0.1", 40000, "10.0.0.2", 80, Frames.SYN).build())));
        assertThat(r.records).hasSize(2);
        assertThat(r.records.get(0).endReason()).isEqualTo("rst");
        assertThat(r.records.get(1).state()).isEqualTo("syn_sent");
    }

    @Test
    void vlansKeepOtherwiseEqualFlowsApart() throws IOException {
        byte[] v10 = Frames.ethernet().vlan(10).ipv4("10.0.0.1", "10.0.0.2").udp(40000, 161).build();
        byte[] v20 = Frames.ethernet().qinq(20).vlan(30).ipv4("10.0.0.1", "10.0.0.2").udp(40000, 161).build();
        Recorder r = run(List.of(at(0, v10), at(0, v20)));
        assertThat(r.records).hasSize(2);
        assertThat(r.records).extracting(f -> f.flow().vlan()).containsExactlyInAnyOrder(10, 20);
        assertThat(r.records).extracting(FlowRecord::innerVlan).containsExactlyInAnyOrder(0, 30);
    }

    @Test
    void fullTableEvictsTheLeastRecentlyActiveFlowAndCountsIt() throws IOException {
        List<Frames.Timed> frames = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            frames.add(new Frames.Timed(T0 + i * 1000L,
                    Frames.ethernet().ipv4("10.0.0.1", "10.0.1." + (i % 250)).udp(40000 + i, 53).build()));
        }
        Recorder r = new Recorder();
        EngineStats stats = new Engine(EngineConfig.defaults().withMaxFlows(100), r).run(Frames.source(frames));
        assertThat(stats.flowsEvicted()).isEqualTo(50);
        assertThat(stats.evictedPackets()).isEqualTo(50);
        assertThat(stats.anomalies()).containsEntry("flow_evicted", 50L);
        assertThat(stats.peakFlows()).isEqualTo(100);
        List<FlowRecord> evicted = r.records.stream().filter(f -> f.endReason().equals("evicted")).toList();
        assertThat(evicted).hasSize(50);
        assertThat(evicted).extracting(f -> f.flow().clientPort()).containsExactlyElementsOf(
                java.util.stream.IntStream.range(40000, 40050).boxed().toList());
    }

    @Test
    void closedFlowsAreEvictedBeforeActiveOnes() throws IOException {
        List<Frames.Timed> frames = new ArrayList<>();
        frames.add(at(0, Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 53).build()));
        frames.add(at(1, tcp("10.0.0.1", 40001, "10.0.0.2", 80, Frames.SYN).build()));
        frames.add(at(1, tcp("10.0.0.2", 80, "10.0.0.1", 40001, Frames.RST | Frames.ACK).build()));
        frames.add(at(2, Frames.ethernet().ipv4("10.0.0.1", "10.0.0.3").udp(40002, 53).build()));
        Recorder r = run(EngineConfig.defaults().withMaxFlows(2), frames);
        assertThat(r.records.get(0).endReason()).isEqualTo("evicted");
        assertThat(r.records.get(0).state()).isEqualTo("rejected");
    }

    @Test
    void icmpEchoRequestSenderIsTheClient() throws IOException {
        Recorder r = run(List.of(at(0, Frames.ethernet().ipv4("10.0.0.2", "10.0.0.1").icmp(0, 0, 7).build()),
                at(0, Frames.ethernet().ipv4("10.0.0.3", "10.0.0.4").icmp(8, 0, 7).build())));
        assertThat(r.records).extracting(f -> f.flow().client().toString()).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.3");
        assertThat(r.records).extracting(FlowRecord::state).containsOnly("active");
    }

    @Test
    void timeoutsAreConfigurable() throws IOException {
        byte[] udp = Frames.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 514).build();
        EngineConfig c = EngineConfig.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(30));
        Recorder r = run(c, List.of(at(0, udp), at(7, udp)));
        assertThat(r.records).hasSize(2);
        assertThat(r.records.get(0).endReason()).isEqualTo("idle_timeout");
    }

    /**
     * A million concurrent flows in at most 1 GiB of heap: the table's own arrays (records, index, side
     * arrays) are measured after filling it with a million distinct IPv4 and IPv6 flows.
     */
    @Test
    void aMillionConcurrentFlowsFitInOneGibibyte() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        FlowTable table = new FlowTable(FlowTableConfig.defaults(), new Anomalies());
        DecodedPacket d = new DecodedPacket();
        int n = 1 << 20;
        for (int i = 0; i < n; i++) {
            d.clear();
            d.tsNanos = T0 + i;
            d.frameLength = 60;
            d.ipProtocol = (i & 1) == 0 ? 6 : 17;
            d.ipVersion = (i & 7) == 0 ? 6 : 4;
            d.srcIpHi = d.ipVersion == 6 ? 0x2001_0db8_0000_0000L : 0;
            d.srcIpLo = d.ipVersion == 6 ? i : 0x0A00_0000L | i;
            d.dstIpHi = d.srcIpHi;
            d.dstIpLo = d.ipVersion == 6 ? 1L << 40 : 0xC0A8_0001L;
            d.srcPort = 40000 + (i & 0x3FF);
            d.dstPort = 443;
            d.tcpFlags = Frames.SYN;
            d.srcMac = 0x0200_0000_0000L | i;
            d.dstMac = 0x0200_0000_0001L;
            table.packet(d);
        }
        assertThat(table.size()).isEqualTo(n);
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        long used = after - before;
        System.out.printf("flow table: %d flows in %d MiB of heap (%d bytes per flow)%n", n, used >> 20, used / n);
        assertThat(used).as("heap held by a table of %d flows: %d MiB", n, used >> 20).isLessThan(1L << 30);
        assertThat(table.evicted()).isZero();
        assertThat(table.isLive(0)).isTrue(); // keep the table reachable until here
    }
}
