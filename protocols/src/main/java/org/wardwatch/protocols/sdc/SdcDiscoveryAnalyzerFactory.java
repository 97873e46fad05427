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
        int n = Math.min(length, 1024);
        return contains(data, offset, n, ENVELOPE) && contains(data, offset, n, DISCOVERY_NS);
    }

    private static final byte[] ENVELOPE = "Envelope".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DISCOVERY_NS =
            "docs.oasis-open.org/ws-dd/ns/discovery".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Byte search (the probe runs on the first datagrams of every UDP flow: no String made). */
    private static boolean contains(byte[] b, int off, int len, byte[] needle) {
        int last = off + len - needle.length;
        outer:
        for (int i = off; i <= last; i++) {
            if (b[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new SdcDiscoveryAnalyzer();
    }
}
