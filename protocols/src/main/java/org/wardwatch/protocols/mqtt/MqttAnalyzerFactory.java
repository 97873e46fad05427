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

    /**
     * A client's CONNECT: 0x10, remaining length, then protocol name "MQTT" (level 4, 5) or "MQIsdp"
     * (level 3). Or, for a capture that starts after the CONNECT, a chunk made exactly of well-formed
     * packets (mandated flags, lengths adding up to the chunk) that includes a PUBLISH whose topic is
     * printable text.
     */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (length >= 4 && data[offset] != 0x10) {
            return midStream(data, offset, length);
        }
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

    /**
     * Whether a byte can start a level-4 fixed header at all (some remaining length makes it well formed):
     * most non-MQTT flows fail here on their first byte, before any length is decoded.
     */
    private static final boolean[] FIRST_BYTE_POSSIBLE = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            int type = b >>> 4;
            int flags = b & 0x0F;
            FIRST_BYTE_POSSIBLE[b] = MqttAnalyzer.wellFormedHeader(type, flags, 0, 4)
                    || MqttAnalyzer.wellFormedHeader(type, flags, 2, 4) || MqttAnalyzer.wellFormedHeader(type, flags, 10, 4);
        }
    }

    private static boolean midStream(byte[] b, int off, int len) {
        if (!FIRST_BYTE_POSSIBLE[b[off] & 0xFF]) {
            return false;
        }
        int p = off;
        int end = off + len;
        boolean publish = false;
        for (int n = 0; p < end && n < 16; n++) {
            int type = (b[p] & 0xFF) >>> 4;
            int flags = b[p] & 0x0F;
            long remaining = 0;
            int q = p + 1;
            int shift = 0;
            boolean complete = false;
            while (q < end && shift <= 21) {
                int d = b[q++] & 0xFF;
                remaining |= (long) (d & 0x7F) << shift;
                shift += 7;
                if ((d & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete || !MqttAnalyzer.wellFormedHeader(type, flags, remaining, 4) || remaining > end - q) {
                return false;
            }
            if (type == 3) {
                int tlen = ((b[q] & 0xFF) << 8) | (b[q + 1] & 0xFF);
                if (tlen == 0 || tlen + 2 > remaining) {
                    return false;
                }
                for (int i = q + 2; i < q + 2 + tlen; i++) {
                    if (b[i] < 0x20 || b[i] > 0x7E) {
                        return false;
                    }
                }
                publish = true;
            }
            p = q + (int) remaining;
        }
        return p == end && publish;
    }

    @Override
    public Analyzer newAnalyzer() {
        return new MqttAnalyzer();
    }
}
