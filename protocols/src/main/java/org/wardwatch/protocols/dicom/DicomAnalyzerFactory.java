package org.wardwatch.protocols.dicom;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * DICOM over TCP. Ports (IANA): 104 acr-nema, 11112 dicom, 2762 dicom-tls; 4242 is Orthanc's default.
 * The probe accepts an A-ASSOCIATE-RQ from the client or an A-ASSOCIATE-AC/RJ from the server, checked
 * field by field (type, length bounds, protocol version, printable AE titles).
 */
public final class DicomAnalyzerFactory implements AnalyzerFactory {
    static final int DICOM_TLS_PORT = 2762;
    private static final int[] PORTS = {104, 11112, 4242, DICOM_TLS_PORT};

    @Override
    public String name() {
        return "dicom";
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
        if (length < 10) {
            return false;
        }
        int type = data[offset] & 0xFF;
        long pduLength = DicomAssociatePdu.u32(data, offset + 2);
        if (data[offset + 1] != 0) {
            return false;
        }
        if (fromClient ? type != 1 : type != 2 && type != 3) {
            return false;
        }
        if (type == 3) {
            return pduLength == 4 && (data[offset + 7] == 1 || data[offset + 7] == 2);
        }
        if (pduLength < 68 || pduLength > DicomAnalyzer.MAX_ASSOCIATE_PDU) {
            return false;
        }
        if ((DicomAssociatePdu.u16(data, offset + 6) & 0x0001) == 0) {
            return false; // protocol version bit 0
        }
        int aeEnd = Math.min(length, 42);
        for (int i = 10; i < aeEnd; i++) {
            int c = data[offset + i] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new DicomAnalyzer();
    }

    /** Data sets are skipped as they stream, never buffered: the whole association is worth reading. */
    @Override
    public long maxStreamBytes() {
        return 1L << 40;
    }
}
