package org.wardwatch.protocols.smb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.smb.SmbEncryptedSessionSeen;
import org.wardwatch.model.obs.smb.SmbNegotiated;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.infratest.LoopbackPeers;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * A real encrypted SMB 3.1.1 session: Samba's smbd (private configuration, 127.0.0.1, a random high port,
 * {@code server smb encrypt = required}) and smbclient with {@code --client-protection=encrypt}, logged
 * in as a local account, listing a share. Captured on lo and run through the real pipeline: the session is
 * reported as encrypted with the cipher Samba chose, its ENCRYPT_DATA session flag and as many
 * transform messages as tshark counts; nothing inside the transforms is taken for an SMB2 message.
 */
class SmbEncryptionRealPeerTest {
    static final String PASSWORD = "Pump-Pass-1";

    @Test
    void sambaEncryptedSessionIsReportedAsTsharkSeesIt(@TempDir Path dir) throws Exception {
        Requirements.root();
        Path smbd = Requirements.command("smbd");
        Requirements.command("smbclient");
        Path smbpasswd = Requirements.command("smbpasswd");
        int port = LoopbackPeers.freePort(false);
        Path conf = SambaPeer.config(dir, port, List.of("server smb encrypt = required"), List.of());
        Files.writeString(dir.resolve("share/ward7-rounds.txt"), "x");
        // the local account root gets a Samba password in this private passdb only
        Process add = new ProcessBuilder(smbpasswd.toString(), "-c", conf.toString(), "-s", "-a", "root").redirectErrorStream(true)
                .redirectOutput(dir.resolve("smbpasswd.out").toFile()).start();
        add.getOutputStream().write((PASSWORD + "\n" + PASSWORD + "\n").getBytes(StandardCharsets.US_ASCII));
        add.getOutputStream().close();
        assertThat(add.waitFor(30, TimeUnit.SECONDS) && add.exitValue() == 0).as(Files.readString(dir.resolve("smbpasswd.out"))).isTrue();

        Path pcap = dir.resolve("smb3-encrypted.pcap");
        String listing;
        try (LoopbackPeers peers = new LoopbackPeers()) {
            peers.start(dir.resolve("smbd.out"), smbd.toString(), "--foreground", "--debug-stdout", "-s", conf.toString());
            SambaPeer.waitForListener(port, dir.resolve("smbd.out"));
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                listing = Requirements.run(60, "smbclient", "//127.0.0.1/share", "-p", Integer.toString(port), "-U", "root%" + PASSWORD,
                        "--client-protection=encrypt", "-n", "WSNURSE12", "-s", conf.toString(), "-c", "ls");
                cap.stop();
            }
        }
        assertThat(listing).contains("ward7-rounds.txt");

        List<Observation> all = Pipeline.observe(pcap);
        List<SmbEncryptedSessionSeen> sessions = all.stream().filter(SmbEncryptedSessionSeen.class::isInstance)
                .map(SmbEncryptedSessionSeen.class::cast).toList();
        String decode = "tcp.port==" + port + ",nbss";
        List<String[]> negotiate = Tshark.on(pcap).decodeAs(decode).filter("smb2.cmd == 0 && smb2.flags.response == 1")
                .fields("smb2.negotiate_context.cipher_id", "smb2.dialect");
        List<String[]> setup = Tshark.on(pcap).decodeAs(decode).filter("smb2.cmd == 1 && smb2.flags.response == 1 && smb2.nt_status == 0")
                .fields("smb2.sesid", "smb2.ses_flags.encrypt");
        List<String[]> transforms = Tshark.on(pcap).decodeAs(decode).filter("smb2.header.transform.msg_size")
                .fields("smb2.sesid", "smb2.header.transform.msg_size");
        long tsharkCount = transforms.stream().mapToLong(r -> r[1].split(",").length).sum();
        assertThat(tsharkCount).isPositive();
        assertThat(sessions).singleElement().satisfies(s -> {
            assertThat(s.sessionId()).isEqualTo(setup.get(0)[0]);
            assertThat(s.encryptDataFlag()).isEqualTo(setup.get(0)[1].equals("1") || setup.get(0)[1].equalsIgnoreCase("true"));
            assertThat(s.encryptDataFlag()).isTrue();
            assertThat(s.dialect()).isEqualTo(SmbAnalyzer.dialectName(Integer.decode(negotiate.get(0)[1])));
            assertThat(s.cipher()).isEqualTo(SmbAnalyzer.cipherName(Integer.decode(negotiate.get(0)[0].split(",")[0])));
            assertThat(s.cipher()).startsWith("AES-");
            assertThat(s.encryptedMessages()).isEqualTo(tsharkCount);
        });
        assertThat(transforms).allSatisfy(r -> assertThat(r[0].split(",")).containsOnly(sessions.get(0).sessionId()));
        // only the NEGOTIATE in clear was read as one
        assertThat(all.stream().filter(SmbNegotiated.class::isInstance)).hasSize(1);
        assertThat(Pipeline.run(pcap, o -> { }).analyzerCounters()).doesNotContainKeys("smb_internal_error", "smb_v2_header_truncated",
                "smb_bad_protocol_id");
    }
}
