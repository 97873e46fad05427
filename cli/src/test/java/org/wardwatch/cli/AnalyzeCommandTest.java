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
        Path data = tmp.resolve("data");
        Run r = wardwatch("analyze", capture.toString(), "--out", out.toString(), "--data", data.toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("packets").contains("flows").contains("elapsed").contains("hl7=1").contains("store");
        assertThat(data.resolve("wardwatch.db")).exists();
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
        Run r = wardwatch("analyze", tmp.resolve("nope.pcap").toString(), "--out", tmp.resolve("o").toString(), "--no-store");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nope.pcap").contains("at byte 0").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void garbageHeaderIsOneLineNamingFileAndOffset() throws Exception {
        Path bad = tmp.resolve("bad.pcap");
        Files.write(bad, "this is not a capture file at all".getBytes(StandardCharsets.US_ASCII));
        Run r = wardwatch("analyze", bad.toString(), "--out", tmp.resolve("o").toString(), "--no-store");
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
        Run r = wardwatch("analyze", cut.toString(), "--out", tmp.resolve("o").toString(), "--no-store", "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("pcap_");
    }

    @Test
    void storeIsThePerUserDataFolderUnlessDataNoStoreOrDbIsGiven() {
        assertThat(parse("x.pcap").dataDir()).isEqualTo(org.wardwatch.store.Store.defaultDataDir());
        assertThat(parse("x.pcap", "--data", tmp.toString()).dataDir()).isEqualTo(tmp);
        assertThat(parse("x.pcap", "--no-store").dataDir()).isNull();
        assertThat(parse("x.pcap", "--db", "jdbc:postgresql://127.0.0.1/w").dataDir()).isNull();
        assertThat(org.wardwatch.store.Store.defaultDataDir().getFileName()).hasToString("wardwatch");
    }

    @Test
    void noStoreWithDataIsAUsageError() {
        Run r = wardwatch("analyze", tmp.resolve("x.pcap").toString(), "--no-store", "--data", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--no-store");
        assertThat(tmp.resolve("wardwatch.db")).doesNotExist();
    }

    @Test
    void helpNamesTheDefaultDataFolder() {
        Run r = wardwatch("analyze", "--help");
        assertThat(r.out()).contains("~/.local/share/wardwatch").contains("--no-store");
    }

    private static AnalyzeCommand parse(String... args) {
        AnalyzeCommand c = new AnalyzeCommand();
        new picocli.CommandLine(c).parseArgs(args);
        return c;
    }
}
