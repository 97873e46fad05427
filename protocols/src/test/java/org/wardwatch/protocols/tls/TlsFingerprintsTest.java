package org.wardwatch.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsFingerprintsTest {
    private static List<Integer> hex(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String h : csv.split(",")) {
            out.add(Integer.parseInt(h, 16));
        }
        return out;
    }

    /**
     * A Chrome 143 ClientHello as fingerprinted by tls.browserleaks.com (public JSON in the
     * service0427/v2_cp_app repository, tls.md): its ja4_r raw lists must hash to its ja4.
     */
    @Test
    void ja4OfChromeMatchesAPublishedFingerprint() {
        List<Integer> ciphers = hex("002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9");
        List<Integer> extensions = hex("0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,fe0d,ff01,0000,0010");
        List<Integer> sigs = hex("0403,0804,0401,0503,0805,0501,0806,0601");
        String ja4 = TlsFingerprints.ja4(0x0303, List.of(0x0a0a, 0x0304, 0x0303), ciphers, extensions, true,
                "h2".getBytes(java.nio.charset.StandardCharsets.US_ASCII), sigs);
        assertThat(ja4).isEqualTo("t13d1516h2_8daaf6152771_d8a2da3f94cd");
    }

    @Test
    void ja4FollowsTheSpecificationForAlpnAndSni() {
        List<Integer> ciphers = List.of(0x1301);
        List<Integer> extensions = List.of(0x000a);
        assertThat(TlsFingerprints.ja4(0x0303, null, ciphers, extensions, false, "http/1.1".getBytes(), List.of()))
                .startsWith("t12i0101h1_");
        assertThat(TlsFingerprints.ja4(0x0303, null, ciphers, extensions, false, null, List.of())).startsWith("t12i010100_");
        // a non-alphanumeric first or last byte: first and last hex digits of the value
        assertThat(TlsFingerprints.ja4(0x0303, null, ciphers, extensions, true, new byte[] {(byte) 0xab, 'x', (byte) 0xcd}, List.of()))
                .startsWith("t12d0101ad_");
        // no extensions: the third part is zeros; GREASE never counts
        assertThat(TlsFingerprints.ja4(0x0301, null, List.of(0x2a2a, 0x002f), List.of(), false, null, null))
                .isEqualTo("t10i010000_" + TlsFingerprints.hex(TlsFingerprints.digest("SHA-256", "002f".getBytes())).substring(0, 12)
                        + "_000000000000");
    }

    @Test
    void ja3DropsGreaseAndKeepsOrder() {
        assertThat(TlsFingerprints.ja3(771, List.of(0x0a0a, 4865, 49195), List.of(0xfafa, 0, 23, 65281), List.of(0x1a1a, 29, 23),
                List.of(0))).isEqualTo("771,4865-49195,0-23-65281,29-23,0");
        assertThat(TlsFingerprints.ja3(769, List.of(47), List.of(), null, null)).isEqualTo("769,47,,,");
        assertThat(TlsFingerprints.md5Hex("769,47,,,")).hasSize(32);
    }

    /**
     * The int-array implementation behind the list methods gives what the previous list code gave
     * ({@link TlsFingerprintsBefore}) on random lists: GREASE, duplicates, absent and empty lists,
     * ALPN bytes of every kind, values outside 16 bits (which only this public API can pass).
     */
    @Test
    void listMethodsAgreeWithThePreviousImplementationOnRandomLists() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 3000; i++) {
            List<Integer> sv = randomList(r, 5);
            List<Integer> ciphers = randomList(r, 140);
            List<Integer> ext = randomList(r, 30);
            List<Integer> groups = randomList(r, 12);
            List<Integer> pf = randomList(r, 3);
            List<Integer> sigs = randomList(r, 20);
            byte[] alpn = r.nextInt(4) == 0 ? null : new byte[r.nextInt(5)];
            if (alpn != null) {
                for (int j = 0; j < alpn.length; j++) {
                    alpn[j] = (byte) (r.nextBoolean() ? "h2x9Az/.-".charAt(r.nextInt(9)) : r.nextInt(256));
                }
            }
            int version = r.nextInt(6) == 0 ? r.nextInt() : 0x0300 + r.nextInt(5);
            boolean sni = r.nextBoolean();
            List<Integer> cipherList = ciphers == null ? List.of() : ciphers;
            List<Integer> extList = ext == null ? List.of() : ext;
            assertThat(TlsFingerprints.ja4(version, sv, cipherList, extList, sni, alpn, sigs))
                    .isEqualTo(TlsFingerprintsBefore.ja4(version, sv, cipherList, extList, sni, alpn, sigs));
            assertThat(TlsFingerprints.ja3(version, cipherList, extList, groups, pf))
                    .isEqualTo(TlsFingerprintsBefore.ja3(version, cipherList, extList, groups, pf));
            int cipher = r.nextInt(65536);
            assertThat(TlsFingerprints.ja3s(version, cipher, extList)).isEqualTo(TlsFingerprintsBefore.ja3s(version, cipher, extList));
        }
    }

    private static List<Integer> randomList(java.util.Random r, int max) {
        if (r.nextInt(8) == 0) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            out.add(kind == 0 ? ((r.nextInt(16) << 12) | 0x0a00 | (r.nextInt(16) << 4) | 0x0a) // GREASE (and near misses)
                    : kind == 1 ? r.nextInt() : kind == 2 ? -r.nextInt(70000) : r.nextInt(kind == 3 ? 65536 : 64));
        }
        return out;
    }
}
