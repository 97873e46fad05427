package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.kb.Lookup;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.tls.TlsAnalyzer;
import org.wardwatch.testkit.Requirements;

/**
 * The TLS client table ({@code inventory/.../kb/tls_clients.tsv}) is measured, never written by hand:
 * each real client installed here (Debian 12 packages, and this JDK's {@link HttpClient}) opens an
 * HTTPS connection through an HTTP CONNECT proxy on 127.0.0.1 (so it sends the server name
 * {@code ward.example} as it would to a real server, and nothing leaves the machine); the proxy
 * records the ClientHello (mosquitto_pub, which has no proxy option, connects to it as {@code localhost}), wardwatch's {@link TlsAnalyzer} computes its JA4 and JA3, and the table
 * must list exactly those fingerprints for that client and package version. A client that is absent
 * is skipped (failed under CI=true). With {@code -Dwardwatch.updateTlsClients=true} the test writes the
 * table from the measurement instead (then review the diff).
 */
class TlsClientTableTest {
    static final Path TABLE = Path.of("../inventory/src/main/resources/org/wardwatch/inventory/kb/tls_clients.tsv");
    static final String SERVER_NAME = "ward.example";
    static final String TEST = "TlsClientTableTest";

    @TempDir
    Path tmp;

    /** A real client: its Debian package, the software it is, and how to make it connect through the proxy. */
    private record Client(String software, String debianPackage, String command, String serverName, Connector connector) {
        Client(String software, String debianPackage, String command, Connector connector) {
            this(software, debianPackage, command, SERVER_NAME, connector);
        }
    }

    @FunctionalInterface
    private interface Connector {
        void connect(int proxyPort) throws Exception;
    }

    /** What one client sent. */
    record Measured(String software, String version, String source, String ja4, String ja3Hash, TlsClientHelloSeen hello) {
    }

