package org.wardwatch.inventory.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.ClinicalRole;
import org.wardwatch.model.device.Criticality;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.Evidence;
import org.wardwatch.model.device.Hostname;
import org.wardwatch.model.device.ServicePort;
import org.wardwatch.model.device.Software;
import org.wardwatch.model.device.VlanPeriod;

class OutputsTest {
    static final Instant T = Instant.parse("2024-05-01T08:00:00Z");

    static AttributeValue known(Attribute a, String v, double c) {
        Evidence e = new Evidence(T, "dhcp_client_seen", "vendor_class=\"x\"", "rule.x", "source");
        return new AttributeValue(a, v, c, List.of(e), List.of(new Claim(a, "Other", 0.2, e)));
    }

    static Device device(String id, String mac, String ip, String vendor, String model, String serial) {
        return new Device(id, List.of(MacAddress.parse(mac)), List.of(new AddressPeriod(IpAddress.parse(ip), 10, T, T.plusSeconds(60))),
                List.of(new Hostname("pump-7", "dhcp", T, T)), List.of(new VlanPeriod(10, T, T)), T, T.plusSeconds(60), false, false,
                known(Attribute.CATEGORY, "infusion_pump", 0.9), known(Attribute.VENDOR, vendor, 0.8),
                model == null ? AttributeValue.unknown(Attribute.MODEL) : known(Attribute.MODEL, model, 0.7),
                AttributeValue.unknown(Attribute.OS), AttributeValue.unknown(Attribute.FIRMWARE),
                serial == null ? AttributeValue.unknown(Attribute.SERIAL) : known(Attribute.SERIAL, serial, 0.8),
                Criticality.LIFE_SUSTAINING, List.of(new ServicePort("tcp", 80, "http")),
                List.of(new ClinicalRole("hl7", "sender", "PUMPS", "ORU^R01", "EHR", T, T)), List.of(new Software("lighttpd", "1.4", "x")));
    }

    @Test
    void devicesJsonRoundTrips() throws Exception {
        Device d = device("mac-001221000001", "00:12:21:00:00:01", "10.0.0.5", "B. Braun", "Space", "S1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DevicesJson.write(out, List.of(d), Map.of("devices", 1L));
        String json = out.toString();
        assertThat(json).contains("\"criticality\" : \"life_sustaining\"", "\"mac-001221000001\"", "\"00:12:21:00:00:01\"", "2024-05-01T08:00:00Z");
        DevicesJson.File back = DevicesJson.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.devices()).containsExactly(d);
    }

    @Test
    void csvHasCmmsColumnsAndQuotes() throws Exception {
        StringWriter w = new StringWriter();
        InventoryCsv.write(w, List.of(device("mac-1", "00:12:21:00:00:01", "10.0.0.5", "B. Braun", "Space, v2", null)));
        List<List<String>> rows = Csv.read(new StringReader(w.toString()));
        assertThat(rows.get(0)).startsWith("asset_id", "mac", "ips", "hostname", "vendor", "model", "category", "criticality", "os",
                "firmware", "serial", "vlan", "first_seen", "last_seen", "confidence");
        assertThat(rows.get(1).get(5)).isEqualTo("Space, v2");
        assertThat(rows.get(1).get(7)).isEqualTo("life_sustaining");
        assertThat(rows.get(1).get(14)).isEqualTo("0.90");
    }

