package org.wardwatch.risk.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wardwatch.testkit.Requirements;

/** Every CISA ICS Medical Advisory in ../shared/intel/csaf (CSAF 2.0, 2017–2024) imports without an error. */
class CisaIcsmaImportTest {

    @Test
    void importsAll144CisaMedicalAdvisoriesWithoutError() throws Exception {
        Path dir = Requirements.sharedFile("intel/csaf");
        long files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).count();
        }
        IntelImporter.Result r = new IntelImporter().importPaths(List.of(dir));
        assertThat(r.bundle().advisories()).hasSize((int) files).hasSize(144);
        long vulns = r.bundle().advisories().stream().mapToLong(a -> a.vulnerabilities().size()).sum();
        assertThat(vulns).isEqualTo(433);
        assertThat(r.bundle().advisories()).allSatisfy(a -> {
            assertThat(a.id()).startsWith("ICSMA-");
            assertThat(a.products()).isNotEmpty();
        });
        System.out.println("warnings: " + r.warnings().size());
        r.warnings().forEach(System.out::println);
    }
}
