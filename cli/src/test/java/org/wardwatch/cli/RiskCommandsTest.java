package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.cli.CliRunner.wardwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.cli.CliRunner.Run;
import org.wardwatch.testkit.Requirements;

/** wardwatch intel import / list, analyze's risk stage, and wardwatch findings, end to end. */
class RiskCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void importsAllCisaMedicalAdvisoriesIntoTheDataFolder() throws Exception {
        Path csaf = Requirements.sharedFile("intel/csaf");
        Path data = tmp.resolve("data");
        Run r = wardwatch("intel", "import", csaf.toString(), "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported 144 CSAF advisories (433 vulnerabilities), 0 NVD CVEs");
        assertThat(r.err()).isEmpty();
        Run list = wardwatch("intel", "list", "--data", data.toString());
        assertThat(list.out()).contains("144 advisories").contains("ICSMA-19-190-01");
    }

    @Test
    void aBadFileFailsTheWholeImportWithFileAndPath() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("a.json"), "{\"document\":{\"csaf_version\":\"2.1\"}}");
        Path data = tmp.resolve("data");
        Run r = wardwatch("intel", "import", in.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("wardwatch: ").contains("a.json: $.document.csaf_version: unsupported CSAF version \"2.1\"");
        assertThat(data).doesNotExist();
    }

    @Test
    void analyzeWritesFindingsAndTheFindingsCommandFiltersThem() throws Exception {
        Path capture = Requirements.sharedFile("corpus/medical/ndpi_hl7.pcap");
        Path out = tmp.resolve("out");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Run a = wardwatch("analyze", capture.toString(), "--out", out.toString(), "--data", data.toString(), "--no-progress");
        assertThat(a.exit()).as(a.err()).isZero();
        JsonNode ff = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertThat(ff.get("format").asInt()).isEqualTo(1);
        assertThat(ff.get("findings")).anySatisfy(f -> {
            assertThat(f.get("kind").asText()).isEqualTo("cleartext_phi");
            assertThat(f.get("nistCsf").toString()).contains("PR.DS-02");
            assertThat(f.get("hipaa").toString()).contains("164.312(e)(1)");
        });
        assertThat(ff.get("scores")).isNotEmpty();
        assertThat(Files.readString(out.resolve("report.html"))).contains("id=\"risk\"").contains("Patient data in cleartext HL7 v2");

        Run csv = wardwatch("findings", "--in", out.toString(), "--kind", "cleartext_phi", "--format", "csv");
        assertThat(csv.exit()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).startsWith("id,device,kind,severity,title");
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.contains(",cleartext_phi,"));

        Run none = wardwatch("findings", "--in", out.toString(), "--severity", "critical", "--format", "json");
        assertThat(new ObjectMapper().readTree(none.out())).isEmpty();

        Run table = wardwatch("findings", "--in", out.toString());
        assertThat(table.out()).contains("cleartext_phi").contains("Patient data in cleartext HL7 v2");

        Run bad = wardwatch("findings", "--in", out.toString(), "--kind", "nonsense");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown finding kind 'nonsense'");
    }

    @Test
    void findingsWithoutAnAnalysisSaysWhatToRun() {
        Run r = wardwatch("findings", "--in", tmp.resolve("nothing").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("run 'wardwatch analyze");
    }

    @Test
    void csvCellsCannotStartAFormula() {
        assertThat(FindingsCommand.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(FindingsCommand.cell("-1+2")).isEqualTo("'-1+2");
        assertThat(FindingsCommand.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(FindingsCommand.cell("plain")).isEqualTo("plain");
    }
}
