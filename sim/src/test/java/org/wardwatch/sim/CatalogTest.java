package org.wardwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.testkit.Requirements;

/**
 * The catalogue's facts stay traceable: every citation key resolves, every MAC prefix names the
 * organisation the IEEE registry (and the inventory's knowledge base, built from the same registry)
 * gives it, and every DHCP fingerprint is a row of Fingerbank 6.9.1 under the id the catalogue says.
 */
class CatalogTest {
    private static final Catalog CATALOG = Catalog.load();
    private static final Path INVENTORY_KB = Path.of("../inventory/src/main/resources/org/wardwatch/inventory/kb");

    private static List<Catalog.Oui> ouis() {
        List<Catalog.Oui> out = new ArrayList<>();
        CATALOG.profiles().values().stream().filter(p -> !p.disabled()).forEach(p -> out.add(p.oui()));
        CATALOG.applications().values().stream().filter(a -> a.oui() != null).forEach(a -> out.add(a.oui()));
        return out;
    }

    @Test
    void everyCitationKeyIsDefined() {
        List<String> keys = new ArrayList<>();
        for (Catalog.Profile p : CATALOG.profiles().values()) {
            for (Catalog.Fact f : new Catalog.Fact[] {p.vendor(), p.model(), p.os(), p.firmware()}) {
                if (f != null) {
                    keys.addAll(f.src());
                }
            }
            keys.addAll(p.oui().src());
            keys.addAll(p.addressing().src());
            if (p.dicom() != null) {
                keys.addAll(p.dicom().src());
            }
            if (p.vendorLink() != null) {
                keys.addAll(p.vendorLink().src());
            }
            p.listens().forEach(l -> keys.addAll(l.src()));
            if (p.windows() != null) {
                keys.addAll(p.windows().src());
            }
            if (p.poct1a() != null) {
                keys.addAll(p.poct1a().src());
            }
            if (p.hl7() != null) {
                keys.addAll(p.hl7().src());
            }
        }
        for (Catalog.Application a : CATALOG.applications().values()) {
            keys.addAll(a.application().src());
            if (a.hl7() != null) {
                keys.addAll(a.hl7().src());
            }
        }
        assertThat(keys).isNotEmpty();
        assertThat(CATALOG.sources().keySet()).containsAll(keys);
    }

    @Test
    void everyMedicalProductNamesItsVendorWithACitation() {
        CATALOG.profiles().values().stream().filter(p -> "medical".equals(p.deviceClass()) && !p.disabled()).forEach(p -> {
            assertThat(p.vendor()).as(p.id()).isNotNull();
            assertThat(p.vendor().src()).as(p.id()).isNotEmpty().doesNotContain("SIM");
        });
    }

    @Test
    void macPrefixesNameTheRegisteredOrganisation() throws IOException {
        Path csv = Requirements.sharedFile("fingerprints/ieee_oui.csv");
        Map<String, String> registry = new HashMap<>();
        Pattern row = Pattern.compile("^MA-L,([0-9A-F]{6}),(\"[^\"]*\"|[^,]*),");
        for (String line : Files.readAllLines(csv)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                registry.put(m.group(1), m.group(2).replace("\"", "").trim());
            }
        }
        for (Catalog.Oui oui : ouis()) {
            if ("none".equals(oui.pairing()) && oui.prefix().startsWith("02")) {
                continue; // locally administered: not in any registry
            }
            assertThat(registry.get(oui.prefix())).as(oui.prefix()).isEqualTo(oui.org().trim());
        }
    }

    @Test
    void macPrefixesAgreeWithTheInventoryKnowledgeBase() throws IOException {
        Path oui = INVENTORY_KB.resolve("oui.tsv");
        if (!Files.exists(oui)) {
            Requirements.missing("the inventory knowledge base is not in this checkout");
        }
        Map<String, String> kb = new HashMap<>();
        for (String line : Files.readAllLines(oui)) {
            String[] f = line.split("\t");
            if (f.length >= 3 && !line.startsWith("#")) {
                kb.put(f[0], f[2].trim());
            }
        }
        for (Catalog.Oui o : ouis()) {
            if (o.prefix().startsWith("02")) {
                continue;
            }
            assertThat(kb.get(o.prefix())).as(o.prefix()).isEqualTo(o.org().trim());
        }
    }

    @Test
    void dhcpFingerprintsAreFingerbankRows() throws IOException {
        String conf = Files.readString(Requirements.sharedFile("fingerprints/fingerbank_dhcp_fingerprints_v6.9.1.conf"));
        for (Catalog.DhcpFingerprint f : CATALOG.fingerprints().values()) {
            String id = f.id().replace("fingerbank-os-", "");
            int at = conf.indexOf("[os " + id + "]");
            assertThat(at).as(f.id()).isGreaterThanOrEqualTo(0);
            int end = conf.indexOf("\n[", at + 1);
            String block = conf.substring(at, end < 0 ? conf.length() : end);
            assertThat(block).as(f.id()).contains("description=" + f.description());
            String prl = String.join(",", f.prl().stream().map(String::valueOf).toList());
            assertThat(block.lines().map(String::trim).toList()).as(f.id()).contains(prl);
            if (f.vendorClass() != null) {
                assertThat(block.lines().map(String::trim).toList()).as(f.id()).contains(f.vendorClass());
            }
        }
    }

    @Test
    void dhcpFingerprintsAreInTheInventoryKnowledgeBase() throws IOException {
        Path tsv = INVENTORY_KB.resolve("fingerbank_dhcp.tsv");
        if (!Files.exists(tsv)) {
            Requirements.missing("the inventory knowledge base is not in this checkout");
        }
        Map<String, String> kb = new HashMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length >= 3 && f[0].equals("fingerprint")) {
                kb.put(f[1], f[2]);
            }
        }
        for (Catalog.DhcpFingerprint f : CATALOG.fingerprints().values()) {
            String prl = String.join(",", f.prl().stream().map(String::valueOf).toList());
            assertThat(kb.get(prl)).as(f.id()).isEqualTo(f.id().replace("fingerbank-os-", ""));
        }
    }
}
