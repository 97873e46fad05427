package org.wardwatch.protocols.nettest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exchanges written by hand from the specifications' message layouts, for the protocols no real peer
 * runs here (or whose public captures may not be copied into the repository): DNS, mDNS/DNS-SD,
 * LLMNR, NetBIOS name service, SSDP, DHCPv6, FTP, Telnet, RDP, VNC, DNS over TCP. Each is a list of
 * directional chunks (UDP: one datagram each). Names and addresses are made up.
 */
public final class HandWrittenMessages {
    private HandWrittenMessages() {
    }

    /** Scenario name → (protocol index in NetworkAnalyzersFuzzTest.FLOW, chunks). */
    public record Exchange(int analyzer, int serverPort, List<Seeds.Chunk> chunks) {
    }

    public static Map<String, Exchange> all() {
        Map<String, Exchange> m = new LinkedHashMap<>();
        m.put("dns/query-cname-a-aaaa", new Exchange(6, 53, List.of(c(dnsQuery()), s(dnsResponse()))));
        m.put("mdns/ipp-printer-announcement", new Exchange(4, 5353, List.of(c(mdnsQuery()), s(mdnsAnnouncement()))));
        m.put("llmnr/query-answer", new Exchange(5, 5355, List.of(c(llmnr(false)), s(llmnr(true)))));
        m.put("nbns/query-and-node-status", new Exchange(2, 137, List.of(c(nbnsQuery()), s(nbnsNodeStatus()))));
        m.put("ssdp/search-and-answer", new Exchange(3, 1900, List.of(c(ascii(M_SEARCH)), s(ascii(SEARCH_ANSWER)))));
        m.put("ssdp/notify", new Exchange(3, 1900, List.of(c(ascii(NOTIFY)))));
        m.put("dhcpv6/solicit-advertise", new Exchange(1, 547, List.of(c(dhcp6Solicit()), s(dhcp6Advertise()))));
        m.put("ftp/login-syst", new Exchange(12, 21, List.of(s(ascii("220 PumpGate FTP server ready\r\n")),
                c(ascii("USER biomed\r\n")), s(ascii("331 Password required for biomed\r\n")), c(ascii("PASS not-a-real-password\r\n")),
                s(ascii("230 User biomed logged in\r\n")), c(ascii("SYST\r\n")), s(ascii("215 UNIX Type: L8\r\n")),
                c(ascii("QUIT\r\n")), s(ascii("221 Goodbye\r\n")))));
        m.put("telnet/banner-login", new Exchange(13, 23, List.of(
                s(new byte[] {(byte) 255, (byte) 251, 1, (byte) 255, (byte) 251, 3, (byte) 255, (byte) 253, 24, (byte) 255, (byte) 253, 31}),
                c(new byte[] {(byte) 255, (byte) 253, 1, (byte) 255, (byte) 253, 3, (byte) 255, (byte) 252, 24, (byte) 255, (byte) 252, 31}),
                s(ascii("\r\nInfusion Gateway IG-200 v2.1.4\r\nlogin: ")), c(ascii("service\r\n")), s(ascii("service\r\nPassword: ")),
                c(ascii("not-a-real-password\r\n")), s(ascii("\r\nWelcome\r\n$ ")))));
        m.put("rdp/negotiation-hybrid", new Exchange(9, 3389, List.of(c(rdpRequest()), s(rdpConfirm()))));
        m.put("vnc/rfb38-none", new Exchange(10, 5900, List.of(s(ascii("RFB 003.008\n")), c(ascii("RFB 003.008\n")),
                s(new byte[] {2, 1, 2}), c(new byte[] {1}), s(new byte[] {0, 0, 0, 0}))));
        m.put("dns-tcp/query-answer", new Exchange(14, 53, List.of(c(framed(dnsQuery())), s(framed(dnsResponse())))));
        return m;
    }

    // ------------------------------------------------------------------ DNS family (RFC 1035, 6762, 6763, 4795)

