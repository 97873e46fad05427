package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.dns.MdnsHostAnnounced;
import org.wardwatch.model.obs.dns.MdnsServiceAnnounced;
import org.wardwatch.model.obs.ftp.FtpBannerSeen;
import org.wardwatch.model.obs.ftp.FtpCleartextLoginSeen;
import org.wardwatch.model.obs.ftp.FtpSystemReported;
import org.wardwatch.model.obs.rdp.RdpNegotiationRequested;
import org.wardwatch.model.obs.rdp.RdpNegotiationResponded;
import org.wardwatch.model.obs.telnet.TelnetBannerSeen;
import org.wardwatch.model.obs.telnet.TelnetCleartextLoginSeen;
import org.wardwatch.model.obs.vnc.VncHandshakeSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.dns.DnsAnalyzer;
import org.wardwatch.protocols.ftp.FtpAnalyzer;
import org.wardwatch.protocols.http.HttpAnalyzer;
import org.wardwatch.protocols.rdp.RdpAnalyzer;
import org.wardwatch.protocols.telnet.TelnetAnalyzer;
import org.wardwatch.protocols.vnc.VncAnalyzer;

/** What each text or handshake analyzer reports from a hand-written exchange, and what it never keeps. */
class NetworkAnalyzersBehaviourTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void ftpReportsBannerSystemAndTheFactOfALoginButNoCredentials() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(FtpAnalyzer.FACTORY, 21)
                .server(ascii("220-Welcome\r\n220 PumpGate FTP ready\r\n"))
                .client(ascii("USER biomed\r\n")).server(ascii("331 Password required\r\n"))
                .client(ascii("PASS hunter2-secret\r\n")).server(ascii("230 Logged in\r\n"))
                .client(ascii("SYST\r\n")).server(ascii("215 UNIX Type: L8\r\n")).end();
        assertThat(h.observations(FtpBannerSeen.class)).singleElement().satisfies(b -> {
            assertThat(b.code()).isEqualTo(220);
            assertThat(b.banner()).isEqualTo("Welcome\nPumpGate FTP ready");
        });
        assertThat(h.observations(FtpSystemReported.class)).extracting(FtpSystemReported::system).containsExactly("UNIX Type: L8");
        assertThat(h.observations(FtpCleartextLoginSeen.class)).singleElement().satisfies(l -> {
            assertThat(l.outcome()).isEqualTo("accepted");
            assertThat(l.anonymous()).isFalse();
        });
        assertThat(h.observations().toString()).doesNotContain("biomed").doesNotContain("hunter2");
        assertThat(h.confirmed()).isTrue();
    }

    @Test
    void ftpCountsLoginsBeyondTheCapAsAnomalies() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(FtpAnalyzer.FACTORY, 21).server(ascii("220 FTP\r\n"));
        for (int i = 0; i < 20; i++) {
            h.client(ascii("USER admin\r\n")).server(ascii("331 ok\r\n")).client(ascii("PASS guess" + i + "\r\n"))
                    .server(ascii("530 Login incorrect\r\n"));
        }
        assertThat(h.observations(FtpCleartextLoginSeen.class)).hasSize(16).allSatisfy(l -> assertThat(l.outcome()).isEqualTo("rejected"));
        assertThat(h.counter("ftp_login_cap")).isEqualTo(4);
    }

    @Test
    void telnetReportsTheServersBannerAndALoginWithoutKeystrokes() {
        byte[] negotiation = {(byte) 255, (byte) 251, 1, (byte) 255, (byte) 251, 3, (byte) 255, (byte) 253, 24};
        AnalyzerHarness h = AnalyzerHarness.forFlow(TelnetAnalyzer.FACTORY, 23).server(negotiation)
                .server(ascii("\r\nInfusion Gateway v2.1\r\nlogin: ")).client(ascii("service\r\n"))
                .server(ascii("service\r\nPassword: ")).client(ascii("s3cr3t\r\n")).end();
        assertThat(h.observations(TelnetBannerSeen.class)).singleElement().satisfies(b -> {
            assertThat(b.banner()).isEqualTo("Infusion Gateway v2.1\nlogin:");
            assertThat(b.serverOptions()).containsExactly(1, 3, 24);
        });
        assertThat(h.observations(TelnetCleartextLoginSeen.class)).singleElement()
                .satisfies(l -> assertThat(l.loginPromptSeen()).isTrue());
        assertThat(h.observations().toString()).doesNotContain("s3cr3t").doesNotContain("service");
    }

    @Test
    void rdpReportsRequestedAndSelectedSecurityAndOnlyThePresenceOfTheCookie() {
        ByteArrayOutputStream cr = new ByteArrayOutputStream();
        byte[] cookie = ascii("Cookie: mstshash=dr.house\r\n");
        int len = 11 + cookie.length + 8;
        cr.writeBytes(new byte[] {3, 0, (byte) (len >> 8), (byte) len, (byte) (len - 5), (byte) 0xE0, 0, 0, 0, 0, 0});
        cr.writeBytes(cookie);
        cr.writeBytes(new byte[] {1, 0, 8, 0, 3, 0, 0, 0}); // RDP_NEG_REQ: SSL | HYBRID
        byte[] cc = {3, 0, 0, 19, 14, (byte) 0xD0, 0, 0, 0x12, 0x34, 0, 2, 0x1f, 8, 0, 2, 0, 0, 0}; // RDP_NEG_RSP: HYBRID
        AnalyzerHarness h = AnalyzerHarness.forFlow(RdpAnalyzer.FACTORY, 3389).client(cr.toByteArray()).server(cc).end();
        assertThat(h.observations(RdpNegotiationRequested.class)).singleElement().satisfies(r -> {
            assertThat(r.cookiePresent()).isTrue();
            assertThat(r.requestedProtocols()).containsExactly("ssl", "hybrid");
        });
        assertThat(h.observations(RdpNegotiationResponded.class)).singleElement()
                .satisfies(r -> assertThat(r.selectedProtocol()).isEqualTo("hybrid"));
        assertThat(h.observations().toString()).doesNotContain("house");
    }

    @Test
    void vncReportsVersionsOfferedAndChosenSecurity() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(VncAnalyzer.FACTORY, 5900).server(ascii("RFB 003.008\n"))
                .client(ascii("RFB 003.008\n")).server(new byte[] {2, 1, 2}).client(new byte[] {1}).end();
        assertThat(h.observations(VncHandshakeSeen.class)).singleElement().satisfies(v -> {
            assertThat(v.serverVersion()).isEqualTo("003.008");
            assertThat(v.securityTypes()).containsExactly(1, 2);
            assertThat(v.selectedSecurityType()).isEqualTo(1);
            assertThat(v.noAuthentication()).isTrue();
        });
    }

    @Test
    void mdnsResponseAnnouncesServiceWithTxtAndHostAddresses() {
        // PTR _ipp._tcp.local -> Pump Printer._ipp._tcp.local; SRV -> pp.local:631; TXT; A pp.local
        DnsWriter w = new DnsWriter(0x8400, 0, 4);
        w.record("_ipp._tcp.local", 12, w.nameBytes("Pump Printer._ipp._tcp.local"));
        w.record("Pump Printer._ipp._tcp.local", 33, w.srv(0, 0, 631, "pp.local"));
        w.record("Pump Printer._ipp._tcp.local", 16, w.txt("ty=Ward Label Printer", "usb_MDL=LP-9"));
        w.record("pp.local", 1, new byte[] {10, 1, 2, 3});
        AnalyzerHarness h = AnalyzerHarness.forFlow(DnsAnalyzer.MDNS_FACTORY, 5353).client(w.bytes());
        assertThat(h.observations(MdnsServiceAnnounced.class)).singleElement().satisfies(s -> {
            assertThat(s.instance()).isEqualTo("Pump Printer");
            assertThat(s.serviceType()).isEqualTo("_ipp._tcp");
            assertThat(s.domain()).isEqualTo("local");
            assertThat(s.host()).isEqualTo("pp.local");
            assertThat(s.port()).isEqualTo(631);
            assertThat(s.txt()).containsExactly("ty=Ward Label Printer", "usb_MDL=LP-9");
        });
        assertThat(h.observations(MdnsHostAnnounced.class)).singleElement()
                .satisfies(a -> assertThat(a.addresses()).containsExactly(IpAddress.parse("10.1.2.3")));
    }

    @Test
    void tlsBytesOnTheHttpPortAreAViolationNotHttp() {
        List<Seeds.Chunk> tls = Seeds.chunks(Seeds.first(7));
        AnalyzerHarness h = AnalyzerHarness.forFlow(HttpAnalyzer.FACTORY, 80).client(tls.get(0).data());
        assertThat(h.violated()).isTrue();
        assertThat(h.observations()).isEmpty();
    }

    /** Writes a DNS message without compression (enough for tests). */
    static final class DnsWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        DnsWriter(int flags, int questions, int answers) {
            out.writeBytes(new byte[] {0, 0, (byte) (flags >> 8), (byte) flags, 0, (byte) questions, 0, (byte) answers, 0, 0, 0, 0});
        }

        byte[] nameBytes(String name) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            // the instance label may hold a dot-free space; split on the service's dots only
            for (String label : name.split("\\.")) {
                byte[] l = label.getBytes(StandardCharsets.UTF_8);
                b.write(l.length);
                b.writeBytes(l);
            }
            b.write(0);
            return b.toByteArray();
        }

        byte[] srv(int prio, int weight, int port, String target) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(new byte[] {(byte) (prio >> 8), (byte) prio, (byte) (weight >> 8), (byte) weight, (byte) (port >> 8), (byte) port});
            b.writeBytes(nameBytes(target));
            return b.toByteArray();
        }

        byte[] txt(String... strings) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (String s : strings) {
                byte[] t = s.getBytes(StandardCharsets.UTF_8);
                b.write(t.length);
                b.writeBytes(t);
            }
            return b.toByteArray();
        }

        void record(String name, int type, byte[] rdata) {
            out.writeBytes(nameBytes(name));
            out.writeBytes(new byte[] {0, (byte) type, (byte) 0x80, 1, 0, 0, 0x11, (byte) 0x94, (byte) (rdata.length >> 8), (byte) rdata.length});
            out.writeBytes(rdata);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
