package org.wardwatch.inventory.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.MacAddress;

/** The shipped MAC registry table and the taxonomy's name normalisation read as their files say. */
class KnowledgeTablesTest {
    private static OuiTable parse(String text) throws IOException {
        return OuiTable.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyShippedRegistryLineIsFoundByItsPrefix() throws IOException {
        OuiTable table = OuiTable.load();
        Map<String, OuiTable.Entry> lines = new LinkedHashMap<>();
        try (InputStream in = OuiTable.class.getResourceAsStream("oui.tsv")) {
            String[] all = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            boolean header = true;
            for (String line : all) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split("\t", 3);
                lines.put(f[0], new OuiTable.Entry(f[0], f[1], f[2]));
            }
        }
        assertThat(table.size()).isEqualTo(lines.size()).isGreaterThan(40_000);
        int nonAscii = 0;
        for (OuiTable.Entry e : lines.values()) {
            long block = Long.parseLong(e.prefix(), 16) << (48 - 4 * e.prefix().length());
            assertThat(table.lookup(new MacAddress(block))).as(e.prefix()).isEqualTo(e);
            if (e.prefix().length() == 6) {
                assertThat(table.lookupOui(e.prefix() + "FFFE")).isEqualTo(e);
            }
            nonAscii += e.organization().chars().anyMatch(c -> c > 0x7f) ? 1 : 0;
        }
        assertThat(nonAscii).as("organizations with accents are read as UTF-8").isPositive();
    }

    @Test
    void longestRegisteredBlockWinsAndLaterLinesReplaceEarlierOnes() throws IOException {
        OuiTable t = parse("# comment\r\nprefix\tregistry\torganization\r\n\r\n001122\tMA-L\tFirst\n001122\tMA-L\tSecond é\r\n"
                + "0011223\tMA-M\tSmaller\n001122334\tMA-S\tSmallest");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.lookup(MacAddress.parse("00:11:22:33:44:55")).organization()).isEqualTo("Smallest");
        assertThat(t.lookup(MacAddress.parse("00:11:22:33:55:55")).organization()).isEqualTo("Smaller");
        assertThat(t.lookup(MacAddress.parse("00:11:22:44:55:55"))).isEqualTo(new OuiTable.Entry("001122", "MA-L", "Second é"));
        assertThat(t.lookup(MacAddress.parse("00:11:23:44:55:55"))).isNull();
        assertThat(t.lookupOui("00112")).isNull();
        assertThat(t.lookupOui("zz1122")).isNull();
        assertThatThrownBy(() -> parse("h\n0011\tMA-L\tx\n")).isInstanceOf(IOException.class).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> parse("h\n001122 MA-L x\n")).isInstanceOf(IOException.class).hasMessageContaining("bad line");
        assertThatThrownBy(() -> parse("h\n00112G\tMA-L\tx\n")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void namesNormaliseToLowerCaseWordsJoinedByUnderscores() {
        for (String s : List.of("Infusion Pump", "  infusion-pump  ", "--X-Ray__Unit!!", "_", "", "a_", "ÉCG monitor", "İstanbul",
                "PACS / RIS", "12-lead ECG", "🙂 pump 🙂")) {
            String regex = s.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
            assertThat(Taxonomy.norm(s)).as(s).isEqualTo(regex);
        }
        assertThat(Taxonomy.norm(null)).isEmpty();
    }
}
