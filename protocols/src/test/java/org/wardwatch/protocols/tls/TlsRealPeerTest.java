package org.wardwatch.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.tls.TlsCertificateSeen;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.model.obs.tls.TlsServerHelloSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * {@code openssl s_client} against {@code openssl s_server} with TLS 1.2 and 1.3 on an unassigned port
 * of 127.0.0.1, with a self-signed RSA-2048 certificate made by {@code openssl req}: the flow is
 * found from its bytes; SNI, ALPN, JA3 and JA3S equal tshark's; JA4 equals the one computed from
 * tshark's own dissection of the hello; the TLS 1.2 certificate is reported self-signed with its
 * key size, and TLS 1.3's (encrypted) is not.
 */
class TlsRealPeerTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void opensslHandshakeOnAnUnassignedPortMatchesTshark(String version) throws Exception {
        Requirements.command("openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        int port = Peers.freePort();
        Path pcap = dir.resolve("tls.pcap");
        try (Peers peers = new Peers(dir)) {
            Peers.Peer req = peers.run(60, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                    "-out", cert.toString(), "-days", "30", "-subj", "/CN=infusion-pump-17.ward.example/O=Ward Test");
            assertThat(req.process().exitValue()).as(req.output()).isZero();
            Peers.Peer server = peers.startWithOpenInput("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
                    "-key", key.toString(), version, "-naccept", "1", "-alpn", "http/1.1");
            server.await("ACCEPT");
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                Peers.Peer client = peers.run(30, "openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
                        "-servername", "pump.ward.example", "-alpn", "http/1.1");
                assertThat(client.output()).contains("BEGIN CERTIFICATE").as(client.output());
                server.waitFor(30);
                cap.stop();
            }
        }
        org.wardwatch.protocols.nettest.Recorded.keep(pcap, "tls/openssl" + version + ".pcap");
        List<Observation> all = Pipeline.observe(pcap);
        TlsClientHelloSeen hello = of(all, TlsClientHelloSeen.class).get(0);
        TlsServerHelloSeen serverHello = of(all, TlsServerHelloSeen.class).get(0);
        assertThat(hello.sni()).isEqualTo("pump.ward.example");
        assertThat(hello.alpn()).containsExactly("http/1.1");
        // TLS 1.3 moves the chosen ALPN into EncryptedExtensions
        assertThat(serverHello.alpn()).isEqualTo(version.equals("-tls1_3") ? null : "http/1.1");
        assertThat(serverHello.selectedVersion()).isEqualTo(version.equals("-tls1_3") ? 0x0304 : 0x0303);
        assertThat(of(all, FlowRecord.class)).singleElement().satisfies(f -> {
            assertThat(f.application()).isEqualTo("tls");
            assertThat(f.flow().serverPort()).isEqualTo(port);
        });

        // the port is one the kernel gave out; Wireshark may register another dissector on it: decode it as TLS
        String tlsOnPort = "tcp.port==" + port + ",tls";
        String[] t = Tshark.on(pcap).decodeAs(tlsOnPort).filter("tls.handshake.type == 1").fields("tls.handshake.ja3_full", "tls.handshake.ja3",
                "tls.handshake.extensions_server_name", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
                "tls.handshake.sig_hash_alg", "tls.handshake.extensions.supported_version", "tls.handshake.extensions_alpn_str",
                "tls.handshake.version").get(0);
        assertThat(hello.ja3()).isEqualTo(t[0]);
        assertThat(hello.ja3Hash()).isEqualTo(t[1]);
        String ja4FromTshark = TlsFingerprints.ja4(Integer.decode(t[8]), ints(t[6]), ints(t[3]), ints(t[4]), !t[2].isEmpty(),
                t[7].split(",")[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII), ints(t[5]));
        assertThat(hello.ja4()).isEqualTo(ja4FromTshark).startsWith(version.equals("-tls1_3") ? "t13d" : "t12d").contains("h1_");
        String[] s = Tshark.on(pcap).decodeAs(tlsOnPort).filter("tls.handshake.type == 2").fields("tls.handshake.ja3s_full", "tls.handshake.ja3s").get(0);
        assertThat(serverHello.ja3s()).isEqualTo(s[0]);
        assertThat(serverHello.ja3sHash()).isEqualTo(s[1]);

        List<TlsCertificateSeen> certs = of(all, TlsCertificateSeen.class);
        if (version.equals("-tls1_3")) {
            assertThat(certs).isEmpty(); // encrypted in TLS 1.3
        } else {
            assertThat(certs).singleElement().satisfies(c -> {
                assertThat(c.fromServer()).isTrue();
                assertThat(c.selfSigned()).isTrue();
                assertThat(c.keyAlgorithm()).isEqualTo("RSA");
                assertThat(c.keySize()).isEqualTo(2048);
                assertThat(c.subject()).contains("CN=infusion-pump-17.ward.example").contains("O=Ward Test");
                assertThat(c.issuer()).isEqualTo(c.subject());
                assertThat(c.notAfter()).isAfter(c.notBefore());
            });
            String serial = Tshark.on(pcap).decodeAs(tlsOnPort).filter("tls.handshake.type == 11").fields("x509af.serialNumber").get(0)[0];
            assertThat(new java.math.BigInteger(serial.replace(":", "").replace("0x", ""), 16).toString(16))
                    .isEqualTo(certs.get(0).serialNumber());
        }
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        if (!csv.isEmpty()) {
            for (String v : csv.split(",")) {
                out.add(Integer.decode(v));
            }
        }
        return out;
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
