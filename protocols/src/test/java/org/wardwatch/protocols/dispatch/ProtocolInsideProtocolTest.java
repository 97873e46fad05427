package org.wardwatch.protocols.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.rdp.RdpNegotiationRequested;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.testkit.Requirements;

/**
 * A protocol that begins inside another on the same connection is still found after the first one
 * confirmed the flow ({@code AnalyzerFactory.probesAfter}): RDP's X.224 negotiation followed by the TLS
 * handshake of its "SSL" security protocol, in nDPI's public RDP capture.
 */
class ProtocolInsideProtocolTest {
    @Test
    void tlsHandshakeAfterRdpNegotiationIsAnalysedOnTheSameFlow() throws Exception {
        Path capture = Requirements.sharedFile("corpus/protocols/ndpi_rdp.pcap");
        List<Observation> all = Pipeline.observe(capture);
        List<RdpNegotiationRequested> rdp = all.stream().filter(RdpNegotiationRequested.class::isInstance)
                .map(RdpNegotiationRequested.class::cast).toList();
        assertThat(rdp).as("RDP negotiation in the capture").isNotEmpty();
        var flow = rdp.get(0).flow();
        assertThat(all).filteredOn(TlsClientHelloSeen.class::isInstance).map(o -> ((TlsClientHelloSeen) o).flow())
                .as("TLS handshake analysed on the RDP flow").contains(flow);
        assertThat(all).filteredOn(FlowRecord.class::isInstance).map(o -> (FlowRecord) o)
                .filteredOn(r -> r.flow().equals(flow)).singleElement()
                .satisfies(r -> assertThat(r.application()).as("the first confirmation names the flow").isEqualTo("rdp"));
    }
}
