package org.wardwatch.protocols.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.coap.CoapRequestSeen;
import org.wardwatch.model.obs.coap.CoapResourcesDiscovered;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class CoapAnalyzerTest {

    @Test
    void reportsTheDiscoveryRequestAndTheAdvertisedResources() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new CoapAnalyzerFactory(), 5683).client(coapGetWellKnownCore())
                .server(coapLinkFormatResponse()).end();
        CoapRequestSeen r = h.observations(CoapRequestSeen.class).get(0);
        assertThat(r.messageType() + " " + r.method() + " " + r.uriPath()).isEqualTo("CON GET /.well-known/core");
        CoapResourcesDiscovered d = h.observations(CoapResourcesDiscovered.class).get(0);
        assertThat(d.resources()).containsExactly("/sensors/spo2", "/fw");
        assertThat(d.resourceTypes()).containsExactly("oximeter", "sensor", "firmware");
    }

    @Test
    void everyTruncationOfTheOptionsIsHandled() {
        byte[] m = coapGetWellKnownCore();
        for (int n = 0; n < m.length; n++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new CoapAnalyzerFactory(), 5683).client(m, 0, n).end();
            assertThat(h.counter("coap_internal_error")).isZero();
        }
        CoapAnalyzerFactory f = new CoapAnalyzerFactory();
        assertThat(f.probe(true, m, 0, m.length)).isTrue();
        assertThat(f.probe(true, m, 0, 9)).isFalse(); // an option whose value runs past the datagram
    }
}
