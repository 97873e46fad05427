package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * Each probe recognises its own protocol's first payload and no other network protocol's, except
 * where the formats are the same by design (mDNS, LLMNR and NetBIOS name service datagrams are
 * DNS-shaped: the DNS analyzer leaves those ports to their own analyzers).
 */
class ProbeMatrixTest {
    @Test
    void probesClaimTheirOwnFirstPayloadsAndNoOthers() {
        Set<String> matches = new TreeSet<>();
        for (String seed : Seeds.names()) {
            int index = Integer.parseInt(seed.substring(0, 2));
            AnalyzerFactory.Transport transport = NetworkAnalyzersFuzzTest.FLOW.get(index).transport();
            for (Seeds.Chunk first : firstOfEachDirection(seed)) {
                for (int i = 0; i < NetworkAnalyzersFuzzTest.FLOW.size(); i++) {
                    AnalyzerFactory f = NetworkAnalyzersFuzzTest.FLOW.get(i);
                    if (f.transport() == transport && f.probe(first.fromClient(), first.data(), 0, first.data().length) && i != index) {
                        matches.add(seed.substring(0, 2) + " -> " + f.name() + "/" + f.transport());
                    }
                }
            }
        }
        assertThat(matches).containsExactlyInAnyOrder(
                "04 -> dns/UDP", "05 -> dns/UDP", "02 -> dns/UDP");
    }

    @Test
    void probesFindTheirProtocolFromTheClientsFirstBytes() {
        for (String seed : Seeds.names()) {
            int index = Integer.parseInt(seed.substring(0, 2));
            AnalyzerFactory own = NetworkAnalyzersFuzzTest.FLOW.get(index);
            if (own.name().equals("mdns") || own.name().equals("llmnr") || own.name().equals("telnet")) {
                continue; // identified by port (mDNS, LLMNR) or by a server that talks first (Telnet, below)
            }
            boolean found = false;
            for (Seeds.Chunk c : firstOfEachDirection(seed)) {
                found |= own.probe(c.fromClient(), c.data(), 0, c.data().length);
            }
            assertThat(found).as(seed).isTrue();
        }
    }

    private static java.util.List<Seeds.Chunk> firstOfEachDirection(String seed) {
        java.util.List<Seeds.Chunk> out = new java.util.ArrayList<>();
        boolean client = false;
        boolean server = false;
        for (Seeds.Chunk c : Seeds.chunks(seed)) {
            if (c.fromClient() ? !client : !server) {
                out.add(c);
                client |= c.fromClient();
                server |= !c.fromClient();
            }
        }
        return out;
    }
}
