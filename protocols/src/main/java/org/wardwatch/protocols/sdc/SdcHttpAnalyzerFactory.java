package org.wardwatch.protocols.sdc;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * SDC/DPWS SOAP over cleartext HTTP (port hint 6464, IANA "ieee11073-20701"): metadata exchange and
 * MDIB transfers. The probe wants an HTTP message with a SOAP 1.2 media type.
 */
public final class SdcHttpAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "sdc";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    /** SOAP (SDC) requests can follow plain HTTP ones on a kept-alive connection. */
    @Override
    public boolean probesAfter(String application) {
        return "http".equals(application);
    }

    @Override
    public int[] portHints() {
        return new int[] {6464};
    }

    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        int n = Math.min(length, 2048);
        if (!startsWith(data, offset, n, POST) && !startsWith(data, offset, n, HTTP)) {
            return false; // most flows
        }
        return containsIgnoreCase(data, offset, n, SOAP_MEDIA_TYPE);
    }

    private static final byte[] POST = ascii("POST ");
    private static final byte[] HTTP = ascii("HTTP/1.");
    /** Lower case; matched ignoring ASCII case (ISO-8859-1 lower-casing maps no other byte to ASCII). */
    private static final byte[] SOAP_MEDIA_TYPE = ascii("application/soap+xml");

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] data, int offset, int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code data[offset, offset+n)} contains {@code lowerNeedle}, ASCII case-insensitive, in place. */
    private static boolean containsIgnoreCase(byte[] data, int offset, int n, byte[] lowerNeedle) {
        int last = offset + n - lowerNeedle.length;
        byte first = lowerNeedle[0];
        outer:
        for (int i = offset; i <= last; i++) {
            if ((data[i] | 0x20) != first) {
                continue;
            }
            for (int j = 1; j < lowerNeedle.length; j++) {
                int c = data[i + j];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != lowerNeedle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new SdcHttpAnalyzer();
    }

    /** MDIBs run to hundreds of KB; the analyzer keeps its own bounded copy of each body. */
    @Override
    public int maxBufferedBytes() {
        return 64 * 1024;
    }
}