    static byte[] dnsQuery() {
        return new DnsWriter(0x1234, 0x0100).question("ward-server.hospital.example", 1, 1).bytes();
    }

    static byte[] dnsResponse() {
        return new DnsWriter(0x1234, 0x8180).question("ward-server.hospital.example", 1, 1)
                .answer("ward-server.hospital.example", 5, 1, 300, DnsWriter.name("srv-04.hospital.example"))
                .answer("srv-04.hospital.example", 1, 1, 300, new byte[] {10, 20, 0, 4})
                .answer("srv-04.hospital.example", 28, 1, 300, ipv6("fd00:20::4"))
                .bytes();
    }

    static byte[] mdnsQuery() {
        return new DnsWriter(0, 0).question("_ipp._tcp.local", 12, 0x8001).bytes();
    }

    static byte[] mdnsAnnouncement() {
        return new DnsWriter(0, 0x8400)
                .answer("_ipp._tcp.local", 12, 1, 4500, DnsWriter.name("Ward 5 Label Printer._ipp._tcp.local"))
                .answer("Ward 5 Label Printer._ipp._tcp.local", 33, 0x8001, 120, DnsWriter.srv(0, 0, 631, "lp-ward5.local"))
                .answer("Ward 5 Label Printer._ipp._tcp.local", 16, 0x8001, 4500,
                        DnsWriter.txt("txtvers=1", "ty=Example LP-9", "product=(LP-9)", "usb_MFG=Example", "usb_MDL=LP-9"))
                .answer("lp-ward5.local", 1, 0x8001, 120, new byte[] {10, 5, 0, 80})
                .bytes();
    }

    static byte[] llmnr(boolean response) {
        DnsWriter w = new DnsWriter(0x4d2a, response ? 0x8000 : 0).question("PUMP-17", 1, 1);
        if (response) {
            w.answer("PUMP-17", 1, 1, 30, new byte[] {10, 5, 0, 17});
        }
        return w.bytes();
    }

