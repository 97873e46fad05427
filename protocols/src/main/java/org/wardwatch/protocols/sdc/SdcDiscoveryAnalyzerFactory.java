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
        return contains(data, offset, n, ENVELOPE, ENVELOPE_SHIFT) && contains(data, offset, n, DISCOVERY_NS, DISCOVERY_NS_SHIFT);
    }

    private static final byte[] ENVELOPE = "Envelope".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DISCOVERY_NS =
            "docs.oasis-open.org/ws-dd/ns/discovery".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int[] ENVELOPE_SHIFT = shifts(ENVELOPE);
    private static final int[] DISCOVERY_NS_SHIFT = shifts(DISCOVERY_NS);

    /**
     * Byte search (the probe runs on the first datagrams of every UDP flow: no String made), Horspool's
     * way: the byte under the needle's last position says how far the needle can move, so a datagram
     * without the needle is crossed in about len / needle.length steps.
     */
    private static boolean contains(byte[] b, int off, int len, byte[] needle, int[] shift) {
        int m = needle.length;
        int last = off + len - m;
        int i = off;
        while (i <= last) {
            int j = m - 1;
            while (b[i + j] == needle[j]) {
                if (j == 0) {
                    return true;
                }
                j--;
            }
            i += shift[b[i + m - 1] & 0xFF];
        }
        return false;
    }

    /** Horspool's bad-character shifts of a needle. */
    private static int[] shifts(byte[] needle) {
        int[] shift = new int[256];
        java.util.Arrays.fill(shift, needle.length);
        for (int j = 0; j < needle.length - 1; j++) {
            shift[needle[j] & 0xFF] = needle.length - 1 - j;
        }
        return shift;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new SdcDiscoveryAnalyzer();
    }
}
