package org.wardwatch.risk.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.finding.MatchCertainty;
import org.wardwatch.risk.DeviceFacts;
import org.wardwatch.risk.intel.Advisory;
import org.wardwatch.risk.intel.AffectedProduct;
import org.wardwatch.risk.intel.IntelBundle;
import org.wardwatch.risk.intel.IntelImporter;
import org.wardwatch.testkit.Requirements;

/**
 * A small hospital whose devices are named in CISA's ICSMA advisories, identified the way the
 * inventory would reveal them (vendor as the OUI/DICOM/HL7 evidence names it, model and firmware as
 * the device announces them), matched against all 144 real advisories in ../shared/intel/csaf.
 * Versions inside and outside the affected ranges, vendor spellings that differ, model variants
 * written in version branches, and unknown versions.
 */
class CisaAdvisoryMatchingTest {
    private static IntelBundle intel;
    private final AdvisoryMatcher matcher = new AdvisoryMatcher();

    @BeforeAll
    static void load() throws Exception {
        Path dir = Requirements.sharedFile("intel/csaf");
        intel = new IntelImporter().importPaths(List.of(dir)).bundle();
    }

    /** advisory id → best certainty for the device. */
    private Map<String, MatchCertainty> matches(DeviceFacts d) {
        Map<String, MatchCertainty> out = new TreeMap<>();
        for (Advisory a : intel.advisories()) {
            for (AffectedProduct p : a.products()) {
                matcher.match(d, p).ifPresent(m -> out.merge(a.id(), m.certainty(),
                        (x, y) -> x.ordinal() <= y.ordinal() ? x : y));
            }
        }
        return out;
    }

    private static DeviceFacts dev(String vendor, String model, String firmware) {
        return DeviceFacts.identity("d", vendor, model, firmware, null, "life_sustaining");
    }

    @Test
    void alarisPumpOnAListedFirmwareMatchesExactlyAndByRange() {
        Map<String, MatchCertainty> m = matches(dev("BD", "Alaris 8015 PC Unit", "9.19"));
        assertThat(m).containsEntry("ICSMA-20-170-06", MatchCertainty.EXACT_VERSION)   // "9.13 | 9.19 | 9.33 | 12.1"
                .containsEntry("ICSMA-17-017-02", MatchCertainty.VERSION_RANGE)           // "<= 9.33"
                .containsEntry("ICSMA-20-317-01", MatchCertainty.VERSION_RANGE);          // "<= 9.33.1"
    }

    @Test
    void alarisPumpOnANewerFirmwareIsOutsideEveryRange() {
        Map<String, MatchCertainty> m = matches(dev("BD", "Alaris 8015 PC Unit", "12.3"));
        assertThat(m).doesNotContainKeys("ICSMA-20-170-06", "ICSMA-17-017-02", "ICSMA-20-317-01");
    }

    @Test
    void unknownFirmwareIsReportedAsPossiblyAffectedNotDropped() {
        Map<String, MatchCertainty> m = matches(dev("Becton Dickinson", "Alaris 8015 PC Unit", null));
        assertThat(m).containsEntry("ICSMA-20-170-06", MatchCertainty.POSSIBLY_AFFECTED)
                .containsEntry("ICSMA-17-017-02", MatchCertainty.POSSIBLY_AFFECTED);
    }

    @Test
    void philipsMonitorMatchesThroughModelNumberRangeAndLetterRevision() {
        assertThat(matches(dev("Philips", "IntelliVue MX450", "M.00.03")))
                .containsEntry("ICSMA-20-254-01", MatchCertainty.VERSION_RANGE);   // "IntelliVue patient monitor MX400-MX850", "<=N"
        assertThat(matches(dev("Philips", "IntelliVue MX450", "P.01.00")))
                .doesNotContainKey("ICSMA-20-254-01");
        assertThat(matches(dev("Philips", "IntelliVue MX450", "K.01.00")))
                .containsEntry("ICSMA-18-156-01", MatchCertainty.VERSION_RANGE);   // "IntelliVue Patient Monitors MX (MX400-550)", "Rev J-M"
    }

    @Test
    void phillipsMisspellingInTheAdvisoryStillMatchesAPhilipsDevice() {
        Map<String, MatchCertainty> m = matches(dev("Philips", "IntelliSpace Cardiovascular", "2.3.0"));
        assertThat(m).containsKey("ICSMA-18-025-01");                                // vendor branch "Phillips"
    }

    @Test
    void geAnesthesiaVariantWrittenInTheVersionBranchMatches() {
        // ICSMA-19-190-01: vendor "General Electric (GE)", product "GE Aespire", version "7100 | 7900 | 100 | Protiva Carestation View"
        assertThat(matches(dev("GE Healthcare", "Aespire 7100", null)))
                .containsEntry("ICSMA-19-190-01", MatchCertainty.VERSION_RANGE);
        assertThat(matches(dev("GE Healthcare", "Aestiva 7900", null)))
                .containsEntry("ICSMA-19-190-01", MatchCertainty.VERSION_RANGE);
        assertThat(matches(dev("GE Healthcare", "Aespire", null)))
                .containsEntry("ICSMA-19-190-01", MatchCertainty.PRODUCT_FAMILY);
        assertThat(matches(dev("GE Healthcare", "Aespire 9100", null)))
                .doesNotContainKey("ICSMA-19-190-01");
    }

