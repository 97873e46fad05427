package org.wardwatch.protocols.rdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.rdp.RdpNegotiationRequested;
import org.wardwatch.model.obs.rdp.RdpNegotiationResponded;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

/** RDP connection requests and confirms as real peers send them (bytes recorded in {@link RdpRealPeerTest}). */
class RdpAnalyzerTest {
    // nmap rdp-enum-encryption: X.224 CR, "Cookie: mstshash=nmap", RDP_NEG_REQ requesting standard RDP security (0)
    private static final byte[] NMAP_REQUEST_RDP_ONLY = HexFormat.of().parseHex(
            "0300002a25e00000000000436f6f6b69653a206d737473686173683d6e6d61700d0a0100080000000000");
    // xrdp with security_layer=tls: X.224 CC with RDP_NEG_FAILURE SSL_REQUIRED_BY_SERVER (1)
    private static final byte[] XRDP_FAILURE_SSL_REQUIRED = HexFormat.of().parseHex("030000130ed000001234000300080001000000");

    @Test
    void aNegotiationFailureReportsItsCodeAndNoFlags() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(RdpAnalyzer.FACTORY, 3389)
                .client(NMAP_REQUEST_RDP_ONLY).server(XRDP_FAILURE_SSL_REQUIRED).end();
        assertThat(h.observations(RdpNegotiationRequested.class)).singleElement().satisfies(r -> {
            assertThat(r.cookiePresent()).isTrue();
            assertThat(r.requestedProtocolsMask()).isZero();
            assertThat(r.requestedProtocols()).isEmpty();
        });
        assertThat(h.observations(RdpNegotiationResponded.class)).singleElement().satisfies(r -> {
            assertThat(r.failureCode()).isEqualTo(1);
            assertThat(r.selectedProtocol()).isNull();
            assertThat(r.flags()).isNull();
        });
        assertThat(h.observations().toString()).doesNotContain("nmap");
    }
}
