package org.wardwatch.protocols.lldp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.cdp.CdpNeighborSeen;
import org.wardwatch.model.obs.lldp.LldpNeighborSeen;
import org.wardwatch.protocols.cdp.CdpAnalyzer;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class LldpCdpAnalyzerTest {
    private static final MacAddress SRC = MacAddress.parse("00:1b:21:3a:4f:50");
    private static final MacAddress LLDP_DST = MacAddress.parse("01:80:c2:00:00:0e");

    @Test
    void readsLldpIdentityVlanAndMedInventoryAndReportsRepeatsOnce() {
        AnalyzerHarness h = AnalyzerHarness.forFrames(new LldpAnalyzer());
        for (int i = 0; i < 5; i++) {
            h.frame(lldpdu(), SRC, LLDP_DST, null, null);
        }
        assertThat(h.observations(LldpNeighborSeen.class)).hasSize(1);
        LldpNeighborSeen n = h.observations(LldpNeighborSeen.class).get(0);
        assertThat(n.chassisId()).isEqualTo("00:1b:21:3a:4f:50");
        assertThat(n.portId()).isEqualTo("gi1/0/7");
        assertThat(n.systemName()).isEqualTo("acc-sw-3b");
        assertThat(n.systemDescription()).isEqualTo("Switch OS 15.2(7)E release build");
        assertThat(n.capabilities()).containsExactly("bridge", "router");
        assertThat(n.managementAddresses()).containsExactly("10.20.30.40");
        assertThat(n.nativeVlan()).isEqualTo(30);
        assertThat(n.medManufacturer() + " / " + n.medModelName()).isEqualTo("Philips / IntelliVue MX450");
    }

    @Test
    void readsCdpPlatformSoftwareAddressesAndNativeVlan() {
        AnalyzerHarness h = AnalyzerHarness.forFrames(new CdpAnalyzer()).frame(cdpFrame(), SRC, MacAddress.parse("01:00:0c:cc:cc:cc"), null, null);
        CdpNeighborSeen n = h.observations(CdpNeighborSeen.class).get(0);
        assertThat(n.deviceId()).isEqualTo("SEP001122334455");
        assertThat(n.platform()).isEqualTo("Cisco IP Phone 8845");
        assertThat(n.softwareVersion()).isEqualTo("SCCP 9.4(2) phone load");
        assertThat(n.addresses()).containsExactly("10.1.2.3");
        assertThat(n.capabilities()).containsExactly("host", "voip_phone");
        assertThat(n.nativeVlan()).isEqualTo(300);
    }

    @Test
    void everyTruncationIsAnAnomalyNeverAnException() {
        for (byte[] f : new byte[][] {lldpdu(), cdpFrame()}) {
            for (int n = 0; n < f.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(f, n);
                AnalyzerHarness h = AnalyzerHarness.forFrames(f == null ? null : (f[0] == (byte) 0xAA ? new CdpAnalyzer() : new LldpAnalyzer()))
                        .frame(cut, SRC, LLDP_DST, null, null);
                assertThat(h.counters().keySet()).noneMatch(k -> k.endsWith("_internal_error"));
            }
        }
    }
}