    private List<Client> clients() {
        String url = "https://" + SERVER_NAME + "/";
        return List.of(
                new Client("curl", "curl", "curl", p -> exec(Map.of(), "curl", "-s", "-o", "/dev/null", "--max-time", "10",
                        "-x", "http://127.0.0.1:" + p, url)),
                new Client("Wget", "wget", "wget", p -> exec(Map.of(), "wget", "-q", "-O", "/dev/null", "-T", "10", "-t", "1",
                        "-e", "use_proxy=on", "-e", "https_proxy=http://127.0.0.1:" + p, url)),
                new Client("OpenSSL s_client", "openssl", "openssl", p -> exec(Map.of(), "openssl", "s_client", "-connect",
                        SERVER_NAME + ":443", "-proxy", "127.0.0.1:" + p, "-servername", SERVER_NAME)),
                new Client("Python urllib", "python3.11", "/usr/bin/python3", p -> exec(Map.of("https_proxy", "http://127.0.0.1:" + p),
                        "/usr/bin/python3", "-c", "import urllib.request\ntry:\n    urllib.request.urlopen('" + url
                                + "', timeout=10)\nexcept Exception:\n    pass")),
                // MQTT over TLS (what beds and gateways speak, DOMAIN.md); no proxy support: straight to the recorder
                new Client("mosquitto_pub", "mosquitto-clients", "mosquitto_pub", "localhost", p -> exec(Map.of(), "mosquitto_pub",
                        "-h", "localhost", "-p", Integer.toString(p), "--capath", "/etc/ssl/certs", "-t", "ward/test", "-m", "x")),
                new Client("Java HttpClient", "openjdk-17-jre-headless", null, p -> {
                    HttpClient http = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", p)))
                            .connectTimeout(Duration.ofSeconds(10)).build();
                    try {
                        http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (IOException expected) {
                        // the recorder closes the connection after the ClientHello
                    }
                }));
    }

    @Test
    void everyInstalledClientSendsTheJa4AndJa3TheTableListsForIt() throws Exception {
        List<Measured> measured = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Client c : clients()) {
            if (c.command() != null && Requirements.which(c.command()).isEmpty() && !Files.isExecutable(Path.of(c.command()))) {
                absent.add(c.software());
                continue;
            }
            if (c.command() == null && !System.getProperty("java.runtime.version", "").contains("Debian")) {
                absent.add(c.software() + " (this JDK is not Debian's)");
                continue;
            }
            measured.add(measure(c));
        }
        if (Boolean.getBoolean("wardwatch.updateTlsClients")) {
            write(measured);
        }

        boolean update = Boolean.getBoolean("wardwatch.updateTlsClients");
        Map<String, Map<String, String>> table = read();
        for (Measured m : measured) {
            for (String key : List.of(m.ja4(), m.ja3Hash())) {
                assertThat(table).as("%s: no table row for %s (run with -Dwardwatch.updateTlsClients=true)", m.software(), key)
                        .containsKey(key);
                Map<String, String> row = table.get(key);
                assertThat(row.get("software")).as(key).contains(m.software());
                assertThat(row.get("source")).as(key).contains(m.source());
            }
            if (update) {
                continue; // the knowledge base on the class path is the copy from before the update
            }
            Lookup.Hit hit = KnowledgeBase.defaults().lookup("tls_clients").lookup(m.ja4());
            assertThat(hit).as(m.ja4()).isNotNull();
            assertThat(hit.outputs().get("software")).contains(m.software());
            // the tls rules turn the hello into a software entry of the client device
            org.wardwatch.inventory.Inventory inventory = org.wardwatch.inventory.Inventory.create();
            inventory.accept(new org.wardwatch.model.obs.AddressSeen(m.hello().ts(), AnalyzerHarness.CLIENT_MAC,
                    AnalyzerHarness.CLIENT_IP, 0, "arp"));
            inventory.accept(m.hello());
            assertThat(inventory.finish().devices()).as(m.software())
                    .filteredOn(d -> d.software().stream().anyMatch(sw -> sw.product().contains(m.software())))
                    .singleElement()
                    .satisfies(d -> assertThat(d.software()).anyMatch(sw -> sw.source().contains("tls.client.ja4")));
        }
        // no row without a measurement behind it: every row names a client of this test, measured here
        for (Map.Entry<String, Map<String, String>> row : table.entrySet()) {
            String source = row.getValue().get("source");
            assertThat(source).as(row.getKey()).startsWith("measured: Debian 12 ").contains(TEST);
            boolean skipped = absent.stream().anyMatch(a -> row.getValue().get("software").contains(a));
            if (!skipped) {
                assertThat(measured).as("row %s is not what any client sends here", row.getKey())
                        .anyMatch(m -> m.ja4().equals(row.getKey()) || m.ja3Hash().equals(row.getKey()));
            }
        }
        if (!absent.isEmpty()) {
            Requirements.missing("TLS clients absent here, their rows unchecked: " + absent);
        }
    }

