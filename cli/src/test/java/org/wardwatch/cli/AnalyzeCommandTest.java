package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.cli.CliRunner.wardwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.cli.CliRunner.Run;
import org.wardwatch.testkit.Requirements;

class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesObservationsFlowsAndSummary() throws Exception {
        Path capture = Requirements.sharedFile("corpus/medical/ndpi_hl7.pcap");
        Path out = tmp.resolve("out");
        Run r = wardwatch("analyze", capture.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("packets").contains("flows").contains("elapsed").contains("hl7=1");
        ObjectMapper json = new ObjectMapper();
        List<String> flows = Files.readAllLines(out.resolve("flows.jsonl"));
        assertThat(flows).hasSize(1);
        JsonNode flow = json.readTree(flows.get(0));
        assertThat(flow.get("type").asText()).isEqualTo("flow_record");
        assertThat(flow.get("application").asText()).isEqualTo("hl7");
        assertThat(flow.get("clientPackets").asLong() + flow.get("serverPackets").asLong()).isEqualTo(9);
        for (String line : Files.readAllLines(out.resolve("observations.jsonl"))) {
            assertThat(json.readTree(line).get("type").asText()).isNotBlank();
        }
        JsonNode summary = json.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("packets").asLong()).isEqualTo(9);
        assertThat(summary.get("flows").asLong()).isEqualTo(1);
    }

    @Test
    void missingFileIsOneLineAndExitTwo() {
        Run r = wardwatch("analyze", tmp.resolve("nope.pcap").toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nope.pcap").contains("at byte 0").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void garbageHeaderIsOneLineNamingFileAndOffset() throws Exception {
        Path bad = tmp.resolve("bad.pcap");
        Files.write(bad, "this is not a capture file at all".getBytes(StandardCharsets.US_ASCII));
        Run r = wardwatch("analyze", bad.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("bad.pcap").contains("byte").doesNotContain("\tat ");
    }

    @Test
    void truncatedCaptureIsCountedNotFatal() throws Exception {
        Path capture = Requirements.sharedFile("corpus/medical/ndpi_hl7.pcap");
        byte[] all = Files.readAllBytes(capture);
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 30));
        Run r = wardwatch("analyze", cut.toString(), "--out", tmp.resolve("o").toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("pcap_");
    }
}
