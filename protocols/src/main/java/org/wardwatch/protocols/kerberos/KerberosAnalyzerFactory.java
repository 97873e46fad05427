package org.wardwatch.protocols.kerberos;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** Kerberos v5 (RFC 4120) over UDP or TCP (7.2.2: a 4-byte record mark before each message). */
public final class KerberosAnalyzerFactory implements AnalyzerFactory {
    private final Transport transport;

    private KerberosAnalyzerFactory(Transport transport) {
        this.transport = transport;
    }

    public static KerberosAnalyzerFactory udp() {
        return new KerberosAnalyzerFactory(Transport.UDP);
    }

    public static KerberosAnalyzerFactory tcp() {
        return new KerberosAnalyzerFactory(Transport.TCP);
    }

    @Override
    public String name() {
        return "kerberos";
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public int[] portHints() {
        return new int[] {88};
    }

    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (transport == Transport.TCP) {
            if (length < 4 + 16 || (data[offset] & 0x80) != 0) {
                return false;
            }
            long mark = ((long) (data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16)
                    | ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
            return mark >= 16 && mark <= KerberosAnalyzer.MAX_MESSAGE && KerberosAnalyzer.looksLikeKerberos(data, offset + 4, length - 4);
        }
        return KerberosAnalyzer.looksLikeKerberos(data, offset, length);
    }

    @Override
    public Analyzer newAnalyzer() {
        return new KerberosAnalyzer(transport == Transport.TCP);
    }
}
