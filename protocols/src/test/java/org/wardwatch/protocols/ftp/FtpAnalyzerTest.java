package org.wardwatch.protocols.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.ftp.FtpBannerSeen;
import org.wardwatch.model.obs.ftp.FtpCleartextLoginSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

/** FTP replies as real servers send them (bytes recorded from the peers in {@link FtpRealPeerTest}). */
class FtpAnalyzerTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void vsftpdBannerFileGreetingIsTheLinesTextWithoutTheRepeatedCodeOrTheEmptyLastLine() {
        // vsftpd 3.0.3 with banner_file: every line "220-", then "220 " alone
        AnalyzerHarness h = AnalyzerHarness.forFlow(FtpAnalyzer.FACTORY, 2121)
                .server(ascii("220-Ward 3B device FTP\r\n220-Authorised staff only\r\n220 \r\n")).end();
        assertThat(h.observations(FtpBannerSeen.class)).singleElement().satisfies(b -> {
            assertThat(b.code()).isEqualTo(220);
            assertThat(b.banner()).isEqualTo("Ward 3B device FTP\nAuthorised staff only");
        });
    }

    @Test
    void continuationLinesWithoutTheCodeAreKeptAsTheyAre() {
        // RFC 959 4.2: the lines between the first and the last may begin with anything
        AnalyzerHarness h = AnalyzerHarness.forFlow(FtpAnalyzer.FACTORY, 21)
                .server(ascii("220-PumpGate FTP\r\n  firmware 4.2\r\n220 ready\r\n")).end();
        assertThat(h.observations(FtpBannerSeen.class)).extracting(FtpBannerSeen::banner)
                .containsExactly("PumpGate FTP\n  firmware 4.2\nready");
    }

    @Test
    void aLoginAfterAuthTlsIsNotReportedAsCleartext() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(FtpAnalyzer.FACTORY, 21)
                .server(ascii("220 (vsFTPd 3.0.3)\r\n"))
                .client(ascii("AUTH SSL\r\n")).server(ascii("234 Proceed with negotiation.\r\n"))
                .client(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0}).end();
        assertThat(h.observations(FtpBannerSeen.class)).hasSize(1);
        assertThat(h.observations(FtpCleartextLoginSeen.class)).isEmpty();
    }
}