    @Test
    void medtronicMonitorModelNumberSelectsTheAdvisories() {
        assertThat(matches(dev("Medtronic", "MyCareLink Monitor 24950", null)))
                .containsKeys("ICSMA-18-179-01", "ICSMA-18-219-01", "ICSMA-19-080-01");
        assertThat(matches(dev("Medtronic", "MyCareLink Monitor 24960", null)))
                .doesNotContainKeys("ICSMA-18-179-01", "ICSMA-19-080-01");
    }

    @Test
    void smithsSyringePumpExactVersionsOnly() {
        assertThat(matches(dev("Smiths Medical", "Medfusion 4000", "1.5")))
                .containsEntry("ICSMA-17-250-02A", MatchCertainty.EXACT_VERSION);
        assertThat(matches(dev("Smiths Medical", "Medfusion 4000", "1.7")))
                .doesNotContainKey("ICSMA-17-250-02A");
    }

    @Test
    void welchAllynBrandUnderHillromAndBaxterAdvisories() {
        Map<String, MatchCertainty> m = matches(dev("Welch Allyn", "Connex Spot Monitor", "1.52"));
        assertThat(m).containsKey("ICSMA-24-151-02");
    }

    @Test
    void logiqExclusionClauseIsHonoured() {
        assertThat(matches(dev("GE Healthcare", "LOGIQ E9", "R6"))).containsKey("ICSMA-20-049-02");
        assertThat(matches(dev("GE Healthcare", "LOGIQ 100 Pro", "R6"))).doesNotContainKey("ICSMA-20-049-02");
    }

    @Test
    void dcmtkAnnouncedBySoftwareMatchesOffisAdvisoryByVersion() {
        DeviceFacts pacs = DeviceFacts.identity("p", null, null, null, "pacs", "diagnostic")
                .withSoftware(List.of(new DeviceFacts.SoftwareFacts("DCMTK", "3.6.2", "dicom_association_requested.implementationVersionName")));
        List<String> hits = new ArrayList<>();
        for (Advisory a : intel.advisories()) {
            for (AffectedProduct p : a.products()) {
                for (DeviceFacts.SoftwareFacts sw : pacs.software()) {
                    matcher.matchSoftware(sw, p).ifPresent(x -> hits.add(a.id() + " " + x.certainty()));
                }
            }
        }
        assertThat(hits).containsExactly("ICSMA-22-174-01 VERSION_RANGE");
        DeviceFacts newer = pacs.withSoftware(List.of(new DeviceFacts.SoftwareFacts("DCMTK", "3.6.7", null)));
        assertThat(intel.advisories().stream().flatMap(a -> a.products().stream())
                .filter(p -> matcher.matchSoftware(newer.software().get(0), p).isPresent())).isEmpty();
    }

    /**
     * The device profiles of the hospital simulator (sim/src/main/resources/org/wardwatch/sim/catalog.json),
     * with vendor and model as its ground truth writes them and no firmware version: the advisories a
     * perfect inventory would let risk report, and the profiles that must match none.
     */
    @Test
    void simulatedHospitalProfilesMatchTheirAdvisories() {
        Map<String, MatchCertainty> welch = matches(dev("Welch Allyn (Hillrom, Baxter)", "Connex Spot Monitor", null));
        assertThat(welch).containsEntry("ICSMA-21-152-01", MatchCertainty.POSSIBLY_AFFECTED)
                .containsEntry("ICSMA-24-151-02", MatchCertainty.POSSIBLY_AFFECTED);
        assertThat(matches(dev("Dräger", "Infinity Delta", null))).containsOnlyKeys("ICSMA-19-022-01");
        assertThat(matches(dev("Philips", "IntelliVue MX40 (WLAN)", null)))
                .containsEntry("ICSMA-17-255-01", MatchCertainty.POSSIBLY_AFFECTED);
        assertThat(matches(dev("BD Pyxis", "MedStation ES", null)))
                .containsKeys("ICSMA-18-114-01", "ICSMA-20-091-01", "ICSMA-22-062-01", "ICSMA-22-151-01");
        assertThat(matches(dev("Roche Diagnostics", "Accu-Chek Inform II", null)))
                .containsEntry("ICSMA-18-310-01", MatchCertainty.VERSION_RANGE);
        for (String[] none : new String[][] {{"ICU Medical", "Plum 360"}, {"Hillrom", "Hillrom bed (Smart Device Connectivity)"},
                {"Ascom", "IP nurse-call bed unit"}, {"Siemens Healthineers", "Prisma"}, {"Philips", "EPIQ 7C"},
                {"Mortara Instrument", "el250"}, {"Roche Diagnostics", "cobas c 311"}, {"Cisco", "IP Phone CP-7960G"}}) {
            assertThat(matches(dev(none[0], none[1], null))).as(none[0] + " " + none[1]).isEmpty();
        }
    }

    @Test
    void printerOfAnotherMakerMatchesNothing() {
        assertThat(matches(DeviceFacts.identity("x", "HP", "LaserJet M402", "3.9", "printer", "none"))).isEmpty();
    }

    @Test
    void everyMatchSaysWhy() {
        Map<String, String> reasons = new LinkedHashMap<>();
        DeviceFacts d = dev("GE Healthcare", "CARESCAPE B450", "2.0.5");
        for (Advisory a : intel.advisories()) {
            for (AffectedProduct p : a.products()) {
                matcher.match(d, p).ifPresent(m -> reasons.put(a.id(), m.reason()));
            }
        }
        assertThat(reasons).containsKey("ICSMA-20-023-01");
        assertThat(reasons.get("ICSMA-20-023-01"))
                .contains("General Electric (GE)").contains("\"B450\"").contains("2.0.5").contains("2.X");
    }
}
