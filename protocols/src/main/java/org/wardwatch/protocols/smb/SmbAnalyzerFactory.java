package org.wardwatch.protocols.smb;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** SMB 1/2/3 over TCP (direct TCP 445 and NetBIOS session service 139). */
public final class SmbAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "smb";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int[] portHints() {
        return new int[] {445, 139};
    }

    /**
     * A NetBIOS session message whose payload starts with an SMB protocol id (0xFF/0xFE/0xFD/0xFC 'SMB'),
     * or a NetBIOS SESSION REQUEST (type 0x81, two 34-byte encoded names) sent by the client.
     */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (length < 8) {
            return false;
        }
        int type = data[offset] & 0xFF;
        if (type == 0x81) {
            return fromClient && length >= 72 && data[offset + 1] == 0 && data[offset + 2] == 0
                    && data[offset + 3] == 68 && data[offset + 4] == 32 && data[offset + 38] == 32;
        }
        if (type != 0) {
            return false;
        }
        int p0 = data[offset + 4] & 0xFF;
        return (p0 == 0xFF || p0 == 0xFE || p0 == 0xFD || p0 == 0xFC)
                && data[offset + 5] == 'S' && data[offset + 6] == 'M' && data[offset + 7] == 'B';
    }

    @Override
    public Analyzer newAnalyzer() {
        return new SmbAnalyzer();
    }
}
