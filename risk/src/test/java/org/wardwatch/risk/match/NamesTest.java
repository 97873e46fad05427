package org.wardwatch.risk.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {
    private final VendorNames vendors = VendorNames.defaults();

    @Test
    void treatsCisaVendorSpellingsAsOneMaker() {
        assertThat(vendors.same("Philips", "Phillips")).isTrue();
        assertThat(vendors.same("GE Healthcare", "General Electric (GE)")).isTrue();
        assertThat(vendors.same("BD", "Becton, Dickinson and Company (BD)")).isTrue();
        assertThat(vendors.same("Draeger", "Dräger")).isTrue();
        assertThat(vendors.same("Medtronic ", "Medtronic")).isTrue();
        assertThat(vendors.same("B. Braun Melsungen AG", "B. Braun Medical")).isTrue();
        assertThat(vendors.same("Philips", "GE Healthcare")).isFalse();
        assertThat(vendors.same("Fresenius Kabi", "Fresenius Medical Care")).isFalse();
    }

    @Test
    void splitsJoinedVendorNames() {
        assertThat(vendors.same("GE Healthcare", "Silex Technology and GE Healthcare")).isTrue();
        assertThat(vendors.same("Baxter", "Hillrom and ELI, Baxter International Inc.")).isTrue();
        assertThat(vendors.same("Innokas Yhtymä Oy", "Innokas YhtymÃ¤ Oy")).isTrue();
    }

    @Test
    void fitsModelsToMessyProductNames() {
        List<List<String>> philips = vendors.aliasWords("Philips");
        assertThat(ProductNames.fit("IntelliVue MX450", "IntelliVue patient monitor MX400-MX850", philips).level())
                .isEqualTo(ProductNames.Level.MODEL);
        assertThat(ProductNames.fit("IntelliVue MP70", "IntelliVue patient monitor MX400-MX850", philips).level())
                .isEqualTo(ProductNames.Level.NONE);
        assertThat(ProductNames.fit("IntelliVue MP70", "IntelliVue patient monitor MP2-MP90", philips).level())
                .isEqualTo(ProductNames.Level.MODEL);
        List<List<String>> medtronic = vendors.aliasWords("Medtronic");
        assertThat(ProductNames.fit("MiniMed 722", "MiniMed Paradigm 522/722 pumps", medtronic).level())
                .isEqualTo(ProductNames.Level.MODEL);
        assertThat(ProductNames.fit("Amplia CRT-D", "Protecta ICD and CRT-D", medtronic).level())
                .isEqualTo(ProductNames.Level.NONE);
        List<List<String>> ge = vendors.aliasWords("GE Healthcare");
        assertThat(ProductNames.fit("LOGIQ E9", "LOGIQ, not including LOGIQ 100 Pro", ge).level())
                .isEqualTo(ProductNames.Level.MODEL);
        assertThat(ProductNames.fit("LOGIQ 100 Pro", "LOGIQ, not including LOGIQ 100 Pro", ge).level())
                .isEqualTo(ProductNames.Level.NONE);
        List<List<String>> bd = vendors.aliasWords("BD");
        assertThat(ProductNames.fit("Alaris 8015", "Alaris PC Unit Model 8015", bd).level())
                .isEqualTo(ProductNames.Level.MODEL);
        assertThat(ProductNames.fit("Pyxis MedStation 4000", "BD Pyxis MedStation ES", bd).level())
                .isEqualTo(ProductNames.Level.NONE);
        List<List<String>> baxter = vendors.aliasWords("Baxter");
        assertThat(ProductNames.fit("Spectrum", "Sigma Spectrum LVP", baxter).level())
                .isEqualTo(ProductNames.Level.FAMILY);
    }
}
