package org.wardwatch.protocols.coap;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** CoAP over UDP 5683 (RFC 7252; 5684 is DTLS and opaque). */
public final class CoapAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "coap";
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public int[] portHints() {
        return new int[] {5683};
    }

    /**
     * Version 1, token length at most 8, a request code (0.01-0.07) or a response code (2.xx, 4.xx,
     * 5.xx) of a defined detail, and an option sequence that parses to the end of the datagram or to a
     * payload marker.
     */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        return length >= 4 && CoapAnalyzer.wellFormed(data, offset, length, true);
    }

    @Override
    public Analyzer newAnalyzer() {
        return new CoapAnalyzer();
    }
}
