package org.wardwatch.protocols.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.ftp.FtpBannerSeen;
import org.wardwatch.model.obs.ftp.FtpCleartextLoginSeen;
import org.wardwatch.model.obs.ftp.FtpSystemReported;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.protocols.nettest.Recorded;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * vsFTPd (a private instance in the foreground, its own configuration, listening on 127.0.0.1 only)
 * and two real FTP clients, curl and busybox ftpget, on the standard port 21 and on an unassigned
 * port (detection by payload). Three control connections: curl anonymous with SYST before the
 * download, curl with a local user name and a wrong password (PAM refuses it), busybox ftpget
 * anonymous. The control port is captured with tcpdump on lo and run through the whole pipeline;
 * greetings, SYST replies and the outcome of every USER/PASS exchange equal what tshark's FTP
 * dissector shows, and neither the user name nor a password appears in any observation.
 */
class FtpRealPeerTest {
    private static final String USER = "nurse.jones";
    private static final String PASSWORD = "Wr0ng-Pump-Pass";
    private static final String ANONYMOUS_PASSWORD = "guest@ward3b";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "port {0} (0: an unassigned port)")
    @ValueSource(ints = {21, 0})
    void vsftpdWithCurlAndBusyboxGivesGreetingsSystAndLoginOutcomesEqualToTsharks(int standardOrZero) throws Exception {
        Requirements.root();
        Path vsftpd = Requirements.command("vsftpd");
        Requirements.command("curl");
        Requirements.command("busybox");
        Requirements.command("tcpdump");
        int port = Peers.serverPort(standardOrZero);
        Path conf = configure(port);
        Path pcap = dir.resolve("ftp.pcap");
        try (Peers peers = new Peers(dir)) {
            peers.start(vsftpd.toString(), conf.toString());
            Peers.awaitListening(port);
            String url = "ftp://127.0.0.1:" + port + "/readme.txt";
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                assertThat(Requirements.run(30, "curl", "-sS", "--quote", "SYST", url)).contains("pump manuals");
                Peers.Peer refused = peers.run(30, "curl", "-sS", "-u", USER + ":" + PASSWORD, url);
                assertThat(refused.process().exitValue()).as(refused.output()).isEqualTo(67); // CURLE_LOGIN_DENIED
                assertThat(Requirements.run(30, "busybox", "ftpget", "-u", "anonymous", "-p", ANONYMOUS_PASSWORD,
                        "127.0.0.1:" + port, "-", "readme.txt")).contains("pump manuals");
                cap.stop();
            }
        }
        Recorded.keep(pcap, "ftp/vsftpd-port-" + (standardOrZero == 0 ? "odd" : port) + ".pcap");

        List<Observation> all = Pipeline.observe(pcap);
        List<FlowRecord> sessions = of(all, FlowRecord.class).stream().filter(f -> f.clientPayloadBytes() > 0).toList();
        assertThat(sessions).hasSize(3)
                .allSatisfy(f -> {
                    assertThat(f.flow().serverPort()).isEqualTo(port);
                    assertThat(f.application()).isEqualTo("ftp");
                });
        TsharkFtp t = TsharkFtp.read(pcap, port, standardOrZero == 0);
        // the readiness probe before the capture may still have its greeting in it: only sessions count
        List<Object> flowIds = sessions.stream().map(f -> (Object) f.flow()).toList();
        List<String> ourBanners = of(all, FtpBannerSeen.class).stream().filter(b -> flowIds.contains(b.flow()))
                .map(b -> b.code() + " " + b.banner()).toList();
        List<String> ourSyst = of(all, FtpSystemReported.class).stream().map(FtpSystemReported::system).toList();
        List<String> ourLogins = of(all, FtpCleartextLoginSeen.class).stream()
                .map(l -> (l.anonymous() ? "anonymous " : "named ") + l.outcome()).toList();
        System.out.printf("ftp real peer (vsftpd, port %d): tshark %d greetings, %d SYST replies, %d USER/PASS exchanges;"
                + " ours %d, %d, %d%n", port, t.greetings.size(), t.syst.size(), t.logins.size(), ourBanners.size(),
                ourSyst.size(), ourLogins.size());
        assertThat(t.greetings).hasSize(3).allSatisfy(g -> assertThat(g).startsWith("220 (vsFTPd "));
        assertThat(ourBanners).containsExactlyInAnyOrderElementsOf(t.greetings);
        assertThat(t.syst).containsExactly("UNIX Type: L8");
        assertThat(ourSyst).containsExactlyElementsOf(t.syst);
        assertThat(t.logins).containsExactlyInAnyOrder("anonymous accepted", "named rejected", "anonymous accepted");
        assertThat(ourLogins).containsExactlyInAnyOrderElementsOf(t.logins);
        assertThat(all).allSatisfy(o -> assertThat(o.toString()).doesNotContain(USER).doesNotContain(PASSWORD)
                .doesNotContain(ANONYMOUS_PASSWORD).doesNotContain("pump manuals"));
    }

    /**
     * vsftpd's configuration in the test's folder: anonymous read-only downloads of readme.txt, local
     * users through PAM, no delay after a failed login, plus {@code extra} lines.
     */
    private Path configure(int port, String... extra) throws java.io.IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path anon = Files.createDirectories(dir.resolve("anon"));
        Files.writeString(anon.resolve("readme.txt"), "ward 3b pump manuals\n");
        // vsftpd runs the anonymous session as user ftp: it must be able to read the tree, not write it
        for (Path p : List.of(dir, empty, anon)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path conf = dir.resolve("vsftpd.conf");
        List<String> lines = new ArrayList<>(List.of(
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port, "background=NO",
                "anonymous_enable=YES", "anon_root=" + anon, "local_enable=YES", "write_enable=NO",
                "secure_chroot_dir=" + empty, "seccomp_sandbox=NO", "delay_failed_login=0", "xferlog_enable=NO",
                "syslog_enable=NO", "vsftpd_log_file=/dev/null", "pasv_address=127.0.0.1"));
        lines.addAll(List.of(extra));
        lines.add("");
        Files.writeString(conf, String.join("\n", lines));
        return conf;
    }

    @Test
    void vsftpdMultiLineGreetingAndAuthTlsLoginAreReadLikeTsharkAndOnlyTheCleartextLoginIsReported() throws Exception {
        Requirements.root();
        Path vsftpd = Requirements.command("vsftpd");
        Requirements.command("curl");
        Requirements.command("openssl");
        Requirements.command("tcpdump");
        int port = Peers.freePort();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Requirements.run(60, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=wardwatch-test",
                "-keyout", key.toString(), "-out", cert.toString());
        Path bannerFile = dir.resolve("banner.txt");
        Files.writeString(bannerFile, "Ward 3B device FTP\nAuthorised staff only\n");
        Path conf = configure(port, "banner_file=" + bannerFile, "ssl_enable=YES", "rsa_cert_file=" + cert,
                "rsa_private_key_file=" + key, "allow_anon_ssl=YES", "force_anon_logins_ssl=NO", "force_anon_data_ssl=NO",
                "force_local_logins_ssl=NO", "force_local_data_ssl=NO", "require_ssl_reuse=NO");
        Path pcap = dir.resolve("ftp-tls.pcap");
        try (Peers peers = new Peers(dir)) {
            peers.start(vsftpd.toString(), conf.toString());
            Peers.awaitListening(port);
            String url = "ftp://127.0.0.1:" + port + "/readme.txt";
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                // AUTH TLS first (curl tries AUTH SSL, vsftpd answers 234): the login that follows is encrypted
                assertThat(Requirements.run(30, "curl", "-sS", "--ssl-reqd", "-k", url)).contains("pump manuals");
                assertThat(Requirements.run(30, "curl", "-sS", url)).contains("pump manuals");
                cap.stop();
            }
        }
        Recorded.keep(pcap, "ftp/vsftpd-auth-tls.pcap");

        List<Observation> all = Pipeline.observe(pcap);
        List<FlowRecord> sessions = of(all, FlowRecord.class).stream().filter(f -> f.clientPayloadBytes() > 0).toList();
        assertThat(sessions).hasSize(2).allSatisfy(f -> assertThat(f.application()).isEqualTo("ftp"));
        TsharkFtp t = TsharkFtp.read(pcap, port, true);
        List<Object> flowIds = sessions.stream().map(f -> (Object) f.flow()).toList();
        List<String> ourBanners = of(all, FtpBannerSeen.class).stream().filter(b -> flowIds.contains(b.flow()))
                .map(b -> b.code() + " " + b.banner()).toList();
        System.out.printf("ftp real peer (vsftpd banner_file + AUTH TLS, port %d): tshark greetings %s, logins %s; ours %s, %s%n",
                port, t.greetings.size(), t.logins, ourBanners.size(), of(all, FtpCleartextLoginSeen.class).size());
        String greeting = "220 Ward 3B device FTP\nAuthorised staff only";
        assertThat(t.greetings).containsExactly(greeting, greeting);
        assertThat(ourBanners).containsExactlyElementsOf(t.greetings);
        assertThat(t.logins).containsExactly("anonymous accepted");
        assertThat(of(all, FtpCleartextLoginSeen.class)).singleElement().satisfies(l -> {
            assertThat(l.anonymous()).isTrue();
            assertThat(l.outcome()).isEqualTo("accepted");
        });
    }

    /** What tshark's FTP dissector shows, per control connection in order. */
    private record TsharkFtp(List<String> greetings, List<String> syst, List<String> logins) {
        static TsharkFtp read(Path pcap, int port, boolean decodeAs) {
            Tshark.Query q = Tshark.on(pcap).filter("ftp");
            if (decodeAs) {
                q.decodeAs("tcp.port==" + port + ",ftp");
            }
            // one event list per TCP stream: "C VERB ARG" for commands, "S CODE ARG" for replies
            Map<String, List<String[]>> streams = new LinkedHashMap<>();
            Map<String, String> greetingOf = new LinkedHashMap<>();
            for (String[] r : q.fields("tcp.stream", "ftp.request.command", "ftp.request.arg", "ftp.response.code", "ftp.response.arg")) {
                List<String[]> events = streams.computeIfAbsent(r[0], k -> new ArrayList<>());
                if (!r[3].isEmpty() && events.isEmpty()) {
                    // the greeting: every reply line before the first command (vsftpd writes one segment per
                    // line); its text is the lines' text, its code the first line's
                    List<String> codes = Arrays.asList(r[3].split(","));
                    List<String> texts = Arrays.asList(codes.size() == 1 ? new String[] {r[4]} : r[4].split(",", -1));
                    String before = greetingOf.get(r[0]);
                    String text = String.join("\n", texts.stream().filter(x -> !x.isEmpty()).toList());
                    greetingOf.put(r[0], before == null ? codes.get(0) + " " + text
                            : text.isEmpty() ? before : before + "\n" + text);
                    continue;
                }
                if (!r[1].isEmpty()) {
                    events.add(new String[] {"C", r[1], r[2]});
                }
                if (!r[3].isEmpty()) {
                    List<String> codes = Arrays.asList(r[3].split(","));
                    List<String> args = Arrays.asList(r[4].split(",", -1));
                    for (int i = 0; i < codes.size(); i++) {
                        events.add(new String[] {"S", codes.get(i), codes.size() == 1 ? r[4] : i < args.size() ? args.get(i) : ""});
                    }
                }
            }
            List<String> greetings = new ArrayList<>();
            List<String> syst = new ArrayList<>();
            List<String> logins = new ArrayList<>();
            for (Map.Entry<String, List<String[]>> stream : streams.entrySet()) {
                List<String[]> events = stream.getValue();
                if (events.stream().noneMatch(e -> e[0].equals("C"))) {
                    continue; // the test's readiness probe: greeted, then closed by the test
                }
                greetings.add(greetingOf.get(stream.getKey()));
                String user = null;
                String awaiting = null;
                for (String[] e : events) {
                    if (e[0].equals("C")) {
                        if (e[1].equalsIgnoreCase("USER")) {
                            user = e[2];
                        }
                        awaiting = e[1].toUpperCase(java.util.Locale.ROOT);
                        continue;
                    }
                    int code = Integer.parseInt(e[1]);
                    if ("AUTH".equals(awaiting) && code == 234) {
                        break; // TLS from here on
                    } else if ("SYST".equals(awaiting) && code == 215) {
                        syst.add(e[2]);
                    } else if ("PASS".equals(awaiting)) {
                        boolean anonymous = "anonymous".equalsIgnoreCase(user) || "ftp".equalsIgnoreCase(user);
                        String outcome = code == 230 ? "accepted" : code >= 400 ? "rejected" : "unknown";
                        logins.add((anonymous ? "anonymous " : "named ") + outcome);
                    }
                    awaiting = null;
                }
            }
            return new TsharkFtp(greetings, syst, logins);
        }
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
