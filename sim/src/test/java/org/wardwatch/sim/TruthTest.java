package org.wardwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.sim.hospital.Topology;
import org.wardwatch.sim.wire.Addr;

/** The truth file describes the capture: every sending MAC is a listed device, every attack left packets in its window. */
class TruthTest {
    @TempDir
    static Path dir;
    static JsonNode truth;
    static Set<String> sourceMacs = new HashSet<>();
    static long firstNanos = Long.MAX_VALUE;
    static long lastNanos;
    static long frames;

    @BeforeAll
    static void simulate() throws Exception {
        Path pcap = dir.resolve("t.pcap");
        SimulationResult r = Simulator.run(new SimulationConfig(10, 600, 9, Topology.FLAT, AttackKind.parse("all"), null), pcap, null);
        truth = new ObjectMapper().readTree(r.truth().toFile());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b23c4d);
        int at = 24;
        while (at + 16 <= b.limit()) {
            long ts = (b.getInt(at) & 0xffffffffL) * 1_000_000_000L + b.getInt(at + 4);
            int caplen = b.getInt(at + 8);
            long mac = 0;
            for (int i = 6; i < 12; i++) {
                mac = (mac << 8) | (b.get(at + 16 + i) & 0xff);
            }
            sourceMacs.add(Addr.macString(mac));
            firstNanos = Math.min(firstNanos, ts);
            lastNanos = Math.max(lastNanos, ts);
            frames++;
            at += 16 + caplen;
        }
    }

    @Test
    void everySendingMacIsADeviceOfTheTruth() {
        Set<String> listed = new HashSet<>();
        truth.path("devices").forEach(d -> listed.add(d.path("mac").asText()));
        assertThat(listed).containsAll(sourceMacs);
        assertThat(truth.path("capture").path("packets").asLong()).isEqualTo(frames);
    }

    @Test
    void everyDeviceStatesItsFactsWithSources() {
        for (JsonNode d : truth.path("devices")) {
            assertThat(d.path("ips").size()).isEqualTo(1);
            assertThat(d.path("vlan").path("id").asInt()).isPositive();
            assertThat(d.path("category").asText()).isNotEmpty();
            assertThat(d.path("macVendor").path("src").size()).as(d.path("id").asText()).isPositive();
            if (!d.path("vendor").isNull()) {
                assertThat(d.path("vendor").path("src").size()).as(d.path("id").asText()).isPositive();
            }
            if (d.path("addressing").path("mode").asText().equals("dhcp")) {
                assertThat(d.path("addressing").path("dhcpFingerprint").path("parameterRequestList").size()).isPositive();
            }
        }
        assertThat(truth.path("note").asText()).contains("check the pipeline");
    }

    @Test
    void everyAttackIsLabelledWithItsPacketWindowInsideTheCapture() {
        assertThat(truth.path("attacks").size()).isEqualTo(AttackKind.values().length);
        for (JsonNode a : truth.path("attacks")) {
            String kind = a.path("kind").asText();
            assertThat(a.path("packets").asLong()).as(kind).isPositive();
            long first = nanos(a.path("firstPacket").asText());
            long last = nanos(a.path("lastPacket").asText());
            assertThat(first).as(kind).isBetween(firstNanos, lastNanos);
            assertThat(last).as(kind).isBetween(first, lastNanos);
            assertThat(first).as(kind).isGreaterThanOrEqualTo(nanos(a.path("plannedStart").asText()));
            assertThat(a.path("attacker").size()).as(kind).isPositive();
        }
    }

    private static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