    @Test
    void csvConfidencesReadAsFormatterWritesThem() {
        java.util.Random random = new java.util.Random(7);
        double[] odd = {0, -0.0, 0.005, 0.015, 0.125, 0.615, 0.994999, 0.995, 0.9999999, 1, 1.005, -0.004, -1.5, 12.345,
                Double.NaN, Double.POSITIVE_INFINITY, 1e7, Double.MIN_VALUE};
        for (double x : odd) {
            assertThat(InventoryCsv.twoDecimals(x)).as("%s", x).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", x));
        }
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? random.nextDouble() : Math.round(random.nextDouble() * 1000) / 1000.0;
            assertThat(InventoryCsv.twoDecimals(x)).as("%s", x).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", x));
        }
    }

    @Test
    void devicesFileTextIsTheDefaultPrettyPrintersText() throws Exception {
        Device a = device("mac-001221000001", "00:12:21:00:00:01", "10.0.0.5", "B. Braun é ✓ \u0001 \"q\"", "Space", "S1");
        Device b = device("ip-0-10.0.0.6", "00:12:21:00:00:02", "10.0.0.6", "Acme…", "M", null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DevicesJson.write(out, List.of(a, b), Map.of("x", 1L, "a", 2L));
        String defaultText = DevicesJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(new DevicesJson.File(DevicesJson.FORMAT, List.of(a, b), Map.of("x", 1L, "a", 2L)));
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(defaultText).contains("[ ]");
        // deeper than the encoded indentation table
        Object deep = List.of(Map.of("a", 1));
        for (int i = 0; i < 30; i++) {
            deep = Map.of("k", deep, "e", Map.of(), "l", List.of(1, 2));
        }
        assertThat(DevicesJson.mapper().writer(new DevicesJson.BytesPrettyPrinter()).writeValueAsString(deep))
                .isEqualTo(DevicesJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(deep));
    }

    @Test
    void devicesFileWritesInstantsAsIsoTextDoes() {
        DevicesJson.InstantText text = new DevicesJson.InstantText();
        java.util.Random random = new java.util.Random(11);
        List<Instant> odd = List.of(Instant.EPOCH, Instant.parse("2024-03-04T08:00:00Z"), Instant.parse("2024-03-04T08:00:00.008251Z"),
                Instant.parse("2024-03-04T08:01:00.100Z"), Instant.parse("2024-03-04T08:01:00.000000001Z"), Instant.MIN, Instant.MAX,
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("+12345-01-01T00:00:00.5Z"));
        for (Instant t : odd) {
            assertThat(text.text(t)).isEqualTo(t.toString());
        }
        for (int i = 0; i < 100_000; i++) {
            long second = 1_700_000_000L + random.nextInt(5000);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertThat(text.text(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void riskMembersComeLastInTheScoredDevicesOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Device a = device("mac-001221000001", "00:12:21:00:00:01", "10.0.0.5", "B. Braun \"x\"\n  }", "Space", "S1");
        Device b = device("mac-001221000002", "00:12:21:00:00:02", "10.0.0.6", "Acme", "M", "S2");
        java.nio.file.Path plain = dir.resolve("plain.json");
        java.nio.file.Path scored = dir.resolve("devices.json");
        DevicesJson.write(plain, List.of(a, b), Map.of("x", 1L));
        var risk = new org.wardwatch.model.finding.DeviceRisk(a.id(), 65, 0.9, 1.0, 0.72, List.of("x"), 2,
                org.wardwatch.model.finding.Severity.HIGH, List.of("f1"));
        DevicesJson.write(scored, List.of(a, b), Map.of("x", 1L), Map.of(a.id(), risk));
        String without = java.nio.file.Files.readString(plain);
        String with = java.nio.file.Files.readString(scored);
        String lf = com.fasterxml.jackson.core.util.DefaultIndenter.SYS_LF;
        String members = "," + lf + "    \"riskScore\" : 65," + lf + "    \"riskWorstSeverity\" : \"high\"," + lf + "    \"riskFindings\" : 2";
        int aCloses = without.indexOf(lf + "  }, {");
        assertThat(with).isEqualTo(without.substring(0, aCloses) + members + without.substring(aCloses));
    }

    @Test
    void csvDefusesSpreadsheetFormulas() {
        assertThat(Csv.field("=cmd|' /C calc'!A0")).startsWith("'=");
        assertThat(Csv.field("-12.5")).isEqualTo("-12.5");
    }

    @Test
    void reconcileFindsMatchedOnlyCmmsAndOnlyNetwork() throws Exception {
        String cmms = "\uFEFFAsset Tag,Manufacturer,Model,Serial Number,MAC Address\r\n"
                + "A-1,B.Braun Melsungen AG,Space,S1,00-12-21-00-00-01\r\n"
                + "A-2,Baxter,Sigma,S2,\r\n"
                + "A-3,GE,CARESCAPE,S3,00:00:00:00:00:99\r\n";
        var assets = CmmsReconciliation.readAssets(new StringReader(cmms));
        var devices = List.of(device("mac-1", "00:12:21:00:00:01", "10.0.0.5", "B. Braun", "Space", "S1"),
                device("mac-2", "5c:00:00:00:00:02", "10.0.0.6", "Baxter", "Sigma Spectrum", "S2"),
                device("mac-3", "00:1a:01:00:00:03", "10.0.0.7", "Smiths Medical", null, null));
        var r = CmmsReconciliation.reconcile(assets, devices, KnowledgeBase.defaults().vendors());
        assertThat(r.matched()).extracting(m -> m.asset().assetId() + "=" + m.device().id() + " by " + m.matchedBy())
                .containsExactly("A-1=mac-1 by mac", "A-2=mac-2 by serial");
        assertThat(r.matched().get(0).disagreements()).isEmpty();
        assertThat(r.onlyInCmms()).extracting(CmmsReconciliation.Asset::assetId).containsExactly("A-3");
        assertThat(r.onlyOnNetwork()).extracting(Device::id).containsExactly("mac-3");
        StringWriter w = new StringWriter();
        CmmsReconciliation.write(w, r);
        assertThat(w.toString()).contains("only_in_cmms,A-3", "only_on_network,,mac-3");
    }

    @Test
    void diffReportsNewGoneAndChanged() {
        var before = List.of(device("mac-1", "00:12:21:00:00:01", "10.0.0.5", "B. Braun", "Space", "S1"),
                device("mac-2", "00:12:21:00:00:02", "10.0.0.6", "B. Braun", "Space", "S2"));
        var after = List.of(device("mac-1", "00:12:21:00:00:01", "10.0.0.9", "B. Braun", "Space", "S1"),
                device("mac-3", "00:12:21:00:00:03", "10.0.0.7", "B. Braun", "Space", "S3"));
        var r = InventoryDiff.diff(before, after);
        assertThat(r.added()).extracting(Device::id).containsExactly("mac-3");
        assertThat(r.removed()).extracting(Device::id).containsExactly("mac-2");
        assertThat(r.changed()).singleElement().satisfies(c ->
                assertThat(c.changes()).containsExactly(new InventoryDiff.Change("ips", "10.0.0.5", "10.0.0.9")));
    }

    @Test
    void explanationShowsEvidenceAndConflicts() {
        String text = Explanation.of(device("mac-1", "00:12:21:00:00:01", "10.0.0.5", "B. Braun", "Space", "S1"));
        assertThat(text).contains("vendor: B. Braun  confidence 0.80", "because [rule.x] dhcp_client_seen", "but Other", "role hl7 sender as PUMPS");
    }
}
