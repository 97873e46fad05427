package org.wardwatch.protocols.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.ssh.SshBannerSeen;
import org.wardwatch.model.obs.ssh.SshKexSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * OpenSSH's client against OpenSSH's server (a private sshd with its own host key and configuration
 * on an unassigned port of 127.0.0.1; the login is refused, the key exchange happens): banners and
 * HASSH / HASSHServer equal tshark's.
 */
class SshRealPeerTest {
    @TempDir
    Path dir;

    @Test
    void opensshOnAnUnassignedPortGivesBannersAndHasshEqualToTsharks() throws Exception {
        Requirements.root();
        Path sshd = Requirements.command("sshd");
        Requirements.command("ssh");
        Requirements.command("ssh-keygen");
        int port = Peers.freePort();
        Path hostKey = dir.resolve("host_ed25519");
        Path config = dir.resolve("sshd_config");
        Path pcap = dir.resolve("ssh.pcap");
        try (Peers peers = new Peers(dir)) {
            assertThat(peers.run(30, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()).process().exitValue()).isZero();
            Files.writeString(config, String.join("\n",
                    "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "PidFile " + dir.resolve("sshd.pid"),
                    "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication no",
                    "AuthorizedKeysFile none", "StrictModes no", "LogLevel ERROR", ""));
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
            peers.start(sshd.toString(), "-D", "-e", "-f", config.toString());
            Peers.awaitListening(port);
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                Peers.Peer client = peers.run(30, "ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                        "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-p", Integer.toString(port),
                        "nobody@127.0.0.1", "true");
                assertThat(client.output()).contains("Permission denied");
                cap.stop();
            }
        }
        org.wardwatch.protocols.nettest.Recorded.keep(pcap, "ssh/openssh.pcap");
        List<Observation> all = Pipeline.observe(pcap);
        // the port probe before the capture is not in it: one flow
        assertThat(of(all, FlowRecord.class)).singleElement().satisfies(f -> assertThat(f.application()).isEqualTo("ssh"));
        List<SshBannerSeen> banners = of(all, SshBannerSeen.class);
        assertThat(banners).hasSize(2).allSatisfy(b -> assertThat(b.softwareVersion()).startsWith("OpenSSH_"));
        List<SshKexSeen> kex = of(all, SshKexSeen.class);
        assertThat(kex).hasSize(2);
        SshKexSeen client = kex.stream().filter(SshKexSeen::fromClient).findFirst().orElseThrow();
        SshKexSeen server = kex.stream().filter(k -> !k.fromClient()).findFirst().orElseThrow();

        // tshark needs to be told the port is SSH (it does not detect SSH by content)
        List<String[]> t = Tshark.on(pcap).decodeAs("tcp.port==" + port + ",ssh").filter("ssh.protocol || ssh.kex.hassh || ssh.kex.hasshserver")
                .fields("ssh.protocol", "ssh.kex.hassh", "ssh.kex.hasshserver", "ssh.kex.hassh_algorithms");
        assertThat(t.stream().map(r -> r[0]).filter(x -> !x.isEmpty()).toList())
                .containsExactlyInAnyOrderElementsOf(banners.stream().map(SshBannerSeen::banner).toList());
        assertThat(t.stream().map(r -> r[1]).filter(x -> !x.isEmpty()).toList()).containsExactly(client.hassh());
        assertThat(t.stream().map(r -> r[2]).filter(x -> !x.isEmpty()).toList()).containsExactly(server.hassh());
        assertThat(t.stream().map(r -> r[3]).filter(x -> !x.isEmpty()).toList()).containsExactly(client.hasshAlgorithms());
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
