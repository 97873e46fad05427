package org.wardwatch.risk.intel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.risk.DeviceFacts;
import org.wardwatch.risk.RiskEngine;
import org.wardwatch.risk.match.AdvisoryMatcher;
import org.wardwatch.risk.match.ProductNames;
import org.wardwatch.risk.match.VendorNames;
import org.wardwatch.risk.match.VersionSpec;

/**
 * One fuzz target for the intel importers and what consumes their output. The first byte picks the mode:
 * 0 = the rest is a document for {@link IntelImporter#importBytes} (CSAF, NVD or CycloneDX, recognized by
 * content), whose advisories are then matched against a few devices and run through the engine;
 * 1 = the rest is a CSAF version-branch text for {@link VersionSpec} and a product name for
 * {@link ProductNames} (the free-text parsers). Property: an import either succeeds or throws
 * {@link IntelFormatException}; nothing else escapes, and matching never throws.
 * Regression inputs: src/test/resources/org/wardwatch/risk/intel/IntelImportersFuzzTestInputs (the
 * project's fixtures, prefixed with the mode byte).
 */
class IntelImportersFuzzTest {
    private static final IntelImporter IMPORTER = new IntelImporter(new IntelLimits(1 << 20, 1 << 20, 1 << 16, 64, 2000, 2000));
    private static final AdvisoryMatcher MATCHER = new AdvisoryMatcher();
    private static final List<DeviceFacts> DEVICES = List.of(
            DeviceFacts.identity("a", "ExampleMed", "VitaFlow 3000", "2.1.0", "infusion_pump", "life_sustaining"),
            DeviceFacts.identity("b", "openssl", "openssl", "1.0.2k", null, "none"),
            DeviceFacts.identity("c", "GE Healthcare", "Aespire 7100", null, "anesthesia_workstation", "life_sustaining"));

    @FuzzTest(maxDuration = "10s")
    void importersThrowOnlyFormatErrors(byte[] input) {
        if (input.length < 1) {
            return;
        }
        byte[] rest = java.util.Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 1) {
            String s = new String(rest, StandardCharsets.UTF_8);
            int cut = s.indexOf('\n');
            String version = cut < 0 ? s : s.substring(0, cut);
            String product = cut < 0 ? s : s.substring(cut + 1);
            VersionSpec spec = VersionSpec.parse(version);
            spec.check("2.1.0");
            spec.check("M.00.03");
            spec.check(product);
            spec.describe();
            VendorNames.defaults().keys(product);
            ProductNames.fit("VitaFlow 3000", product, VendorNames.defaults().aliasWords("ExampleMed"));
            ProductNames.fit(product, version, List.of());
            return;
        }
        IntelBundle b;
        try {
            b = IMPORTER.importBytes(rest, "fuzz.json", new ArrayList<>());
        } catch (IntelFormatException expected) {
            return;
        } catch (java.io.IOException e) {
            throw new AssertionError("an import failed with something else than a format error", e);
        }
        for (Advisory a : b.advisories()) {
            for (AffectedProduct p : a.products()) {
                for (DeviceFacts d : DEVICES) {
                    MATCHER.match(d, p);
                }
            }
        }
        new RiskEngine(b).analyze(DEVICES, null, null);
    }
}
