package org.wardwatch.protocols.syslog;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** Syslog over UDP 514 (RFC 5426) or TCP 514/601 (RFC 6587 octet counting or LF framing). */
public final class SyslogAnalyzerFactory implements AnalyzerFactory {
    private final Transport transport;

    private SyslogAnalyzerFactory(Transport transport) {
        this.transport = transport;
    }

    public static SyslogAnalyzerFactory udp() {
        return new SyslogAnalyzerFactory(Transport.UDP);
    }

    public static SyslogAnalyzerFactory tcp() {
        return new SyslogAnalyzerFactory(Transport.TCP);
    }

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public int[] portHints() {
        return transport == Transport.UDP ? new int[] {514} : new int[] {514, 601};
    }

    /** A client's "&lt;PRI&gt;" (PRI at most 191) then a printable character; over TCP optionally after "LEN ". */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (!fromClient) {
            return false; // syslog is one-way
        }
        int p = offset;
        int end = offset + length;
        if (transport == Transport.TCP && p < end && data[p] >= '1' && data[p] <= '9') {
            int digits = 0;
            while (p < end && data[p] >= '0' && data[p] <= '9' && digits < 6) {
                p++;
                digits++;
            }
            if (p >= end || data[p] != ' ') {
                return false;
            }
            p++;
        }
        return SyslogAnalyzer.priEnd(data, p, end) > 0;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new SyslogAnalyzer();
    }
}
