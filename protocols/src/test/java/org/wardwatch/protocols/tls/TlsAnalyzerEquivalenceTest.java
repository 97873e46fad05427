package org.wardwatch.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.obs.tls.TlsCertificateSeen;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.model.obs.tls.TlsServerHelloSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.testkit.Requirements;

/**
 * The TLS analyzer emits exactly what it emitted before its allocation and JIT work
 * ({@link TlsAnalyzerBefore}, the previous code kept as an oracle): same observations, same anomaly
 * and lifecycle counters, on generated handshakes from a few repeating "client stacks" (so the
 * per-shape memo is hit, with SNI, random and key shares changing per handshake), on random shapes,
 * on malformed lengths, duplicated extensions, over-long lists, and on byte-mutated copies of all of
 * these, fed whole or in small pieces. Certificates: openssl-made RSA, EC and Ed25519 certificates
 * (when openssl is installed), bit-flipped copies, and garbage.
 *
 * <p>When the analyzer's output is meant to change, change the oracle the same way (or retire this
 * test with it).
 */
class TlsAnalyzerEquivalenceTest {
    private static final int[] EXTENSION_POOL = {0, 10, 11, 13, 16, 43, 23, 35, 51, 45, 65281, 21, 5, 18, 27, 0x0a0a, 0xdada};
    private static final List<byte[]> CERTIFICATES = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        CERTIFICATES.add(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
        CERTIFICATES.add(new byte[0]);
        if (Requirements.which("openssl").isEmpty()) {
            return; // generated hellos and garbage certificates still run
        }
        String[][] keys = {{"-newkey", "rsa:2048"}, {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"},
                {"-newkey", "ed25519"}, {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"}};
        for (int i = 0; i < keys.length; i++) {
            Path der = dir.resolve("c" + i + ".der");
            List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509"));
            cmd.addAll(List.of(keys[i]));
            cmd.addAll(List.of("-nodes", "-keyout", dir.resolve("k" + i + ".pem").toString(), "-outform", "DER", "-out",
                    der.toString(), "-days", "30", "-subj", "/CN=pump-" + i + ".ward.example/O=Ward Test/OU=A+OU=B",
                    "-addext", "subjectAltName=DNS:pump-" + i + ".ward.example,IP:192.0.2." + i + ",IP:2001:db8::" + i
                            + ",email:x@ward.example"));
            Requirements.run(60, cmd.toArray(String[]::new));
            if (Files.exists(der)) {
                CERTIFICATES.add(Files.readAllBytes(der));
            }
        }
    }

    @Test
    void generatedAndMutatedHandshakesGiveTheSameObservationsAndCounters() {
        Random r = new Random(20261130);
        int compared = 0;
        for (int i = 0; i < 6000; i++) {
            Handshake h = handshake(r);
            boolean mutate = r.nextInt(4) == 0;
            byte[] client = mutate ? mutate(h.client, r) : h.client;
            byte[] server = mutate && r.nextBoolean() ? mutate(h.server, r) : h.server;
            int chunk = r.nextInt(3) == 0 ? 1 + r.nextInt(40) : Integer.MAX_VALUE;
            AnalyzerHarness before = run(TlsAnalyzerBefore.FACTORY, client, server, chunk);
            AnalyzerHarness after = run(TlsAnalyzer.FACTORY, client, server, chunk);
            assertThat(after.observations()).as("handshake %d", i).isEqualTo(before.observations());
            assertThat(after.counters()).as("handshake %d", i).isEqualTo(before.counters());
            compared += before.observations().size();
        }
        assertThat(compared).isGreaterThan(6000);
    }

    @Test
    void theSameStackSeenAgainReportsItsOwnNameAndListsEachTime() {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            Handshake h = handshake(r);
            List<TlsClientHelloSeen> first = run(TlsAnalyzer.FACTORY, h.client, h.server, Integer.MAX_VALUE)
                    .observations(TlsClientHelloSeen.class);
            List<TlsClientHelloSeen> again = run(TlsAnalyzer.FACTORY, h.client, h.server, Integer.MAX_VALUE)
                    .observations(TlsClientHelloSeen.class);
            assertThat(again).isEqualTo(first);
        }
    }

    @Test
    void certificatesOfEveryKindGiveTheSameObservations() {
        Random r = new Random(11);
        int certs = 0;
        for (int i = 0; i < 400; i++) {
            List<byte[]> chain = new ArrayList<>();
            int n = r.nextInt(4);
            for (int c = 0; c < n; c++) {
                byte[] der = CERTIFICATES.get(r.nextInt(CERTIFICATES.size())).clone();
                if (r.nextInt(3) == 0 && der.length > 0) {
                    der[r.nextInt(der.length)] ^= (byte) (1 << r.nextInt(8));
                }
                chain.add(der);
            }
            Bytes body = new Bytes();
            Bytes list = new Bytes();
            for (byte[] der : chain) {
                list.u24(der.length).bytes(der);
            }
            body.u24(r.nextInt(10) == 0 ? list.size() + r.nextInt(5) : list.size()).bytes(list.toByteArray());
            byte[] serverFlight = concat(record(22, handshakeMessage(2, serverHelloBody(r, 0x0303, false))),
                    record(22, handshakeMessage(11, body.toByteArray())));
            byte[] client = record(22, handshakeMessage(1, clientHelloBody(r, r, false)));
            AnalyzerHarness before = run(TlsAnalyzerBefore.FACTORY, client, serverFlight, Integer.MAX_VALUE);
            AnalyzerHarness after = run(TlsAnalyzer.FACTORY, client, serverFlight, Integer.MAX_VALUE);
            assertThat(after.observations()).as("chain %d", i).isEqualTo(before.observations());
            assertThat(after.counters()).as("chain %d", i).isEqualTo(before.counters());
            certs += after.observations(TlsCertificateSeen.class).size();
        }
        assertThat(certs).isPositive();
    }

    private static AnalyzerHarness run(org.wardwatch.protocols.spi.AnalyzerFactory factory, byte[] client, byte[] server, int chunk) {
        AnalyzerHarness h = AnalyzerHarness.forFlow(factory, 443);
        h.feedSplit(true, client, Math.min(chunk, Math.max(1, client.length)));
        h.feedSplit(false, server, Math.min(chunk, Math.max(1, server.length)));
        return h.end();
    }

    private record Handshake(byte[] client, byte[] server) {
    }

    /** One handshake: a ClientHello of a repeating stack (or a random one) and a server flight. */
    private static Handshake handshake(Random r) {
        boolean stack = r.nextInt(10) < 7;
        long shapeSeed = stack ? 1000 + r.nextInt(12) : r.nextLong();
        byte[] hello = clientHelloBody(new Random(shapeSeed), r, r.nextInt(8) == 0);
        byte[] clientFlight = handshakeMessage(1, hello);
        if (r.nextInt(8) == 0 && CERTIFICATES.size() > 2) { // a client certificate and key exchange follow
            byte[] der = CERTIFICATES.get(2 + r.nextInt(CERTIFICATES.size() - 2));
            Bytes list = new Bytes().u24(der.length).bytes(der);
            clientFlight = concat(clientFlight, handshakeMessage(11, new Bytes().u24(list.size()).bytes(list.toByteArray())
                    .toByteArray()), handshakeMessage(16, randomBytes(r, 33)));
        }
        byte[] client = concat(records(clientFlight, r), record(20, new byte[] {1}), record(23, new byte[] {1, 2, 3}));
        long serverSeed = stack ? 2000 + r.nextInt(6) : r.nextLong();
        Random rs = new Random(serverSeed);
        int selected = rs.nextBoolean() ? 0x0304 : 0x0303;
        byte[] flight = handshakeMessage(2, serverHelloBody(rs, selected, r.nextInt(10) == 0));
        if (selected != 0x0304 && CERTIFICATES.size() > 2 && r.nextBoolean()) {
            byte[] der = CERTIFICATES.get(2 + r.nextInt(CERTIFICATES.size() - 2));
            Bytes list = new Bytes().u24(der.length).bytes(der);
            flight = concat(flight, handshakeMessage(11, new Bytes().u24(list.size()).bytes(list.toByteArray()).toByteArray()),
                    handshakeMessage(14, new byte[0]));
        }
        byte[] server = concat(records(flight, r), record(20, new byte[] {1}));
        return new Handshake(client, server);
    }

    /**
     * A ClientHello body whose shape (version, lists, extension order and structure) comes from
     * {@code rs} and whose per-connection parts (random, session id, SNI name, key share bytes) come
     * from {@code rh}.
     */
    private static byte[] clientHelloBody(Random rs, Random rh, boolean malformedLengths) {
        Bytes b = new Bytes();
        int[] versions = {0x0303, 0x0301, 0x0302, 0x0300, 0x0303, 0x0303};
        b.u16(rs.nextInt(12) == 0 ? rs.nextInt(65536) : versions[rs.nextInt(versions.length)]);
        b.bytes(randomBytes(rh, 32));
        int sessionIdLength = rh.nextInt(3) == 0 ? 0 : 32;
        b.u8(sessionIdLength).bytes(randomBytes(rh, sessionIdLength));
        Bytes ciphers = new Bytes();
        int nc = rs.nextInt(8) == 0 ? 120 + rs.nextInt(30) : rs.nextInt(40);
        for (int i = 0; i < nc; i++) {
            ciphers.u16(rs.nextInt(5) == 0 ? grease(rs) : rs.nextInt(4) == 0 ? rs.nextInt(65536) : 0xc000 + rs.nextInt(64));
        }
        b.u16(ciphers.size() + (malformedLengths && rs.nextInt(4) == 0 ? 1 : 0)).bytes(ciphers.toByteArray());
        b.u8(1).u8(0);
        Bytes ext = new Bytes();
        int ne = rs.nextInt(18);
        for (int i = 0; i < ne; i++) {
            int type = rs.nextInt(6) == 0 ? rs.nextInt(65536) : EXTENSION_POOL[rs.nextInt(EXTENSION_POOL.length)];
            byte[] value = extensionValue(type, rs, rh);
            int declared = malformedLengths && rs.nextInt(6) == 0 ? value.length + rs.nextInt(20) : value.length;
            ext.u16(type).u16(declared).bytes(value);
        }
        int extLen = malformedLengths && rs.nextInt(3) == 0 ? Math.max(0, ext.size() + rs.nextInt(9) - 4) : ext.size();
        if (rs.nextInt(15) != 0) {
            b.u16(extLen).bytes(ext.toByteArray());
        }
        return b.toByteArray();
    }

    private static byte[] extensionValue(int type, Random rs, Random rh) {
        Bytes v = new Bytes();
        switch (type) {
            case 0 -> {
                Bytes names = new Bytes();
                int n = rs.nextInt(5) == 0 ? rs.nextInt(3) : 1;
                for (int i = 0; i < n; i++) {
                    int nameType = rs.nextInt(6) == 0 ? 1 : 0;
                    byte[] name = rh.nextInt(20) == 0 ? randomBytes(rh, rh.nextInt(300))
                            : ("host" + rh.nextInt(50) + ".ward.example").getBytes();
                    names.u8(nameType).u16(name.length).bytes(name);
                }
                int declared = rs.nextInt(10) == 0 ? names.size() + 3 : names.size();
                v.u16(declared).bytes(names.toByteArray());
                if (rs.nextInt(12) == 0) {
                    return Arrays.copyOf(v.toByteArray(), rs.nextInt(v.size() + 1));
                }
            }
            case 10, 13 -> {
                int n = rs.nextInt(10) == 0 ? 130 + rs.nextInt(20) : rs.nextInt(12);
                Bytes list = new Bytes();
                for (int i = 0; i < n; i++) {
                    list.u16(rs.nextInt(5) == 0 ? grease(rs) : rs.nextInt(40));
                }
                v.u16(rs.nextInt(10) == 0 ? list.size() + rs.nextInt(7) - 3 : list.size()).bytes(list.toByteArray());
                if (rs.nextInt(15) == 0) {
                    return Arrays.copyOf(v.toByteArray(), rs.nextInt(2));
                }
            }
            case 11 -> {
                int n = rs.nextInt(10) == 0 ? 140 : rs.nextInt(4);
                v.u8(rs.nextInt(10) == 0 ? n + 2 : n);
                for (int i = 0; i < n; i++) {
                    v.u8(rs.nextInt(3));
                }
                if (rs.nextInt(15) == 0) {
                    return new byte[0];
                }
            }
            case 16 -> {
                Bytes list = new Bytes();
                int n = rs.nextInt(8) == 0 ? 18 : rs.nextInt(4);
                String[] known = {"h2", "http/1.1", "", "\u0001x\u00ff", "acme-tls/1", "9", "a!"};
                for (int i = 0; i < n; i++) {
                    byte[] p = rs.nextInt(6) == 0 ? randomBytes(rs, rs.nextInt(8))
                            : known[rs.nextInt(known.length)].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    list.u8(p.length).bytes(p);
                }
                v.u16(rs.nextInt(10) == 0 ? list.size() + 2 : list.size()).bytes(list.toByteArray());
                if (rs.nextInt(15) == 0) {
                    return Arrays.copyOf(v.toByteArray(), rs.nextInt(2));
                }
            }
            case 43 -> {
                int n = rs.nextInt(10) == 0 ? 70 : 1 + rs.nextInt(4);
                Bytes list = new Bytes();
                int[] versions = {0x0304, 0x0303, 0x0302, 0x0301, 0x7f1c};
                for (int i = 0; i < n; i++) {
                    list.u16(rs.nextInt(4) == 0 ? grease(rs) : versions[rs.nextInt(versions.length)]);
                }
                v.u8(rs.nextInt(10) == 0 ? list.size() + 1 : list.size()).bytes(list.toByteArray());
                if (rs.nextInt(15) == 0) {
                    return new byte[0];
                }
            }
            case 51 -> v.u16(36).u16(29).u16(32).bytes(randomBytes(rh, 32));
            default -> v.bytes(randomBytes(rs, rs.nextInt(6) == 0 ? rs.nextInt(40) : 0));
        }
        return v.toByteArray();
    }

    private static byte[] serverHelloBody(Random rs, int selected, boolean helloRetry) {
        Bytes b = new Bytes();
        b.u16(rs.nextInt(10) == 0 ? 0x0301 : 0x0303);
        b.bytes(helloRetry ? TlsFingerprintsHrr.RANDOM : randomBytes(rs, 32));
        b.u8(32).bytes(randomBytes(rs, 32));
        b.u16(rs.nextInt(5) == 0 ? grease(rs) : 0x1301 + rs.nextInt(3));
        b.u8(0);
        Bytes ext = new Bytes();
        int ne = rs.nextInt(6);
        for (int i = 0; i < ne; i++) {
            int type = rs.nextInt(5) == 0 ? rs.nextInt(65536) : new int[] {43, 16, 11, 10, 0, 23, 65281, 13}[rs.nextInt(8)];
            byte[] value;
            if (type == 43) {
                value = rs.nextInt(8) == 0 ? new byte[] {3} : new byte[] {3, (byte) (selected & 0xFF)};
            } else {
                value = extensionValue(type, rs, rs);
            }
            ext.u16(type).u16(rs.nextInt(20) == 0 ? value.length + 5 : value.length).bytes(value);
        }
        if (selected == 0x0304) {
            ext.u16(43).u16(2).u16(0x0304);
        }
        b.u16(ext.size()).bytes(ext.toByteArray());
        return b.toByteArray();
    }

    /**
     * Handshake messages in records: usually one record, else cut at random points into up to six
     * records (a message spanning several records, or several messages and a part of the next in one).
     */
    private static byte[] records(byte[] messages, Random r) {
        if (r.nextInt(3) != 0 || messages.length < 2) {
            return record(22, messages);
        }
        int pieces = 2 + r.nextInt(5);
        int[] cuts = new int[pieces - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = 1 + r.nextInt(messages.length - 1);
        }
        Arrays.sort(cuts);
        Bytes out = new Bytes();
        int from = 0;
        for (int cut : cuts) {
            out.bytes(record(22, Arrays.copyOfRange(messages, from, cut)));
            from = cut;
        }
        return out.bytes(record(22, Arrays.copyOfRange(messages, from, messages.length))).toByteArray();
    }

    private static int grease(Random r) {
        int g = r.nextInt(16);
        return (g << 12) | 0x0a00 | (g << 4) | 0x0a;
    }

    private static byte[] mutate(byte[] data, Random r) {
        byte[] out = data.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n && out.length > 0; i++) {
            int at = r.nextInt(out.length);
            out[at] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : (byte) (out[at] ^ (1 << r.nextInt(8)));
        }
        if (r.nextInt(5) == 0) {
            out = Arrays.copyOf(out, r.nextInt(out.length + 1));
        }
        return out;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] handshakeMessage(int type, byte[] body) {
        return new Bytes().u8(type).u24(body.length).bytes(body).toByteArray();
    }

    private static byte[] record(int type, byte[] body) {
        return new Bytes().u8(type).u16(0x0303).u16(body.length).bytes(body).toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        Bytes b = new Bytes();
        for (byte[] p : parts) {
            b.bytes(p);
        }
        return b.toByteArray();
    }

    /** The HelloRetryRequest random of RFC 8446 section 4.1.3. */
    private static final class TlsFingerprintsHrr {
        static final byte[] RANDOM = java.util.HexFormat.of().parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    }

    private static final class Bytes extends ByteArrayOutputStream {
        Bytes u8(int v) {
            write(v);
            return this;
        }

        Bytes u16(int v) {
            write(v >> 8);
            write(v);
            return this;
        }

        Bytes u24(int v) {
            write(v >> 16);
            write(v >> 8);
            write(v);
            return this;
        }

        Bytes bytes(byte[] b) {
            writeBytes(b);
            return this;
        }
    }
}
