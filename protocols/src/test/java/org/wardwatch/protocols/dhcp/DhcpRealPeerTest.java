package org.wardwatch.protocols.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.model.obs.dhcp.DhcpServerReplied;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.nettest.Peers;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * busybox udhcpc obtaining a lease from busybox udhcpd across a veth pair between two private network
 * namespaces (no traffic leaves them), captured by tcpdump inside the server's namespace: the client's
 * hostname, vendor class and parameter request list, the server's offer and acknowledgement, and the
 * resulting MAC-IP binding are reported, and equal tshark's fields.
 */
class DhcpRealPeerTest {
    @TempDir
    Path dir;

    @Test
    void udhcpcLeaseFromUdhcpdInNamespacesIsReportedAsTsharkSeesIt() throws Exception {
        Requirements.root();
        Requirements.command("ip");
        Path busybox = Requirements.command("busybox");
        Path tcpdump = Requirements.command("tcpdump");
        String id = UUID.randomUUID().toString().substring(0, 6);
        String server = "wwds" + id;
        String client = "wwdc" + id;
        String vs = "wwvs" + id;
        String vc = "wwvc" + id;
        Path pcap = dir.resolve("dhcp.pcap");
        try (Peers peers = new Peers(dir)) {
            try {
                sh(peers, "ip", "netns", "add", server);
                sh(peers, "ip", "netns", "add", client);
                sh(peers, "ip", "link", "add", vs, "netns", server, "type", "veth", "peer", "name", vc, "netns", client);
                sh(peers, "ip", "-n", server, "addr", "add", "10.77.0.1/24", "dev", vs);
                sh(peers, "ip", "-n", server, "link", "set", vs, "up");
                sh(peers, "ip", "-n", client, "link", "set", vc, "up");
                String mac = peers.run(10, "ip", "-n", client, "-br", "link", "show", vc).output().trim().split("\\s+")[2];
                Path conf = dir.resolve("udhcpd.conf");
                Path leases = dir.resolve("udhcpd.leases");
                Files.writeString(leases, "");
                Files.writeString(conf, String.join("\n", "start 10.77.0.100", "end 10.77.0.110", "interface " + vs,
                        "lease_file " + leases, "pidfile " + dir.resolve("udhcpd.pid"), "option subnet 255.255.255.0",
                        "option router 10.77.0.1", "option dns 10.77.0.1", "option domain ward.example", "option lease 600", ""));
                Peers.Peer cap = peers.start("ip", "netns", "exec", server, tcpdump.toString(), "-i", vs, "--immediate-mode", "-U",
                        "-n", "-w", pcap.toString(), "udp port 67 or udp port 68");
                cap.await("listening on");
                peers.start("ip", "netns", "exec", server, busybox.toString(), "udhcpd", "-f", conf.toString()).await("started");
                Peers.Peer dhcpc = peers.run(60, "ip", "netns", "exec", client, busybox.toString(), "udhcpc", "-i", vc, "-f", "-q",
                        "-n", "-t", "10", "-T", "1", "-x", "hostname:ward-pump-7", "-V", "WardPump/1.0", "-s", "/bin/true");
                assertThat(dhcpc.output()).contains("lease of 10.77.0.1");
                // the client has its ACK, so the ACK passed the server's interface: wait until tcpdump wrote it
                List<Observation> all = List.of();
                for (int i = 0; i < 200 && of(all, DhcpServerReplied.class).stream().noneMatch(r -> r.messageType().equals("ack")); i++) {
                    Thread.sleep(50);
                    all = Files.size(pcap) > 24 ? Pipeline.observe(pcap) : List.of();
                }
                org.wardwatch.protocols.nettest.Recorded.keep(pcap, "dhcp/udhcpc-udhcpd.pcap");
                List<DhcpClientSeen> clients = of(all, DhcpClientSeen.class);
                List<DhcpServerReplied> replies = of(all, DhcpServerReplied.class);
                // udhcpc may repeat its discover before the offer arrives
                assertThat(clients).extracting(DhcpClientSeen::messageType).startsWith("discover").endsWith("request")
                        .containsOnly("discover", "request");
                assertThat(clients).allSatisfy(c -> {
                    assertThat(c.client()).isEqualTo(MacAddress.parse(mac));
                    assertThat(c.hostname()).isEqualTo("ward-pump-7");
                    assertThat(c.vendorClass()).isEqualTo("WardPump/1.0");
                    assertThat(c.parameterRequestList()).isNotEmpty();
                });
                // one offer per discover
                assertThat(replies).extracting(DhcpServerReplied::messageType).startsWith("offer").endsWith("ack")
                        .containsOnly("offer", "ack");
                DhcpServerReplied ack = replies.get(replies.size() - 1);
                assertThat(ack.serverIdentifier()).isEqualTo(IpAddress.parse("10.77.0.1"));
                assertThat(ack.leaseSeconds()).isEqualTo(600L);
                assertThat(ack.routers()).containsExactly(IpAddress.parse("10.77.0.1"));
                assertThat(ack.domainName()).isEqualTo("ward.example");
                assertThat(ack.yourAddress().toString()).startsWith("10.77.0.1");
                assertThat(of(all, AddressSeen.class)).filteredOn(a -> a.source().equals("dhcp")).singleElement()
                        .satisfies(a -> assertThat(a.ip()).isEqualTo(ack.yourAddress()));

                List<String[]> t = Tshark.on(pcap).filter("dhcp").fields("dhcp.option.hostname", "dhcp.option.vendor_class_id",
                        "dhcp.option.request_list_item", "dhcp.option.dhcp");
                assertThat(t).hasSize(clients.size() + replies.size());
                assertThat(t.get(0)[0]).isEqualTo(clients.get(0).hostname());
                assertThat(t.get(0)[1]).isEqualTo(clients.get(0).vendorClass());
                assertThat(t.get(0)[2]).isEqualTo(String.join(",", clients.get(0).parameterRequestList().stream().map(String::valueOf).toList()));
                List<String> ourTypes = all.stream().map(o -> o instanceof DhcpClientSeen c ? c.messageType()
                        : o instanceof DhcpServerReplied r ? r.messageType() : null).filter(x -> x != null)
                        .map(x -> switch (x) {
                            case "discover" -> "1";
                            case "offer" -> "2";
                            case "request" -> "3";
                            case "ack" -> "5";
                            default -> x;
                        }).toList();
                assertThat(t.stream().map(r -> r[3]).toList()).isEqualTo(ourTypes);
            } finally {
                peers.run(10, "ip", "netns", "del", client);
                peers.run(10, "ip", "netns", "del", server);
            }
        }
    }

    private static void sh(Peers peers, String... cmd) throws Exception {
        Peers.Peer p = peers.run(10, cmd);
        assertThat(p.process().exitValue()).as(String.join(" ", cmd) + ": " + p.output()).isZero();
    }

    private static <T> List<T> of(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
