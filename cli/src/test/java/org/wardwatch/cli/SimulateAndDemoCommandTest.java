package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.cli.CliRunner.wardwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.cli.CliRunner.Run;

class SimulateAndDemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void simulateWritesCaptureAndTruthBesideIt() throws Exception {
        Path pcap = tmp.resolve("h.pcap");
        Run r = wardwatch("simulate", "--beds", "4", "--hours", "0.03", "--seed", "2", "--topology", "segmented",
                "--attacks", "scan,bad_address", "--out", pcap.toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("devices", "packets", "truth", "not real-world accuracy");
        assertThat(Files.size(pcap)).isGreaterThan(1000);
        JsonNode truth = new ObjectMapper().readTree(tmp.resolve("h.pcap.truth.json").toFile());
        assertThat(truth.path("generator").path("topology").asText()).isEqualTo("segmented");
        assertThat(truth.path("attacks")).hasSize(2);
    }

    @Test
    void simulateRejectsBadArgumentsWithOneLineAndExitTwo() {
        Run r = wardwatch("simulate", "--attacks", "teleport", "--out", tmp.resolve("x.pcap").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown attack 'teleport'").doesNotContain("Exception");
        Run t = wardwatch("simulate", "--topology", "ring", "--out", tmp.resolve("x.pcap").toString());
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("--topology");
    }

    @Test
    void demoSimulatesAnalyzesAndWritesASelfContainedReport() throws Exception {
        Path dir = tmp.resolve("demo");
        Run r = wardwatch("demo", "--out", dir.toString(), "--beds", "6", "--minutes", "3", "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Open the report:", "report.html", "simulated");
        for (String f : new String[] {"hospital.pcap", "hospital.pcap.truth.json", "observations.jsonl", "flows.jsonl", "summary.json",
            "report.html"}) {
            assertThat(dir.resolve(f)).exists();
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Content-Security-Policy", "Overview and traffic", "Simulated hospital (ground truth)",
                "Injected attacks", "check the pipeline");
        // self-contained: nothing is fetched (the only URLs are SVG namespace declarations)
        assertThat(Pattern.compile("(?i)(src|href)\\s*=\\s*\"(https?:)?//").matcher(html).find()).isFalse();
        assertThat(html).doesNotContain("<script", "@import", "url(");
        // no synthetic patient name leaks into the report
        assertThat(html).doesNotContain("SIM^PATIENT");
    }
}
