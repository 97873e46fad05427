package org.wardwatch.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.kb.KnowledgeTable;
import org.wardwatch.inventory.kb.Lookup;
import org.wardwatch.inventory.rules.RuleSet;
import org.wardwatch.inventory.rules.RuleSpec;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.Criticality;

class KnowledgeBaseTest {
    private final KnowledgeBase kb = KnowledgeBase.defaults();

    @Test
    void ouiTableFindsMedicalVendorsAndLongestPrefixWins() {
        assertThat(kb.oui().lookup(MacAddress.parse("00:12:21:aa:bb:cc")).organization()).isEqualTo("B.Braun Melsungen AG");
        // 70:B3:D5 is an IEEE parent block; 70B3D536A is a Becton Dickinson MA-S block inside it
        assertThat(kb.oui().lookup(MacAddress.parse("70:b3:d5:36:a1:23")).organization()).isEqualTo("Becton Dickinson");
        assertThat(kb.lookup("oui").lookup("00:12:21:aa:bb:cc").outputs()).containsEntry("vendor", "B. Braun");
        assertThat(kb.oui().size()).isGreaterThan(40_000);
    }

    @Test
    void randomizedMacsHaveNoVendor() {
        assertThat(kb.lookup("oui").lookup("02:12:21:aa:bb:cc")).isNull();
    }

    @Test
    void eui64NamesItsOui() {
        Lookup.Hit hit = kb.lookup("oui").lookup("00A037EB2175780F");
        assertThat(hit.outputs()).containsEntry("vendor", "Mindray");
    }

    @Test
    void vendorSpellingsCanonicalize() {
        assertThat(kb.vendors().canonical("GE MEDICAL SYSTEMS")).isEqualTo("GE Healthcare");
        assertThat(kb.vendors().canonical("Philips Medical Systems")).isEqualTo("Philips");
        assertThat(kb.vendors().canonical("SIEMENS")).isEqualTo("Siemens Healthineers");
        assertThat(kb.vendors().canonical("Acme Widgets, Inc.")).isEqualTo("Acme Widgets");
        assertThat(kb.vendors().same("Becton, Dickinson  and Company", "BD")).isTrue();
        assertThat(kb.vendors().ouiWeight("Intel Corporate")).isLessThan(0.3);
    }

    @Test
    void taxonomyHasCriticalityAndParents() {
        assertThat(kb.taxonomy().criticality("infusion_pump")).isEqualTo(Criticality.LIFE_SUSTAINING);
        assertThat(kb.taxonomy().criticality("imaging_ct")).isEqualTo(Criticality.DIAGNOSTIC);
        assertThat(kb.taxonomy().criticality("printer")).isEqualTo(Criticality.NONE);
        assertThat(kb.taxonomy().forModality("CT")).isEqualTo("imaging_ct");
        assertThat(kb.taxonomy().resolveName("IV pump")).isEqualTo("infusion_pump");
        assertThat(kb.taxonomy().compatible("imaging_ct", "medical_device")).isTrue();
        assertThat(kb.taxonomy().compatible("imaging_ct", "imaging_mr")).isFalse();
    }

    @Test
    void fingerbankMatchesOption55Exactly() {
        Lookup.Hit hit = kb.lookup("fingerbank_dhcp").lookup("1,15,3,6,44,46,47,31,33,249,43");
        assertThat(hit.outputs()).containsEntry("os", "Windows XP");
        assertThat(hit.source()).contains("ODbL");
    }

    @Test
    void everyShippedTableRowHasASource() {
        for (String t : List.of("service_sets", "dicom_implementations", "dicom_versions", "dicom_models", "hl7_applications",
                "mdc_codes", "dhcp_vendor_class", "http_user_agents", "http_servers", "mdns_services", "mdns_txt",
                "snmp_enterprises", "snmp_sysdescr", "network_platforms", "ssh_software", "banners", "windows_builds",
                "smb_native_os", "upnp_device_types", "dns_names", "vendors", "fingerbank_map")) {
            assertThat(kb.hasLookup(t)).as(t).isTrue();
            assertThat(((KnowledgeTable) kb.lookup(t)).size()).as(t).isPositive();
        }
    }

    @Test
    void regexRowsSubstituteGroups() {
        Lookup.Hit hit = kb.lookup("dicom_versions").lookup("OFFIS_DCMTK_367");
        assertThat(hit.outputs()).containsEntry("software", "DCMTK").containsEntry("version", "3.6.7");
        assertThat(kb.lookup("windows_builds").lookup("10.0.19045").outputs()).containsEntry("os", "Windows 10 22H2");
        assertThat(kb.lookup("windows_builds").lookup("10.0.99999").outputs()).containsEntry("os", "Windows");
    }

    @Test
    void tableWithoutSourceIsRejected() {
        String bad = "key\tcategory\tsource\nfoo\tprinter\t\n";
        assertThatThrownBy(() -> KnowledgeTable.parse("bad.tsv", new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("source");
    }

    @Test
    void shippedRulesLoadAndReferToExistingTables() {
        RuleSet rules = RuleSet.defaults(kb);
        assertThat(rules.rules()).hasSizeGreaterThan(60);
        assertThat(rules.rules()).extracting(RuleSpec::id).doesNotHaveDuplicates();
    }
}
