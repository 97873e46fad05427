package org.wardwatch.protocols.hl7;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * HL7 v2 over MLLP. Port hint: 2575 (IANA "hl7"); interface engines use site ports (6661 in nDPI's
 * sample), found by the probe: an MLLP start block (0x0B) followed by MSH, BHS or FHS.
 */
public final class Hl7AnalyzerFactory implements AnalyzerFactory {
    private static final int[] PORTS = {2575};

    @Override
    public String name() {
        return "hl7";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int[] portHints() {
        return PORTS.clone();
    }

    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (length < 5 || data[offset] != Hl7Analyzer.START_BLOCK) {
            return false;
        }
        int i = offset + 1;
        // some senders put a CR/LF between the start block and MSH
        while (i < offset + length && (data[i] == '\r' || data[i] == '\n') && i < offset + 3) {
            i++;
        }
        if (offset + length - i < 4) {
            return false;
        }
        boolean header = (data[i] == 'M' && data[i + 1] == 'S' && data[i + 2] == 'H')
                || (data[i] == 'B' && data[i + 1] == 'H' && data[i + 2] == 'S')
                || (data[i] == 'F' && data[i + 1] == 'H' && data[i + 2] == 'S');
        int sep = data[i + 3] & 0xFF;
        return header && sep > 0x20 && sep < 0x7F && !Character.isLetterOrDigit(sep);
    }

    @Override
    public Analyzer newAnalyzer() {
        return new Hl7Analyzer();
    }

    /** Messages are read segment by segment as they stream; large ORUs (embedded PDFs) are skipped through. */
    @Override
    public long maxStreamBytes() {
        return 1L << 34;
    }
}
