package org.wardwatch.protocols.mqtt;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** MQTT over TCP 1883 (cleartext; 8883 is TLS and left to the TLS analyzer). */
public final class MqttAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int[] portHints() {
        return new int[] {1883};
    }

    /** A client's CONNECT: 0x10, remaining length, then protocol name "MQTT" (level 4, 5) or "MQIsdp" (level 3). */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (!fromClient || length < 10 || data[offset] != 0x10) {
            return false;
        }
        int p = offset + 1;
        int end = offset + length;
        int digits = 0;
        while (p < end && (data[p] & 0x80) != 0 && digits < 3) {
            p++;
            digits++;
        }
        p++;
        if (p + 8 > end || data[p] != 0) {
            return false;
        }
        if (data[p + 1] == 4 && data[p + 2] == 'M' && data[p + 3] == 'Q' && data[p + 4] == 'T' && data[p + 5] == 'T') {
            return data[p + 6] == 4 || data[p + 6] == 5;
        }
        return p + 9 <= end && data[p + 1] == 6 && data[p + 2] == 'M' && data[p + 3] == 'Q' && data[p + 4] == 'I'
                && data[p + 5] == 's' && data[p + 6] == 'd' && data[p + 7] == 'p' && data[p + 8] == 3;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new MqttAnalyzer();
    }
}
