package org.wardwatch.protocols.ntp;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** NTP over UDP 123 (RFC 5905; control messages RFC 1305 Appendix B / RFC 9327). */
public final class NtpAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "ntp";
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public int[] portHints() {
        return new int[] {123};
    }

    /**
     * Strict, because a 48-byte datagram is common: version 3 or 4; a client sends mode 1 or 3 with a
     * zero or tiny stratum, a server mode 2, 4 or 5 with stratum at most 16; the length is 48 plus an
     * optional MAC (key id + 16 or 20 byte digest). NTPv1/v2, control and private modes are left to the
     * port hint.
     */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (length != 48 && length != 48 + 20 && length != 48 + 24) {
            return false;
        }
        int vn = (data[offset] >>> 3) & 7;
        int mode = data[offset] & 7;
        int stratum = data[offset + 1] & 0xFF;
        int poll = data[offset + 2];
        if ((vn != 3 && vn != 4) || stratum > 16 || poll < 0 || poll > 17) {
            return false;
        }
        return fromClient ? mode == 1 || mode == 3 : mode == 2 || mode == 4 || mode == 5;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new NtpAnalyzer();
    }
}
