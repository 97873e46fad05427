package org.wardwatch.protocols.poct1a;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * POCT1-A (CLSI POCT01-A2) device messaging layer: XML messages over TCP. No registered port; the probe
 * wants an optional XML declaration followed by a POCT1-A root element such as {@code <HEL.R01>}.
 */
public final class Poct1aAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "poct1a";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int[] portHints() {
        return new int[0];
    }

    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        String head = new String(data, offset, Math.min(length, 256), java.nio.charset.StandardCharsets.ISO_8859_1);
        return Poct1aAnalyzer.ROOT.matcher(head).lookingAt();
    }

    @Override
    public Analyzer newAnalyzer() {
        return new Poct1aAnalyzer();
    }
}
