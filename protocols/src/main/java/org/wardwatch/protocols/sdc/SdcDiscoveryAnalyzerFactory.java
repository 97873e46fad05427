package org.wardwatch.protocols.sdc;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * WS-Discovery 1.1 (OASIS, SOAP-over-UDP) on UDP 3702, as IEEE 11073-20702 (MDPWS) uses it for SDC
 * participants. The probe wants a SOAP envelope naming the WS-Discovery namespace.
 */
public final class SdcDiscoveryAnalyzerFactory implements AnalyzerFactory {
    static final int WS_DISCOVERY_PORT = 3702;

    @Override
    public String name() {
        return "sdc_discovery";
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public int[] portHints() {
        return new int[] {WS_DISCOVERY_PORT};
    }

    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        String head = new String(data, offset, Math.min(length, 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
        return head.contains("Envelope") && head.contains("docs.oasis-open.org/ws-dd/ns/discovery");
    }

    @Override
    public Analyzer newAnalyzer() {
        return new SdcDiscoveryAnalyzer();
    }
}
