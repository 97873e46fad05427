package org.wardwatch.protocols.smb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.ntlm.NtlmAuthenticateSeen;
import org.wardwatch.model.obs.ntlm.NtlmChallengeSeen;
import org.wardwatch.model.obs.smb.SmbNegotiated;
import org.wardwatch.model.obs.smb.SmbSessionSetupSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.infratest.LoopbackPeers;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * Samba's smbd (private configuration, 127.0.0.1, a random high port: detection by payload) listed by
 * smbclient twice, once with SMB 3 and once forced to SMB1 (NT1), anonymously (-U%) from the workstation name
 * WSNURSE12; captured with tcpdump on lo and run through the real pipeline. The NTLM fields are also
 * compared with tshark's on the same capture (decoded as NetBIOS session service on that port).
 */
class SmbRealPeerTest {

    @Test
    void sambaServerAndClientOverSmb3AndSmb1AreIdentified(@TempDir Path dir) throws Exception {
        Requirements.root();
        Path smbd = Requirements.command("smbd");
        Requirements.command("smbclient");
        int port = LoopbackPeers.freePort(false);
        Path conf = SambaPeer.config(dir, port,
                List.of("server string = ward file server", "map to guest = Bad User", "server min protocol = NT1"), List.of("guest ok = yes"));
        Path pcap = dir.resolve("smb.pcap");
        try (LoopbackPeers peers = new LoopbackPeers()) {
            peers.capture(pcap, "tcp port " + port);
            // smbd leads its own process group: on shutdown it signals that group, which must not be ours
            peers.start(dir.resolve("smbd.out"), smbd.toString(), "--foreground", "--debug-stdout", "-s",
                    conf.toString());
            SambaPeer.waitForListener(port, dir.resolve("smbd.out"));
            String smb3 = Requirements.run(60, "smbclient", "-U%", "-L", "//127.0.0.1", "-p", Integer.toString(port), "-n", "WSNURSE12",
                    "-s", conf.toString());
            assertThat(smb3).contains("ward file server");
            String smb1 = Requirements.run(60, "smbclient", "-U%", "-L", "//127.0.0.1", "-p", Integer.toString(port), "-n", "WSNURSE12",
                    "-m", "NT1", "--option=client min protocol=NT1", "-s", conf.toString());
            assertThat(smb1).contains("ward file server");
            peers.stopCapture();
        }

        List<Observation> all = Pipeline.observe(pcap);
        assertThat(all.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast)
                .filter(f -> f.clientPayloadBytes() > 0).toList()).isNotEmpty().allSatisfy(f -> {
                    assertThat(f.flow().serverPort()).isEqualTo(port);
                    assertThat(f.application()).isEqualTo("smb");
                });
        List<SmbNegotiated> negotiations = all.stream().filter(SmbNegotiated.class::isInstance).map(SmbNegotiated.class::cast).toList();
        assertThat(negotiations).anySatisfy(n -> {
            assertThat(n.chosenDialect()).isEqualTo("3.1.1");
            assertThat(n.smb1Chosen()).isFalse();
            assertThat(n.offeredDialects()).contains("2.0.2", "3.1.1");
        });
        // the SMB1 dialect Samba picks is the one tshark reads from the response's DialectIndex
        List<String[]> smb1Rows = Tshark.on(pcap).decodeAs("tcp.port==" + port + ",nbss").filter("smb.cmd == 0x72 && smb.flags.response == 1")
                .fields("smb.dialect.index");
        assertThat(smb1Rows).hasSize(1);
        assertThat(negotiations).anySatisfy(n -> {
            assertThat(n.smb1Offered()).isTrue();
            assertThat(n.smb1Chosen()).isTrue();
            assertThat(n.offeredDialects()).contains("NT LM 0.12");
            assertThat(n.chosenDialect()).isEqualTo(n.offeredDialects().get(Integer.parseInt(smb1Rows.get(0)[0])));
        });
        List<NtlmChallengeSeen> challenges = all.stream().filter(NtlmChallengeSeen.class::isInstance).map(NtlmChallengeSeen.class::cast)
                .toList();
        assertThat(challenges).isNotEmpty().allSatisfy(c -> {
            assertThat(c.netbiosComputer()).isEqualTo("WWFILESRV");
            assertThat(c.carrier()).isEqualTo("smb");
        });
        assertThat(all.stream().filter(NtlmAuthenticateSeen.class::isInstance).map(NtlmAuthenticateSeen.class::cast).toList())
                .isNotEmpty().allSatisfy(a -> {
                    assertThat(a.workstation()).isEqualTo("WSNURSE12");
                    assertThat(a.anonymous()).isTrue();
                });
        // SMB1 session setup responses name the server's implementation
        assertThat(all.stream().filter(SmbSessionSetupSeen.class::isInstance).map(SmbSessionSetupSeen.class::cast).toList())
                .anySatisfy(s -> {
                    assertThat(s.smbVersion()).isEqualTo(1);
                    assertThat(s.fromClient()).isFalse();
                    assertThat(s.nativeLanManager()).startsWith("Samba");
                });

        // the same NTLM fields as tshark's on this capture
        List<String> tshark = Tshark.on(pcap).decodeAs("tcp.port==" + port + ",nbss").filter("ntlmssp.messagetype == 2")
                .fields("ntlmssp.challenge.target_info.nb_computer_name", "ntlmssp.challenge.target_info.nb_domain_name",
                        "ntlmssp.challenge.target_info.dns_computer_name", "ntlmssp.challenge.target_info.dns_domain_name")
                .stream().map(c -> String.join("|", c)).toList();
        assertThat(challenges.stream().map(c -> nul(c.netbiosComputer()) + "|" + nul(c.netbiosDomain()) + "|" + nul(c.dnsComputer()) + "|"
                + nul(c.dnsDomain())).toList()).containsExactlyInAnyOrderElementsOf(tshark);
    }

    private static String nul(String s) {
        return s == null ? "" : s;
    }
}
