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
        // the root pattern starts with optional whitespace then '<': most flows fail here without a String
        int end = offset + Math.min(length, 256);
        int i = offset;
        while (i < end && isSpace(data[i])) {
            i++;
        }
        if (i == end || data[i] != '<') {
            return false;
        }
        String head = new String(data, offset, Math.min(length, 256), java.nio.charset.StandardCharsets.ISO_8859_1);
        return Poct1aAnalyzer.ROOT.matcher(head).lookingAt();
    }

    /** {@code \s} of {@link java.util.regex.Pattern} without UNICODE_CHARACTER_CLASS. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    @Override
    public Analyzer newAnalyzer() {
        return new Poct1aAnalyzer();
    }
}