    private Measured measure(Client c) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(20_000);
            CompletableFuture<byte[]> hello = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(20_000);
                    return clientHello(s);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            c.connector().connect(server.getLocalPort());
            byte[] bytes = hello.get(30, TimeUnit.SECONDS);
            List<TlsClientHelloSeen> seen = AnalyzerHarness.forFlow(TlsAnalyzer.FACTORY, 443).client(bytes).end()
                    .observations(TlsClientHelloSeen.class);
            assertThat(seen).as(c.software()).hasSize(1);
            TlsClientHelloSeen h = seen.get(0);
            assertThat(h.sni()).as(c.software()).isEqualTo(c.serverName());
            String pkgVersion = dpkgVersion(c.debianPackage());
            String upstream = pkgVersion.replaceFirst("^\\d+:", "").replaceFirst("[-+~].*$", "");
            String source = "measured: Debian 12 " + c.debianPackage() + " " + pkgVersion + " (OpenSSL libssl3 "
                    + dpkgVersion("libssl3") + "), " + TEST;
            if (c.command() == null) {
                source = "measured: Debian 12 " + c.debianPackage() + " " + pkgVersion + " (JDK TLS), " + TEST;
            }
            return new Measured(c.software(), upstream, source, h.ja4(), h.ja3Hash(), h);
        }
    }

    /** Reads an optional HTTP CONNECT (answering 200), then the TLS records that carry the whole ClientHello. */
    private static byte[] clientHello(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        int first = in.read();
        if (first == 'C') {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write(first);
            while (!header.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") && header.size() < 8192) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the CONNECT request");
                }
                header.write(b);
            }
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            first = in.read();
        }
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        int handshakeBytes = 0;
        int needed = -1;
        while (first == 0x16 && records.size() < 65_536) {
            byte[] h = in.readNBytes(4);
            int length = (h[2] & 0xff) << 8 | (h[3] & 0xff);
            byte[] body = in.readNBytes(length);
            records.write(first);
            records.write(h);
            records.write(body);
            if (needed < 0 && body.length >= 4) {
                needed = 4 + ((body[1] & 0xff) << 16 | (body[2] & 0xff) << 8 | (body[3] & 0xff));
            }
            handshakeBytes += body.length;
            if (needed >= 0 && handshakeBytes >= needed) {
                break;
            }
            first = in.read();
        }
        return records.toByteArray();
    }

    private void exec(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("client.log").toFile());
        for (String v : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static String dpkgVersion(String pkg) {
        return Requirements.run(30, "dpkg-query", "-W", "-f", "${Version}", pkg).trim();
    }

    /** Rows by key (JA4 or JA3 MD5): software, version, source. */
    static Map<String, Map<String, String>> read() throws IOException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        String[] header = null;
        for (String line : Files.readAllLines(TABLE)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (header == null) {
                header = f;
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < f.length; i++) {
                row.put(header[i], f[i]);
            }
            assertThat(rows.put(f[0], row)).as("duplicate key %s", f[0]).isNull();
        }
        return rows;
    }

    private static void write(List<Measured> measured) throws IOException {
        Map<String, List<Measured>> byKey = new TreeMap<>();
        for (Measured m : measured) {
            byKey.computeIfAbsent(m.ja4(), k -> new ArrayList<>()).add(m);
            byKey.computeIfAbsent(m.ja3Hash(), k -> new ArrayList<>()).add(m);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# TLS client fingerprints -> client software. JA4 (FoxIO JA4 specification) and JA3 (MD5 of the JA3 string)\n");
        sb.append("# of ClientHellos recorded from real clients on 127.0.0.1 by cli's TlsClientTableTest, computed by\n");
        sb.append("# wardwatch's TLS analyzer; that test fails when a client sends something else, so no row is invented.\n");
        sb.append("# A fingerprint names the TLS stack and its settings, not the operating system: no OS is claimed.\n");
        sb.append("# Rows shared by several clients list them all. Regenerate: mvn -pl cli -am test -Dtest=TlsClientTableTest\n");
        sb.append("#   -Dsurefire.failIfNoSpecifiedTests=false -Dwardwatch.updateTlsClients=true\n");
        sb.append("key\tmatch\tsoftware\tversion\tsource\n");
        for (Map.Entry<String, List<Measured>> e : byKey.entrySet()) {
            List<Measured> ms = e.getValue();
            List<String> names = ms.stream().map(Measured::software).distinct().toList();
            String software = names.get(0);
            String version = ms.get(0).version();
            if (names.size() > 1) {
                // several programs send the same hello: it is their TLS library's default one
                String libssl = dpkgVersion("libssl3").replaceFirst("[-+~].*$", "");
                boolean openssl = ms.stream().allMatch(m -> m.source().contains("OpenSSL libssl3"));
                software = (openssl ? "OpenSSL " + libssl.replaceFirst("^(\\d+\\.\\d+).*$", "$1") + " default client" : "TLS client")
                        + " (" + String.join(", ", names) + ")";
                version = openssl ? libssl : "";
            }
            String source = String.join("; ", ms.stream().map(Measured::source).distinct().toList());
            sb.append(e.getKey()).append("\texact\t").append(software).append('\t').append(version).append('\t').append(source).append('\n');
        }
        Files.writeString(TABLE, sb.toString());
    }
}