    static byte[] framed(byte[] message) {
        byte[] out = new byte[message.length + 2];
        out[0] = (byte) (message.length >> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    // ------------------------------------------------------------------ NetBIOS name service (RFC 1002 4.2)

    static byte[] nbnsQuery() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x51, 0x0a, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0}); // query, RD, broadcast
        b.writeBytes(nbName("PUMP-17", 0x00));
        b.writeBytes(new byte[] {0, 0x20, 0, 1});
        return b.toByteArray();
    }

    static byte[] nbnsNodeStatus() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x51, 0x0b, (byte) 0x84, 0x00, 0, 0, 0, 1, 0, 0, 0, 0}); // response, AA, 1 answer
        b.writeBytes(nbName("*", 0x00));
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        rdata.write(3);
        rdata.writeBytes(nbEntry("PUMP-17", 0x00, false));
        rdata.writeBytes(nbEntry("WARD5", 0x00, true));
        rdata.writeBytes(nbEntry("PUMP-17", 0x20, false));
        rdata.writeBytes(new byte[] {0x00, 0x1b, 0x21, 0x3a, 0x4b, 0x5c}); // unit ID
        rdata.writeBytes(new byte[40]); // statistics
        byte[] r = rdata.toByteArray();
        b.writeBytes(new byte[] {0, 0x21, 0, 1, 0, 0, 0, 0, (byte) (r.length >> 8), (byte) r.length});
        b.writeBytes(r);
        return b.toByteArray();
    }

    /** First-level encoded NetBIOS name (RFC 1001 14.1) as a one-label domain name. */
    static byte[] nbName(String name, int suffix) {
        byte[] raw = new byte[16];
        java.util.Arrays.fill(raw, (byte) ' ');
        if (name.equals("*")) {
            java.util.Arrays.fill(raw, (byte) 0);
            raw[0] = '*';
        } else {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, raw, 0, Math.min(15, n.length));
        }
        raw[15] = (byte) suffix;
        byte[] out = new byte[34];
        out[0] = 32;
        for (int i = 0; i < 16; i++) {
            out[1 + 2 * i] = (byte) ('A' + ((raw[i] >> 4) & 0xF));
            out[2 + 2 * i] = (byte) ('A' + (raw[i] & 0xF));
        }
        out[33] = 0;
        return out;
    }

    static byte[] nbEntry(String name, int suffix, boolean group) {
        byte[] e = new byte[18];
        java.util.Arrays.fill(e, 0, 15, (byte) ' ');
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, e, 0, n.length);
        e[15] = (byte) suffix;
        e[16] = (byte) (group ? 0x84 : 0x04); // G flag, ACT
        return e;
    }

    // ------------------------------------------------------------------ SSDP (UPnP Device Architecture 2.0 section 1)

    static final String M_SEARCH = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\n"
            + "ST: ssdp:all\r\nUSER-AGENT: WardTablet/3.1 UPnP/1.1 ControlPoint/1.0\r\n\r\n";
    static final String SEARCH_ANSWER = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
            + "LOCATION: http://10.5.0.40:49152/description.xml\r\nSERVER: Linux/4.14 UPnP/1.0 BedView/2.0\r\n"
            + "ST: upnp:rootdevice\r\nUSN: uuid:0f3a5c5e-1111-2222-3333-444455556666::upnp:rootdevice\r\n\r\n";
    static final String NOTIFY = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
            + "LOCATION: http://10.5.0.40:49152/description.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
            + "SERVER: Linux/4.14 UPnP/1.0 BedView/2.0\r\nUSN: uuid:0f3a5c5e-1111-2222-3333-444455556666::upnp:rootdevice\r\n\r\n";

    // ------------------------------------------------------------------ DHCPv6 (RFC 8415)

    static byte[] dhcp6Solicit() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {1, 0x0a, 0x0b, 0x0c});
        option(b, 1, bytes(0, 1, 0, 1, 0x2c, 0x1a, 0x3f, 0x10, 0x00, 0x1b, 0x21, 0x3a, 0x4b, 0x5c)); // DUID-LLT
        option(b, 6, bytes(0, 23, 0, 24, 0, 39)); // ORO: DNS servers, domain list, FQDN
        option(b, 8, bytes(0, 0)); // elapsed time
        option(b, 3, bytes(0x21, 0x3a, 0x4b, 0x5c, 0, 0, 0, 0, 0, 0, 0, 0)); // IA_NA
        ByteArrayOutputStream vc = new ByteArrayOutputStream();
        vc.writeBytes(bytes(0, 0, 0x01, 0x37)); // enterprise 311
        byte[] v = ascii("MSFT 5.0");
        vc.writeBytes(bytes(0, v.length));
        vc.writeBytes(v);
        option(b, 16, vc.toByteArray());
        ByteArrayOutputStream fqdn = new ByteArrayOutputStream();
        fqdn.write(0);
        fqdn.writeBytes(DnsWriter.name("pump-17.ward.example"));
        option(b, 39, fqdn.toByteArray());
        return b.toByteArray();
    }

    static byte[] dhcp6Advertise() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {2, 0x0a, 0x0b, 0x0c});
        option(b, 1, bytes(0, 1, 0, 1, 0x2c, 0x1a, 0x3f, 0x10, 0x00, 0x1b, 0x21, 0x3a, 0x4b, 0x5c));
        option(b, 2, bytes(0, 3, 0, 1, 0x02, 0, 0, 0, 0x01, 0x01)); // DUID-LL of the server
        ByteArrayOutputStream ia = new ByteArrayOutputStream();
        ia.writeBytes(bytes(0x21, 0x3a, 0x4b, 0x5c, 0, 0, 0x0e, 0x10, 0, 0, 0x15, 0x18));
        ByteArrayOutputStream addr = new ByteArrayOutputStream();
        addr.writeBytes(ipv6("fd00:5::117"));
        addr.writeBytes(bytes(0, 0, 0x1c, 0x20, 0, 0, 0x2a, 0x30));
        option(ia, 5, addr.toByteArray());
        option(b, 3, ia.toByteArray());
        option(b, 23, ipv6("fd00:5::53"));
        option(b, 24, DnsWriter.name("ward.example"));
        return b.toByteArray();
    }

    private static void option(ByteArrayOutputStream b, int code, byte[] value) {
        b.writeBytes(bytes(code >> 8, code & 0xff, value.length >> 8, value.length & 0xff));
        b.writeBytes(value);
    }

    // ------------------------------------------------------------------ RDP (MS-RDPBCGR 2.2.1.1, 2.2.1.2)

    static byte[] rdpRequest() {
        byte[] cookie = ascii("Cookie: mstshash=ward.user\r\n");
        int len = 11 + cookie.length + 8;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {3, 0, (byte) (len >> 8), (byte) len, (byte) (len - 5), (byte) 0xE0, 0, 0, 0, 0, 0});
        b.writeBytes(cookie);
        b.writeBytes(new byte[] {1, 0, 8, 0, 0x0b, 0, 0, 0}); // SSL | HYBRID | HYBRID_EX
        return b.toByteArray();
    }

    static byte[] rdpConfirm() {
        return new byte[] {3, 0, 0, 19, 14, (byte) 0xD0, 0, 0, 0x12, 0x34, 0, 2, 0x1f, 8, 0, 2, 0, 0, 0}; // HYBRID
    }

    // ------------------------------------------------------------------ helpers

    private static Seeds.Chunk c(byte[] b) {
        return new Seeds.Chunk(true, b);
    }

    private static Seeds.Chunk s(byte[] b) {
        return new Seeds.Chunk(false, b);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    static byte[] ipv6(String text) {
        return org.wardwatch.model.IpAddress.parse(text).toBytes();
    }

    /** A DNS message writer without compression. */
    public static final class DnsWriter {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final int id;
        private final int flags;
        private int qd;
        private int an;

        public DnsWriter(int id, int flags) {
            this.id = id;
            this.flags = flags;
        }

        public DnsWriter question(String name, int type, int qclass) {
            body.writeBytes(name(name));
            body.writeBytes(HandWrittenMessages.bytes(type >> 8, type, qclass >> 8, qclass));
            qd++;
            return this;
        }

        public DnsWriter answer(String name, int type, int rclass, int ttl, byte[] rdata) {
            body.writeBytes(name(name));
            body.writeBytes(HandWrittenMessages.bytes(type >> 8, type, rclass >> 8, rclass, ttl >>> 24, ttl >> 16, ttl >> 8, ttl,
                    rdata.length >> 8, rdata.length));
            body.writeBytes(rdata);
            an++;
            return this;
        }

        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(HandWrittenMessages.bytes(id >> 8, id, flags >> 8, flags, 0, qd, 0, an, 0, 0, 0, 0));
            out.writeBytes(body.toByteArray());
            return out.toByteArray();
        }

        /** Labels split at dots (instance names here hold no dots). */
        public static byte[] name(String name) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (String label : name.split("\\.")) {
                byte[] l = label.getBytes(StandardCharsets.UTF_8);
                b.write(l.length);
                b.writeBytes(l);
            }
            b.write(0);
            return b.toByteArray();
        }

        public static byte[] srv(int prio, int weight, int port, String target) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(HandWrittenMessages.bytes(prio >> 8, prio, weight >> 8, weight, port >> 8, port));
            b.writeBytes(name(target));
            return b.toByteArray();
        }

        public static byte[] txt(String... strings) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (String s : strings) {
                byte[] t = s.getBytes(StandardCharsets.UTF_8);
                b.write(t.length);
                b.writeBytes(t);
            }
            return b.toByteArray();
        }
    }
}
