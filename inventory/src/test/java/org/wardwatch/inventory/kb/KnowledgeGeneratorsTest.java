package org.wardwatch.inventory.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.wardwatch.testkit.Requirements;

/**
 * The committed derived tables equal what the generators make from the public registries in
 * ../shared/fingerprints. Run with {@code -Dwardwatch.regenerate=true} to rewrite them.
 */
class KnowledgeGeneratorsTest {
    private static final Path RESOURCES = Path.of("src/main/resources/org/wardwatch/inventory/kb");

    @Test
    void committedOuiTableIsDerivedFromTheIeeeRegistries() throws IOException {
        Path dir = Requirements.sharedFile("fingerprints/ieee_oui.csv").getParent();
        check("oui.tsv", KnowledgeGenerators.ouiTable(dir));
    }

    @Test
    void committedFingerbankTableIsDerivedFromFingerbank() throws IOException {
        Path conf = Requirements.sharedFile("fingerprints/fingerbank_dhcp_fingerprints_v6.9.1.conf");
        check("fingerbank_dhcp.tsv", KnowledgeGenerators.fingerbankTable(conf));
    }

    private static void check(String name, String generated) throws IOException {
        if (Boolean.getBoolean("wardwatch.regenerate")) {
            Files.writeString(RESOURCES.resolve(name), generated, StandardCharsets.UTF_8);
        }
        try (InputStream in = KnowledgeGeneratorsTest.class.getResourceAsStream("/org/wardwatch/inventory/kb/" + name)) {
            assertThat(in).as(name + " is committed (regenerate with -Dwardwatch.regenerate=true)").isNotNull();
            String committed = Files.readString(RESOURCES.resolve(name), StandardCharsets.UTF_8);
            assertThat(committed).as(name + " is up to date with its generator").isEqualTo(generated);
        }
    }
}
