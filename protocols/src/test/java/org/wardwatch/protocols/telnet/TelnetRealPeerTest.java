package org.wardwatch.protocols.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.telnet.TelnetBannerSeen;
import org.wardwatch.model.obs.telnet.TelnetCleartextLoginSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.protocols.nettest.Recorded;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;

/**
 * GNU inetutils telnetd (started per connection by inetutils inetd in the foreground, listening on
 * 127.0.0.1 only, with the system's /bin/login) and two real Telnet clients, inetutils telnet and
 * busybox telnet, each typing a user name and a wrong password at the prompts (the test waits for
 * each prompt in the client's output, like expect), on the standard port 23 and on an unassigned
 * port (detection by payload). Captured with tcpdump on lo and run through the whole pipeline; the
 * options the server negotiated before the first keystroke, the banner text and the answered password
 * prompts equal what tshark's Telnet dissector shows (its fields in document order, from PDML), and
 * no keystroke appears in any observation.
 */
class TelnetRealPeerTest {
    private static final String USER = "nursejones";
    private static final String PASSWORD = "Wr0ngPumpPass";
    private static final int WILL = 251, DONT = 254;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "port {0} (0: an unassigned port)")
    @ValueSource(ints = {23, 0})
    void telnetdWithTwoClientsGivesOptionsBannerAndLoginFactsEqualToTsharks(int standardOrZero) throws Exception {
        Requirements.root();
        Path inetd = Requirements.command("inetutils-inetd");
        Path telnetd = Requirements.command("telnetd");
        Path telnet = Requirements.command("telnet");
        Requirements.command("busybox");
        Requirements.command("tcpdump");
        Requirements.command("tshark");
        Requirements.command("login");
        int port = Peers.serverPort(standardOrZero);
        Path conf = dir.resolve("inetd.conf");
        Files.writeString(conf, "127.0.0.1:" + port + " stream tcp nowait root " + telnetd + " telnetd\n");
        Path pcap = dir.resolve("telnet.pcap");
        try (Peers peers = new Peers(dir)) {
            Peers.Peer server = peers.start(inetd.toString(), "-d", "-p", dir.resolve("inetd.pid").toString(), conf.toString());
            server.await("registered"); // inetd listens; no probe connection (telnetd would negotiate on it)
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                typeWrongLogin(peers, telnet.toString(), "127.0.0.1", Integer.toString(port));
                typeWrongLogin(peers, "busybox", "telnet", "127.0.0.1", Integer.toString(port));
                cap.stop();
            }
        }
        Recorded.keep(pcap, "telnet/inetutils-port-" + (standardOrZero == 0 ? "odd" : port) + ".pcap");

        List<Observation> all = Pipeline.observe(pcap);
        List<FlowRecord> flows = of(all, FlowRecord.class).stream().filter(f -> f.clientPayloadBytes() > 0).toList();
        assertThat(flows).hasSize(2).allSatisfy(f -> {
            assertThat(f.flow().serverPort()).isEqualTo(port);
            assertThat(f.application()).isEqualTo("telnet");
        });
        Map<Integer, TsharkTelnet> theirs = TsharkTelnet.read(pcap, port);
        assertThat(theirs).hasSize(2);
        int compared = 0;
        for (FlowRecord f : flows) {
            TsharkTelnet t = theirs.get(f.flow().clientPort());
            assertThat(t).as("tshark saw the connection from port %d", f.flow().clientPort()).isNotNull();
            List<TelnetBannerSeen> banners = of(all, TelnetBannerSeen.class).stream().filter(b -> b.flow().equals(f.flow())).toList();
            assertThat(banners).singleElement().satisfies(b -> {
                assertThat(b.serverOptions()).isEqualTo(t.serverOptions);
                assertThat(b.banner()).isEqualTo(t.banner).endsWith("login:");
            });
            List<TelnetCleartextLoginSeen> logins = of(all, TelnetCleartextLoginSeen.class).stream()
                    .filter(l -> l.flow().equals(f.flow())).toList();
            assertThat(t.answeredPasswordPrompts).isEqualTo(1);
            assertThat(logins).hasSize(t.answeredPasswordPrompts).allSatisfy(l -> assertThat(l.loginPromptSeen()).isTrue());
            compared += 1 + t.serverOptions.size() + logins.size();
        }
        System.out.printf("telnet real peer (inetutils telnetd, port %d): %d connections, %d banners + negotiated options +"
                + " login facts compared with tshark, all equal%n", port, flows.size(), compared);
        assertThat(all).allSatisfy(o -> assertThat(o.toString()).doesNotContain(USER).doesNotContain(PASSWORD));
    }

    /** Runs a Telnet client, answers the login and password prompts, waits for the refusal, then ends it. */
    private static void typeWrongLogin(Peers peers, String... command) throws Exception {
        Peers.Peer client = peers.startWithOpenInput(command);
        OutputStream keys = client.process().getOutputStream();
        client.await("login: ");
        keys.write((USER + "\n").getBytes(StandardCharsets.US_ASCII));
        keys.flush();
        client.await("Password: ");
        keys.write((PASSWORD + "\n").getBytes(StandardCharsets.US_ASCII));
        keys.flush();
        client.await("Login incorrect");
        keys.close();
        client.process().destroy();
        client.waitFor(10);
    }

    /**
     * One connection as tshark dissects it: the options (WILL/WONT/DO/DONT) the server sent before
     * the client's first keystroke, the server's text before it (control characters dropped, CR
     * removed, blank lines folded, as the analyzer documents), and how many password prompts the
     * client answered.
     */
    private static final class TsharkTelnet {
        final List<Integer> serverOptions = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        String banner;
        boolean typed;
        boolean prompted;
        int answeredPasswordPrompts;

        private static final Pattern FIELD = Pattern.compile("<field name=\"([a-z0-9_.]+)\"[^>]*? value=\"([0-9a-f]*)\"");

        /** Connections by client port. */
        static Map<Integer, TsharkTelnet> read(Path pcap, int port) {
            String pdml = Requirements.run(60, Requirements.command("tshark").toString(), "-n", "-r", pcap.toString(),
                    "-d", "tcp.port==" + port + ",telnet", "-Y", "telnet", "-T", "pdml");
            Map<Integer, TsharkTelnet> byClientPort = new LinkedHashMap<>();
            for (String packet : pdml.split("<packet>")) {
                Matcher m = FIELD.matcher(packet);
                Integer src = null;
                Integer dst = null;
                List<String[]> telnet = new ArrayList<>();
                while (m.find()) {
                    switch (m.group(1)) {
                        case "tcp.srcport" -> src = Integer.parseInt(m.group(2), 16);
                        case "tcp.dstport" -> dst = Integer.parseInt(m.group(2), 16);
                        case "telnet.cmd", "telnet.subcmd", "telnet.data" -> telnet.add(new String[] {m.group(1), m.group(2)});
                        default -> {
                        }
                    }
                }
                if (src == null || dst == null || telnet.isEmpty()) {
                    continue;
                }
                boolean fromClient = dst == port;
                byClientPort.computeIfAbsent(fromClient ? src : dst, k -> new TsharkTelnet()).packet(fromClient, telnet);
            }
            byClientPort.values().forEach(TsharkTelnet::finish);
            return byClientPort;
        }

        private void packet(boolean fromClient, List<String[]> fields) {
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i)[0];
                byte[] value = HexFormat.of().parseHex(fields.get(i)[1]);
                if (name.equals("telnet.cmd")) {
                    int cmd = value[0] & 0xFF;
                    if (!fromClient && !typed && cmd >= WILL && cmd <= DONT && i + 1 < fields.size()
                            && fields.get(i + 1)[0].equals("telnet.subcmd") && serverOptions.size() < 32) {
                        serverOptions.add(HexFormat.of().parseHex(fields.get(i + 1)[1])[0] & 0xFF);
                    }
                } else if (name.equals("telnet.data")) {
                    String s = new String(value, StandardCharsets.ISO_8859_1);
                    if (fromClient) {
                        if (!s.replaceAll("[\\r\\n\\x00]", "").isEmpty()) {
                            if (!typed) {
                                typed = true;
                                banner = fold(text.toString());
                            }
                            if (prompted) {
                                prompted = false;
                                answeredPasswordPrompts++;
                            }
                        }
                    } else {
                        if (!typed) {
                            text.append(s);
                        }
                        if (s.toLowerCase(Locale.ROOT).contains("password:")) {
                            prompted = true;
                        }
                    }
                }
            }
        }

        private void finish() {
            if (banner == null) {
                banner = fold(text.toString());
            }
        }

        private static String fold(String raw) {
            StringBuilder b = new StringBuilder();
            for (char c : raw.toCharArray()) {
                if (c == '\n') {
                    if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
                        b.append('\n');
                    }
                } else if (c >= 0x20 && c < 0x7F) {
                    b.append(c);
                }
            }
            String s = b.toString().strip();
            return s.length() > 256 ? s.substring(0, 256) : s;
        }
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
