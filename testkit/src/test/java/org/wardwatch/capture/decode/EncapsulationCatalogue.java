package org.wardwatch.capture.decode;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.testkit.Frames;

/** One frame per encapsulation the decoder supports, built with {@link Frames}. */
final class EncapsulationCatalogue {
    record Entry(String name, byte[] frame) {
    }

    private EncapsulationCatalogue() {
    }

    static final String A = "02:00:00:00:00:0a", B = "02:00:00:00:00:0b", C = "02:00:00:00:00:0c", D = "02:00:00:00:00:0d";

    /** Ethernet link type. */
    static List<Entry> ethernet() {
        List<Entry> out = new ArrayList<>();
        out.add(new Entry("ipv4 tcp syn with options", Frames.ethernet(A, B).ipv4("10.1.1.1", "10.1.1.2")
                .tcp(40001, 104).flags(Frames.SYN).seq(1000).synOptions(1460, 7).build()));
        out.add(new Entry("802.1Q ipv4 udp", Frames.ethernet(A, B).vlan(100).ipv4("10.1.1.3", "10.1.1.4")
                .udp(40000, 9).payload("hello").build()));
        out.add(new Entry("802.1ad QinQ ipv6 tcp", Frames.ethernet(A, B).qinq(300).vlan(200)
                .ipv6("2001:db8::1", "2001:db8::2").tcp(443, 50000).flags(Frames.ACK | Frames.PSH).seq(5).ack(9)
                .payload("data").build()));
        out.add(new Entry("double 802.1Q ipv4 icmp echo", Frames.ethernet(A, B).vlan(10).vlan(20)
                .ipv4("192.168.1.1", "192.168.1.2").icmp(8, 0, 0x00010001).payload("ping").build()));
        out.add(new Entry("ipv6 hop-by-hop routing destination options udp", Frames.ethernet(A, B)
                .ipv6("fe80::1", "ff02::1:3").ipv6Extension(0, 8).ipv6Extension(43, 8).ipv6Extension(60, 16)
                .udp(60000, 9).payload("discard").build()));
        out.add(new Entry("ipv6 authentication header tcp", Frames.ethernet(A, B).ipv6("2001:db8::5", "2001:db8::6")
                .ipv6Extension(51, 24).tcp(1234, 22).flags(Frames.ACK).build()));
        out.add(new Entry("icmpv6 neighbor solicitation", Frames.ethernet(A, "33:33:ff:00:00:02")
                .ipv6("fe80::1", "ff02::1:ff00:2").ttl(255).icmpv6(135, 0, 0)
                .payload(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}).build()));
        out.add(new Entry("arp request", Frames.ethernet(A, "ff:ff:ff:ff:ff:ff")
                .arp(1, A, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2").build()));
        out.add(new Entry("802.3 llc (stp)", Frames.ethernet(A, "01:80:c2:00:00:00").llc(0x42, 0x42, 3)
                .payload(new byte[35]).build()));
        out.add(new Entry("ipv4 options tcp", Frames.ethernet(A, B).ipv4("10.2.0.1", "10.2.0.2")
                .ipOptions(new byte[] {1, 1, 1, 0}).tcp(2575, 40000).flags(Frames.ACK).payload("MSH|").build()));
        out.add(new Entry("gre transparent ethernet bridging", Frames.ethernet(A, B).ipv4("198.51.100.1", "198.51.100.2")
                .gre().ethernet(C, D).ipv4("10.3.0.1", "10.3.0.2").tcp(50001, 11112).flags(Frames.SYN).build()));
        out.add(new Entry("gre key checksum ipv4 udp", Frames.ethernet(A, B).ipv4("198.51.100.1", "198.51.100.2")
                .gre().greKey(42).greChecksum().ipv4("10.3.0.3", "10.3.0.4").udp(50000, 9).payload("snmp").build()));
        out.add(new Entry("erspan type II, tag stripped", Frames.ethernet(A, B).vlan(999)
                .ipv4("198.51.100.10", "198.51.100.20").gre().erspan2(20)
                .ethernet(C, D).ipv4("10.4.0.1", "10.4.0.2").tcp(50002, 104).flags(Frames.SYN).build()));
        out.add(new Entry("erspan type II, tag kept", Frames.ethernet(A, B).ipv4("198.51.100.10", "198.51.100.20")
                .gre().erspan2(0).ethernet(C, D).vlan(30).ipv4("10.4.0.3", "10.4.0.4").udp(40010, 40011).payload("dhcp").build()));
        out.add(new Entry("erspan type III with platform subheader", Frames.ethernet(A, B)
                .ipv4("198.51.100.10", "198.51.100.20").gre().erspan3(40, true).ethernet(C, D)
                .ipv6("2001:db8:4::1", "2001:db8:4::2").tcp(50003, 443).flags(Frames.SYN | Frames.ACK).build()));
        out.add(new Entry("erspan type I", Frames.ethernet(A, B).ipv4("198.51.100.10", "198.51.100.20").gre().erspan1()
                .ethernet(C, D).ipv4("10.4.0.5", "10.4.0.6").udp(514, 514).payload("<13>syslog").build()));
        out.add(new Entry("vxlan", Frames.ethernet(A, B).ipv4("198.51.100.30", "198.51.100.40").udp(49152, 4789)
                .vxlan(5001).ethernet(C, D).vlan(50).ipv4("10.5.0.1", "10.5.0.2").tcp(50004, 2575)
                .flags(Frames.ACK | Frames.FIN).build()));
        out.add(new Entry("6in4", Frames.ethernet(A, B).ipv4("192.0.2.1", "192.0.2.2").ipv6("2001:db8:6::1", "2001:db8:6::2")
                .tcp(50005, 80).flags(Frames.SYN).build()));
        out.add(new Entry("ip in ip", Frames.ethernet(A, B).ipv4("192.0.2.1", "192.0.2.2").ipv4("10.6.0.1", "10.6.0.2")
                .udp(53000, 53).payload(new byte[12]).build()));
        out.add(new Entry("ipv6 udp empty payload", Frames.ethernet(A, B).ipv6("2001:db8::7", "2001:db8::8")
                .udp(40000, 7).build()));
        out.add(new Entry("tcp ecn flags", Frames.ethernet(A, B).ipv4("10.7.0.1", "10.7.0.2").tcp(40002, 80)
                .flags(Frames.SYN | 0x40 | 0x80).build()));
        return out;
    }
}
