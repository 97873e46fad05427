package org.wardwatch.protocols.snmp;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** SNMP v1/v2c/v3 over UDP: agents on 161, trap receivers on 162. */
public final class SnmpAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "snmp";
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public int[] portHints() {
        return new int[] {161, 162};
    }

    /**
     * SEQUENCE { INTEGER version (0, 1 or 3), then for v1/v2c an OCTET STRING community followed by a
     * PDU tag 0xa0-0xa8, for v3 a SEQUENCE (msgGlobalData) }.
     */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        int end = offset + length;
        if (length < 10 || data[offset] != 0x30) {
            return false;
        }
        int p = afterLength(data, offset + 1, end);
        if (p < 0 || p + 3 > end || data[p] != 0x02 || data[p + 1] != 1) {
            return false;
        }
        int version = data[p + 2];
        p += 3;
        if (p >= end) {
            return false;
        }
        if (version == 3) {
            return data[p] == 0x30;
        }
        if ((version != 0 && version != 1) || data[p] != 0x04) {
            return false;
        }
        int q = afterLength(data, p + 1, end);
        if (q < 0) {
            return false;
        }
        int communityLength = lengthAt(data, p + 1, end);
        int pdu = q + communityLength;
        return communityLength >= 0 && pdu < end && (data[pdu] & 0xFF) >= 0xa0 && (data[pdu] & 0xFF) <= 0xa8;
    }

    private static int afterLength(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int l = b[p] & 0xFF;
        if (l < 0x80) {
            return p + 1;
        }
        int n = l & 0x7F;
        return n == 0 || n > 2 || p + 1 + n > end ? -1 : p + 1 + n;
    }

    private static int lengthAt(byte[] b, int p, int end) {
        int l = b[p] & 0xFF;
        if (l < 0x80) {
            return l;
        }
        int n = l & 0x7F;
        int v = 0;
        for (int i = 1; i <= n; i++) {
            v = (v << 8) | (b[p + i] & 0xFF);
        }
        return v;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new SnmpAnalyzer();
    }
}
