package org.wardwatch.risk.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken, wrong-version, oversized and hostile intel files: clear errors naming file and JSON path, nothing stored. */
class IntelImporterBadInputTest {
    @TempDir
    Path dir;

    private final IntelImporter importer = new IntelImporter();

    private IntelFormatException fails(String name, byte[] content) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> importer.importBytes(content, name, new ArrayList<>()));
        assertThat(t).isInstanceOf(IntelFormatException.class);
        return (IntelFormatException) t;
    }

    @Test
    void importsTheMinimalCsafFixture() throws Exception {
        IntelBundle b = importer.importBytes(Fixtures.bytes("csaf-minimal.json"), "csaf-minimal.json", new ArrayList<>());
        assertThat(b.advisories()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("EXMED-2024-001");
            assertThat(a.products()).extracting(AffectedProduct::version).containsExactly("<= 2.1.0", "2.2.0");
            assertThat(a.vulnerabilities().get(0).fixed()).containsExactly("P2");
        });
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() {
        IntelFormatException e = fails("broken.json", "{\"document\": {\"csaf_version\": \"2.0\",, }".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).startsWith("broken.json: malformed JSON at line 1, column");
    }

    @Test
    void trailingGarbageAndDuplicateKeysAreRejected() {
        assertThat(fails("t.json", "{} {}".getBytes(StandardCharsets.UTF_8)).getMessage()).contains("malformed JSON");
        assertThat(fails("d.json", "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)).getMessage()).contains("Duplicate field");
    }

    @Test
    void wrongCsafVersionNamesThePath() {
        ObjectNode doc = Fixtures.json("csaf-minimal.json");
        ((ObjectNode) doc.get("document")).put("csaf_version", "1.2");
        IntelFormatException e = fails("old.json", Fixtures.bytes(doc));
        assertThat(e.path()).isEqualTo("$.document.csaf_version");
        assertThat(e.getMessage()).contains("unsupported CSAF version \"1.2\"");
    }

    @Test
    void missingRequiredMemberNamesThePath() {
        ObjectNode doc = Fixtures.json("csaf-minimal.json");
        ((ObjectNode) doc.get("document").get("tracking")).remove("id");
        assertThat(fails("x.json", Fixtures.bytes(doc)).path()).isEqualTo("$.document.tracking.id");
    }

    @Test
    void undefinedProductIdIsCsafTest611() {
        ObjectNode doc = Fixtures.json("csaf-minimal.json");
        ArrayNode affected = (ArrayNode) doc.get("vulnerabilities").get(0).get("product_status").get("known_affected");
        affected.add("P9");
        IntelFormatException e = fails("x.json", Fixtures.bytes(doc));
        assertThat(e.path()).isEqualTo("$.vulnerabilities[0].product_status.known_affected[1]");
        assertThat(e.problem()).contains("\"P9\" is not defined").contains("6.1.1");
    }

    @Test
    void invalidCvssVectorIsRejected() {
        ObjectNode doc = Fixtures.json("csaf-minimal.json");
        ((ObjectNode) doc.get("vulnerabilities").get(0).get("scores").get(0).get("cvss_v3")).put("vectorString", "CVSS:3.1/AV:Q");
        assertThat(fails("x.json", Fixtures.bytes(doc)).path()).isEqualTo("$.vulnerabilities[0].scores[0].cvss_v3.vectorString");
    }

    @Test
    void wrongTypeNamesThePath() {
        ObjectNode doc = Fixtures.json("csaf-minimal.json");
        ((ObjectNode) doc.get("document")).put("title", 42);
        IntelFormatException e = fails("x.json", Fixtures.bytes(doc));
        assertThat(e.path()).isEqualTo("$.document.title");
        assertThat(e.problem()).contains("expected a string, found a number");
    }

    @Test
    void hostileStringsAreCleanedButKeptForEscapingLater() throws Exception {
        ObjectNode doc = Fixtures.json("csaf-minimal.json");
        ((ObjectNode) doc.get("document")).put("title", "<script>alert(1)</script>\u202Eevil\u0000\u0007 title");
        IntelBundle b = importer.importBytes(Fixtures.bytes(doc), "x.json", new ArrayList<>());
        String title = b.advisories().get(0).title();
        assertThat(title).isEqualTo("<script>alert(1)</script>evil title");
        assertThat(title).doesNotContain("\u202E").doesNotContain("\u0000");
    }

    @Test
    void oversizedDocumentsAreRefusedBeforeParsing() throws Exception {
        IntelImporter small = new IntelImporter(new IntelLimits(1000, 2000, 1 << 20, 64, 1000, 8192));
        Path big = Fixtures.write(dir, "big.json", ("{\"x\":\"" + "a".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> small.importPaths(List.of(big)))
                .isInstanceOf(IntelFormatException.class).hasMessageContaining("big.json").hasMessageContaining("above the cap");
    }

    @Test
    void gzipBombIsStoppedAtTheDecompressedCap() throws Exception {
        IntelImporter small = new IntelImporter(new IntelLimits(10_000, 20_000, 1 << 20, 64, 1000, 8192));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(("{\"vulnerabilities\":[],\"pad\":\"" + "0".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        Path bomb = Fixtures.write(dir, "bomb.json.gz", bos.toByteArray());
        assertThatThrownBy(() -> small.importPaths(List.of(bomb)))
                .isInstanceOf(IntelFormatException.class).hasMessageContaining("bomb.json.gz").hasMessageContaining("cap");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(500) + "]".repeat(500);
        assertThat(fails("deep.json", deep.getBytes(StandardCharsets.UTF_8)).getMessage()).contains("deep.json").contains("nesting");
    }

    @Test
    void unknownDocumentKindSaysWhatIsExpected() {
        assertThat(fails("x.json", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8)).getMessage())
                .contains("not a CSAF 2.0 document").contains("CycloneDX");
    }

    @Test
    void nvdFeedOfRetiredFormatIsRejected() {
        IntelFormatException e = fails("nvdcve-1.1.json", "{\"format\":\"NVD_CVE\",\"version\":\"1.1\",\"vulnerabilities\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.path()).isEqualTo("$.version");
    }

    @Test
    void nvdBadCpeNamesThePath() {
        ObjectNode doc = Fixtures.json("nvd-openssl.json");
        ((ObjectNode) doc.get("vulnerabilities").get(1).get("cve").get("configurations").get(0).get("nodes").get(0)
                .get("cpeMatch").get(2)).put("criteria", "cpe:2.3:a:broken");
        IntelFormatException e = fails("nvd.json", Fixtures.bytes(doc));
        assertThat(e.path()).isEqualTo("$.vulnerabilities[1].cve.configurations[0].nodes[0].cpeMatch[2].criteria");
    }

    @Test
    void cycloneDxWrongSpecVersionAndSchemaViolations() {
        ObjectNode bom = Fixtures.json("vitaflow-3000-sbom-vex.cdx.json");
        bom.put("specVersion", "2.0");
        assertThat(fails("sbom.json", Fixtures.bytes(bom)).path()).isEqualTo("$.specVersion");
        ObjectNode bad = Fixtures.json("vitaflow-3000-sbom-vex.cdx.json");
        ((ObjectNode) bad.get("components").get(1)).put("type", "spaceship");
        IntelFormatException e = fails("sbom.json", Fixtures.bytes(bad));
        assertThat(e.getMessage()).contains("sbom.json").contains("CycloneDX 1.5 schema").contains("components[1].type");
    }

    @Test
    void rolieFeedEntriesAreFoundBesideTheFeedAndMissingOnesNamed() throws Exception {
        Fixtures.write(dir, "2024/exmed-2024-001.json", Fixtures.bytes("csaf-minimal.json"));
        String feed = "{\"feed\":{\"id\":\"examplemed-csaf\",\"title\":\"t\",\"entry\":[{\"id\":\"EXMED-2024-001\",\"title\":\"t\","
                + "\"content\":{\"type\":\"application/json\",\"src\":\"https://examplemed.invalid/csaf/2024/exmed-2024-001.json\"}}]}}";
        Path f = Fixtures.write(dir, "feed.json", feed.getBytes(StandardCharsets.UTF_8));
        IntelImporter.Result r = importer.importPaths(List.of(f));
        assertThat(r.bundle().advisories()).extracting(Advisory::id).containsExactly("EXMED-2024-001");

        String missing = feed.replace("exmed-2024-001.json\"}", "exmed-2024-999.json\"}");
        Path g = Fixtures.write(dir, "feed2.json", missing.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> importer.importPaths(List.of(g)))
                .isInstanceOf(IntelFormatException.class)
                .hasMessageContaining("feed2.json: $.feed.entry[0].content.src: advisory not found");
    }

    @Test
    void rolieEntryCannotEscapeTheFeedFolder() throws Exception {
        Fixtures.write(dir, "outside.json", Fixtures.bytes("csaf-minimal.json"));
        Path sub = Files.createDirectories(dir.resolve("feeds"));
        String feed = "{\"feed\":{\"id\":\"x\",\"entry\":[{\"content\":{\"src\":\"../outside.json\"}}]}}";
        Path f = Fixtures.write(sub, "feed.json", feed.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> importer.importPaths(List.of(f))).hasMessageContaining("advisory not found");
    }

    @Test
    void storeIsUntouchedWhenAnyFileOfAnImportIsBad() throws Exception {
        IntelStore store = new IntelStore(dir.resolve("data"));
        Path good = Fixtures.write(dir, "in/good.json", Fixtures.bytes("csaf-minimal.json"));
        store.add(importer.importPaths(List.of(good)).bundle());
        byte[] before = Files.readAllBytes(store.file());
        Path nvd = Fixtures.write(dir, "in2/a-nvd.json", Fixtures.bytes("nvd-openssl.json"));
        Fixtures.write(dir, "in2/b-bad.json", "{\"document\":".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.add(importer.importPaths(List.of(nvd.getParent())).bundle()))
                .hasMessageContaining("b-bad.json");
        assertThat(Files.readAllBytes(store.file())).isEqualTo(before);
        assertThat(store.load().advisories()).extracting(Advisory::id).containsExactly("EXMED-2024-001");
    }

    @Test
    void reimportingAnAdvisoryReplacesItInsteadOfDuplicating() throws Exception {
        IntelStore store = new IntelStore(dir.resolve("data"));
        Path good = Fixtures.write(dir, "in/good.json", Fixtures.bytes("csaf-minimal.json"));
        store.add(importer.importPaths(List.of(good)).bundle());
        store.add(importer.importPaths(List.of(good)).bundle());
        assertThat(store.load().advisories()).hasSize(1);
        assertThat(store.load().imports()).hasSize(2);
    }
}
