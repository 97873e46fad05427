package org.wardwatch.risk.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NvdAndCycloneDxImportTest {
    private final IntelImporter importer = new IntelImporter();

    @Test
    void readsNvdCveApi2WithCpeRangesAndSkipsRejected() throws Exception {
        List<String> warnings = new ArrayList<>();
        IntelBundle b = importer.importBytes(Fixtures.bytes("nvd-openssl.json"), "nvd-openssl.json", warnings);
        assertThat(b.advisories()).extracting(Advisory::id).containsExactly("CVE-2022-0778", "CVE-2023-0286");
        assertThat(warnings).singleElement().asString().contains("skipped 1 rejected");
        Advisory a = b.advisories().get(0);
        assertThat(a.products()).hasSize(3).first().satisfies(p -> {
            assertThat(p.vendor()).isEqualTo("openssl");
            assertThat(p.product()).isEqualTo("openssl");
            assertThat(p.bounds().startIncluding()).isEqualTo("1.0.2");
            assertThat(p.bounds().endExcluding()).isEqualTo("1.0.2zd");
        });
        AdvisoryVulnerability v = a.vulnerabilities().get(0);
        assertThat(v.scores()).singleElement().satisfies(s -> {
            assertThat(s.vector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H");
            assertThat(s.baseScore()).isEqualTo(7.5);
        });
        assertThat(v.cwes()).extracting(c -> c.id()).containsExactly("CWE-835");
    }

    @Test
    void readsCycloneDxSbomWithVex() throws Exception {
        IntelBundle b = importer.importBytes(Fixtures.bytes("vitaflow-3000-sbom-vex.cdx.json"), "sbom.json", new ArrayList<>());
        Sbom s = b.sboms().get(0);
        assertThat(s.serial()).isEqualTo("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
        assertThat(s.subject().vendor()).isEqualTo("ExampleMed");
        assertThat(s.subject().name()).isEqualTo("VitaFlow 3000");
        assertThat(s.components()).extracting(SbomComponent::name).containsExactly("linux_kernel", "openssl", "busybox", "lighttpd");
        assertThat(s.vex()).extracting(VexStatement::id, VexStatement::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CVE-2022-0778", "exploitable"),
                        org.assertj.core.groups.Tuple.tuple("CVE-2016-2183", "not_affected"),
                        org.assertj.core.groups.Tuple.tuple("CVE-2022-28391", "in_triage"));
        assertThat(s.vex().get(0).ratings().get(0).vector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H");
        assertThat(s.vex().get(1).justification()).isEqualTo("code_not_reachable");
    }
}
