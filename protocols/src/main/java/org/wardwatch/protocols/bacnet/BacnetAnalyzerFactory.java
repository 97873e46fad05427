package org.wardwatch.protocols.bacnet;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** BACnet/IP over UDP 47808 (0xBAC0) and the next ports building systems use for more networks. */
public final class BacnetAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "bacnet";
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public int[] portHints() {
        return new int[] {47808};
    }

    /** BVLC type 0x81, a defined function (0x00-0x0c), and a BVLC length equal to the datagram's. */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (length < 4 || (data[offset] & 0xFF) != 0x81 || (data[offset + 1] & 0xFF) > 0x0c) {
            return false;
        }
        int bvlcLength = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
        int function = data[offset + 1] & 0xFF;
        boolean carriesNpdu = function == 0x04 || function == 0x09 || function == 0x0a || function == 0x0b;
        return bvlcLength == length && (!carriesNpdu || (length > (function == 0x04 ? 10 : 4)
                && data[offset + (function == 0x04 ? 10 : 4)] == 0x01));
    }

    @Override
    public Analyzer newAnalyzer() {
        return new BacnetAnalyzer();
    }
}
