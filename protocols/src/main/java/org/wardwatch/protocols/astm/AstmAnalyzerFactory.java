package org.wardwatch.protocols.astm;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * ASTM E1381 / E1394 (CLSI LIS01-A2 / LIS02-A2) over TCP. No registered port: instruments connect to a
 * site-configured LIS address. The probe wants a header record: an E1381 frame {@code STX '1' 'H' |}
 * (optionally after ENQ) or an unframed {@code H|\^&}.
 */
public final class AstmAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "astm";
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
        int i = offset, end = offset + length;
        if (i < end && data[i] == AstmAnalyzer.ENQ) {
            i++;
        }
        if (end - i >= 4 && data[i] == AstmAnalyzer.STX && data[i + 1] == '1' && data[i + 2] == 'H') {
            return isDelimiter(data[i + 3]);
        }
        return end - i >= 5 && data[i] == 'H' && isDelimiter(data[i + 1]) && data[i + 2] != data[i + 1]
                && isDelimiter(data[i + 2]) && isDelimiter(data[i + 3]) && isDelimiter(data[i + 4]);
    }

    private static boolean isDelimiter(byte b) {
        return b > 0x20 && b < 0x7F && !Character.isLetterOrDigit(b);
    }

    @Override
    public Analyzer newAnalyzer() {
        return new AstmAnalyzer();
    }
}
