package org.wardwatch.protocols.asn1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireTextTest {

    @Test
    void ipv4IsDottedDecimalForEveryOctetValue() {
        byte[] b = new byte[4];
        for (int v = 0; v < 256; v++) {
            b[0] = (byte) v;
            b[1] = (byte) (255 - v);
            b[2] = (byte) (v * 7);
            b[3] = (byte) (v / 3);
            String expected = (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
            assertThat(WireText.ipv4(b, 0)).isEqualTo(expected);
        }
    }
}
