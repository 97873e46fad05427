package org.wardwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.sim.hospital.Topology;

class DeterminismTest {
    @TempDir
    Path dir;

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    private static SimulationConfig config(long seed) {
        return new SimulationConfig(6, 180, seed, Topology.SEGMENTED, AttackKind.parse("all"), null);
    }

    @Test
    void sameSeedWritesIdenticalCaptureAndTruth() throws Exception {
        SimulationResult a = Simulator.run(config(11), dir.resolve("a.pcap"), null);
        SimulationResult b = Simulator.run(config(11), dir.resolve("b.pcap"), null);
        assertThat(a.packets()).isGreaterThan(1000).isEqualTo(b.packets());
        assertThat(sha256(a.capture())).isEqualTo(sha256(b.capture()));
        // the truth names its capture file; everything else must match byte for byte
        String ta = Files.readString(a.truth()).replace("a.pcap", "X");
        String tb = Files.readString(b.truth()).replace("b.pcap", "X");
        assertThat(ta).isEqualTo(tb);
    }

    @Test
    void anotherSeedWritesAnotherCapture() throws Exception {
        SimulationResult a = Simulator.run(config(11), dir.resolve("a.pcap"), null);
        SimulationResult c = Simulator.run(config(12), dir.resolve("c.pcap"), null);
        assertThat(sha256(a.capture())).isNotEqualTo(sha256(c.capture()));
    }

    @Test
    void gzipOutputIsAlsoDeterministic() throws Exception {
        SimulationConfig c = new SimulationConfig(3, 60, 5, Topology.FLAT, AttackKind.parse("none"), null);
        SimulationResult a = Simulator.run(c, dir.resolve("a.pcap.gz"), null);
        SimulationResult b = Simulator.run(c, dir.resolve("b.pcap.gz"), null);
        assertThat(sha256(a.capture())).isEqualTo(sha256(b.capture()));
        assertThat(Files.readAllBytes(a.capture())[0]).isEqualTo((byte) 0x1f);
    }
}
