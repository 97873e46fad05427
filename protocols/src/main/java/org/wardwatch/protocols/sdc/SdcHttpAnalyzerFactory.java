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
        if (!startsWith(data, offset, length, "POST ") && !startsWith(data, offset, length, "HTTP/1.")) {
            return false; // most flows: no String made
        }
        String head = new String(data, offset, Math.min(length, 2048), java.nio.charset.StandardCharsets.ISO_8859_1);
        return (head.startsWith("POST ") || head.startsWith("HTTP/1.")) && head.toLowerCase(java.util.Locale.ROOT)
                .contains("application/soap+xml");
    }

    private static boolean startsWith(byte[] data, int offset, int length, String prefix) {
        if (Math.min(length, 2048) < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
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
