package org.wardwatch.protocols.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;

/** The byte-built text of the DNS parser is the text the StringBuilder decoder and IpAddress write. */
class DnsTextTest {

    @Test
    void labelTextEqualsTheStringBuilderDecodingForAnyBytes() {
        Random r = new Random(42);
        DnsText t = new DnsText();
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[r.nextInt(70)];
            for (int i = 0; i < b.length; i++) {
                // mostly ASCII, with controls, UTF-8 lead and continuation bytes mixed in
                int kind = r.nextInt(6);
                b[i] = (byte) (kind == 0 ? r.nextInt(0x20) : kind == 1 ? 0x80 + r.nextInt(0x80)
                        : kind == 2 ? 0xC0 + r.nextInt(0x40) : 0x20 + r.nextInt(0x60));
            }
            StringBuilder sb = new StringBuilder();
            DnsNames.appendText(sb, b, 0, b.length, Integer.MAX_VALUE);
            t.reset();
            t.append('x');
            int mark = t.length();
            t.appendLabel(b, 0, b.length);
            assertThat(t.string(mark)).isEqualTo(sb.toString());
        }
    }

    @Test
    void validMultiByteSequencesAndSupplementaryCharactersSurvive() {
        byte[] b = "Caf\u00e9 \u6a5f\u5668 \uD83D\uDE91".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DnsText t = new DnsText();
        t.appendLabel(b, 0, b.length);
        assertThat(t.string(0)).isEqualTo("Caf\u00e9 \u6a5f\u5668 \uD83D\uDE91");
    }

    @Test
    void numbersAreWrittenInDecimalAndHex() {
        DnsText t = new DnsText();
        for (int v : new int[] {0, 7, 10, 99, 100, 65535, Integer.MAX_VALUE}) {
            t.reset();
            t.appendDecimal(v);
            assertThat(t.string(0)).isEqualTo(Integer.toString(v));
            t.reset();
            t.appendHex(v);
            assertThat(t.string(0)).isEqualTo(Integer.toHexString(v));
        }
    }

    @Test
    void ipv6TextEqualsIpAddressText() {
        Random r = new Random(7);
        DnsText t = new DnsText();
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[16];
            for (int g = 0; g < 8; g++) {
                // zero groups often, to exercise the "::" compression and its ties
                int v = r.nextInt(3) == 0 ? 0 : r.nextInt(4) == 0 ? r.nextInt(16) : r.nextInt(0x10000);
                b[2 * g] = (byte) (v >>> 8);
                b[2 * g + 1] = (byte) v;
            }
            t.reset();
            DnsMessage.ipv6Text(b, 0, t);
            assertThat(t.string(0)).isEqualTo(IpAddress.of(b, 0, 16).toString());
        }
    }
}
