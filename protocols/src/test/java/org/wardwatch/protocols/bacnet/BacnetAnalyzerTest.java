package org.wardwatch.protocols.bacnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.bacnet.BacnetDeviceSeen;
import org.wardwatch.model.obs.bacnet.BacnetPropertySeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class BacnetAnalyzerTest {

    @Test
    void readsIAmAndModelNameAck() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new BacnetAnalyzerFactory(), 47808).client(bacnetIAm())
                .server(bacnetModelNameAck()).end();
        BacnetDeviceSeen d = h.observations(BacnetDeviceSeen.class).get(0);
        assertThat(d.deviceInstance()).isEqualTo(260001);
        assertThat(d.vendorId()).isEqualTo(5);
        assertThat(d.maxApdu()).isEqualTo(1476);
        assertThat(d.segmentation()).isEqualTo("segmented_both");
        BacnetPropertySeen p = h.observations(BacnetPropertySeen.class).get(0);
        assertThat(p.objectType() + ":" + p.objectInstance() + " " + p.property() + "=" + p.value())
                .isEqualTo("8:260001 model_name=AHU-Controller X7");
    }

    @Test
    void everyTruncationIsHandled() {
        for (byte[] m : new byte[][] {bacnetIAm(), bacnetModelNameAck()}) {
            for (int n = 0; n < m.length; n++) {
                AnalyzerHarness h = AnalyzerHarness.forFlow(new BacnetAnalyzerFactory(), 47808).client(m, 0, n).end();
                assertThat(h.counter("bacnet_internal_error")).isZero();
            }
        }
    }
}
