package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.nettest.Comparison.fields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.dhcp.Dhcp6ClientSeen;
import org.wardwatch.model.obs.dhcp.Dhcp6ServerReplied;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.model.obs.dhcp.DhcpServerReplied;
import org.wardwatch.model.obs.dns.DnsAnswered;
import org.wardwatch.model.obs.dns.DnsQueried;
import org.wardwatch.model.obs.dns.DnsQuestion;
import org.wardwatch.model.obs.dns.DnsRecord;
import org.wardwatch.model.obs.ftp.FtpBannerSeen;
import org.wardwatch.model.obs.ftp.FtpCleartextLoginSeen;
import org.wardwatch.model.obs.ftp.FtpSystemReported;
import org.wardwatch.model.obs.http.HttpRequestSeen;
import org.wardwatch.model.obs.http.HttpResponseSeen;
import org.wardwatch.model.obs.netbios.NetbiosName;
import org.wardwatch.model.obs.netbios.NetbiosNameClaimed;
import org.wardwatch.model.obs.netbios.NetbiosNameQueried;
import org.wardwatch.model.obs.netbios.NetbiosNodeStatusSeen;
import org.wardwatch.model.obs.rdp.RdpNegotiationRequested;
import org.wardwatch.model.obs.rdp.RdpNegotiationResponded;
import org.wardwatch.model.obs.ssdp.SsdpAnnounced;
import org.wardwatch.model.obs.ssdp.SsdpSearchAnswered;
import org.wardwatch.model.obs.ssdp.SsdpSearched;
import org.wardwatch.model.obs.ssh.SshBannerSeen;
import org.wardwatch.model.obs.ssh.SshKexSeen;
import org.wardwatch.model.obs.tls.TlsCertificateSeen;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.model.obs.tls.TlsServerHelloSeen;
import org.wardwatch.model.obs.vnc.VncHandshakeSeen;

/**
 * The network analyzers, through the real pipeline, against tshark 4.0's dissectors on every corpus
 * capture that carries their protocols: per message, the tshark fields listed in each test equal the
 * observation fields. The summary of each protocol is printed (messages compared, messages agreeing,
 * the first disagreements) and collected for the closing table.
 *
 * <p>Disagreements are allowed only in the captures named in each test, with the reason.
 */
class NetworkTsharkAgreementTest {
    private static List<CorpusOracle.Capture> captures;
    private static final Map<String, String> SUMMARY = new TreeMap<>();

    @BeforeAll
    static void analyzeCorpus() {
        captures = CorpusOracle.all();
    }

    @AfterAll
    static void printTable() {
        System.out.println("== tshark agreement, network analyzers ==");
        SUMMARY.forEach((k, v) -> System.out.println(v));
    }

    private static Agreement run(Comparison c) {
        Agreement a = c.run(captures);
        SUMMARY.put(c.protocol(), a.summary());
        System.out.println(a.summary());
        return a;
    }

    // ------------------------------------------------------------------ DHCP

    @Test
    void dhcpFieldsEqualTsharks() {
        Agreement a = run(new Comparison("dhcp",
                f -> f.has("dhcp.type") && !f.layer("icmp"), f -> 1,
                f -> {
                    boolean client = f.first("dhcp.type").equals("1");
                    boolean eth = f.first("dhcp.hw.type").equals("0x01") && f.first("dhcp.hw.len").equals("6");
                    List<String> types = new ArrayList<>(f.all("dhcp.option.type"));
                    types.removeIf(t -> t.equals("0") || t.equals("255"));
                    String your = f.first("dhcp.ip.your");
                    return fields("dhcp.type", f.first("dhcp.type"), "dhcp.id", Long.decode(f.first("dhcp.id")),
                            "dhcp.option.dhcp", f.first("dhcp.option.dhcp"), "dhcp.hw.mac_addr", eth ? f.first("dhcp.hw.mac_addr") : null,
                            "dhcp.option.hostname", f.first("dhcp.option.hostname"),
                            "dhcp.option.request_list_item", client ? f.all("dhcp.option.request_list_item") : List.of(),
                            "dhcp.option.vendor_class_id", client ? f.first("dhcp.option.vendor_class_id") : null,
                            "dhcp.option.requested_ip_address", client ? f.first("dhcp.option.requested_ip_address") : null,
                            "dhcp.option.dhcp_server_id", client ? null : f.first("dhcp.option.dhcp_server_id"),
                            "dhcp.option.ip_address_lease_time", client ? null : f.first("dhcp.option.ip_address_lease_time"),
                            "dhcp.ip.your", client || your.equals("0.0.0.0") ? null : your,
                            "dhcp.option.type", types,
                            "dhcp.fqdn.name", client ? f.first("dhcp.fqdn.name") : null);
                },
                o -> o instanceof DhcpClientSeen || o instanceof DhcpServerReplied,
                o -> {
                    if (o instanceof DhcpClientSeen c) {
                        return fields("dhcp.type", "1", "dhcp.id", c.transactionId(), "dhcp.option.dhcp", typeNumber(c.messageType()),
                                "dhcp.hw.mac_addr", c.client(), "dhcp.option.hostname", c.hostname(),
                                "dhcp.option.request_list_item", c.parameterRequestList() == null ? List.of() : c.parameterRequestList(),
                                "dhcp.option.vendor_class_id", c.vendorClass(), "dhcp.option.requested_ip_address", c.requestedAddress(),
                                "dhcp.option.type", c.options(), "dhcp.fqdn.name", c.fqdn());
                    }
                    DhcpServerReplied s = (DhcpServerReplied) o;
                    return fields("dhcp.type", "2", "dhcp.id", s.transactionId(), "dhcp.option.dhcp", typeNumber(s.messageType()),
                            "dhcp.hw.mac_addr", s.client(), "dhcp.option.hostname", s.hostname(),
                            "dhcp.option.dhcp_server_id", s.serverIdentifier(), "dhcp.option.ip_address_lease_time", s.leaseSeconds(),
                            "dhcp.ip.your", s.yourAddress(), "dhcp.option.type", s.options());
                }));
        assertThat(a.messages()).isGreaterThan(10_000);
        assertThat(a.disagreements()).isEmpty();
    }

    static String typeNumber(String name) {
        String[] names = {"discover", "offer", "request", "decline", "ack", "nak", "release", "inform"};
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return Integer.toString(i + 1);
            }
        }
        return name.startsWith("type_") ? name.substring(5) : "";
    }

    @Test
    void dhcpv6FieldsEqualTsharks() {
        String[] types = {"", "solicit", "advertise", "request", "confirm", "renew", "rebind", "reply", "release", "decline",
            "reconfigure", "information_request"};
        Agreement a = run(new Comparison("dhcpv6",
                f -> f.has("dhcpv6.msgtype") && !f.layer("icmpv6"), f -> 1,
                f -> {
                    List<String> mt = f.all("dhcpv6.msgtype");
                    String inner = mt.get(mt.size() - 1);
                    boolean server = inner.equals("2") || inner.equals("7") || inner.equals("10");
                    List<String> xid = f.all("dhcpv6.xid");
                    return fields("dhcpv6.msgtype", inner, "dhcpv6.xid", Integer.decode(xid.get(xid.size() - 1)),
                            "dhcpv6.duid.bytes", server ? null : f.first("dhcpv6.duid.bytes").replace(":", ""),
                            "dhcpv6.requested_option_code", server ? List.of() : f.all("dhcpv6.requested_option_code"),
                            "dhcpv6.vendorclass.enterprise", server ? null : f.first("dhcpv6.vendorclass.enterprise"),
                            "dhcpv6.iaaddr.ip", server ? f.all("dhcpv6.iaaddr.ip") : List.of(),
                            "dhcpv6.dns_server", server ? f.all("dhcpv6.dns_server") : List.of());
                },
                o -> o instanceof Dhcp6ClientSeen || o instanceof Dhcp6ServerReplied,
                o -> {
                    if (o instanceof Dhcp6ClientSeen c) {
                        return fields("dhcpv6.msgtype", List.of(types).indexOf(c.messageType()), "dhcpv6.xid", c.transactionId(),
                                "dhcpv6.duid.bytes", c.clientDuid(),
                                "dhcpv6.requested_option_code", c.optionRequestList() == null ? List.of() : c.optionRequestList(),
                                "dhcpv6.vendorclass.enterprise", c.vendorEnterprise());
                    }
                    Dhcp6ServerReplied s = (Dhcp6ServerReplied) o;
                    return fields("dhcpv6.msgtype", List.of(types).indexOf(s.messageType()), "dhcpv6.xid", s.transactionId(),
                            "dhcpv6.iaaddr.ip", s.addresses(), "dhcpv6.dns_server", s.dnsServers());
                }));
        assertThat(a.messages()).isGreaterThan(10);
        assertThat(a.disagreements()).isEmpty();
    }

    // ------------------------------------------------------------------ DNS family

    @Test
    void dnsMdnsLlmnrFieldsEqualTsharks() {
        Agreement a = run(new Comparison("dns+mdns+llmnr",
                f -> f.has("dns.flags.response") && !f.layer("icmp") && !f.layer("icmpv6"), f -> f.all("dns.flags.response").size(),
                f -> {
                    List<String> names = new ArrayList<>();
                    List<String> types = f.all("dns.resp.type");
                    List<String> rn = f.all("dns.resp.name");
                    for (int i = 0; i < rn.size(); i++) {
                        if (i >= types.size() || !types.get(i).equals("41")) {
                            names.add(root(rn.get(i)));
                        }
                    }
                    return fields("dns.flags.response", f.all("dns.flags.response"),
                            "dns.qry.name", f.all("dns.qry.name").stream().map(NetworkTsharkAgreementTest::root).toList(),
                            "dns.qry.type", f.all("dns.qry.type"), "dns.resp.name", names, "dns.a", f.all("dns.a"),
                            "dns.aaaa", f.all("dns.aaaa"), "dns.ptr.domain_name", f.all("dns.ptr.domain_name").stream().map(NetworkTsharkAgreementTest::root).toList(),
                            "dns.srv.target", f.all("dns.srv.target"), "dns.srv.port", f.all("dns.srv.port"),
                            "dns.cname", f.all("dns.cname"), "dns.txt", f.all("dns.txt"));
                },
                o -> o instanceof DnsQueried || o instanceof DnsAnswered,
                o -> {
                    if (o instanceof DnsQueried q) {
                        return fields("dns.flags.response", "0", "dns.qry.name", q.questions().stream().map(DnsQuestion::name).toList(),
                                "dns.qry.type", q.questions().stream().map(DnsQuestion::type).toList());
                    }
                    DnsAnswered r = (DnsAnswered) o;
                    List<DnsRecord> rr = r.records();
                    return fields("dns.flags.response", "1", "dns.qry.name", r.questions().stream().map(DnsQuestion::name).toList(),
                            "dns.qry.type", r.questions().stream().map(DnsQuestion::type).toList(),
                            "dns.resp.name", rr.stream().map(DnsRecord::name).toList(),
                            "dns.a", data(rr, 1), "dns.aaaa", data(rr, 28), "dns.ptr.domain_name", data(rr, 12),
                            "dns.srv.target", rr.stream().filter(x -> x.type() == 33 && x.data() != null).map(x -> x.data().split(" ", 4)[3]).toList(),
                            "dns.srv.port", rr.stream().filter(x -> x.type() == 33 && x.data() != null).map(x -> x.data().split(" ", 4)[2]).toList(),
                            "dns.cname", data(rr, 5),
                            "dns.txt", rr.stream().filter(x -> x.type() == 16 && x.data() != null && !x.data().isEmpty())
                                    .flatMap(x -> List.of(x.data().split(", ", -1)).stream()).toList());
                }));
        assertThat(a.messages()).isGreaterThan(1500);
        // ndpi_fuzz-*: fuzzed bytes (extended label types, garbage records) tshark renders its own way;
        // ndpi_malformed_dns: names over 255 bytes (tshark prints "<Name too long>", we end the message there);
        // ndpi_badpackets: every IPv4 total length exceeds its frame, so the packet engine hands no UDP payload
        // up (ipv4_total_length_exceeds_frame) while tshark dissects what is there
        assertThat(a.disagreeingFiles()).isSubsetOf("ndpi_fuzz-2006-06-26-2594.pcap", "ndpi_malformed_dns.pcap",
                "ndpi_badpackets.pcap");
    }

    private static String root(String name) {
        return name.equals("<Root>") ? "" : name;
    }

    private static List<String> data(List<DnsRecord> rr, int type) {
        return rr.stream().filter(x -> x.type() == type && x.data() != null).map(DnsRecord::data).toList();
    }

    @Test
    void netbiosNameServiceFieldsEqualTsharks() {
        Agreement a = run(new Comparison("nbns",
                f -> {
                    if (!f.has("nbns.flags.opcode")) {
                        return false;
                    }
                    int op = Integer.decode(f.first("nbns.flags.opcode"));
                    boolean response = f.first("nbns.flags.response").equals("1");
                    return response ? op == 0 && f.first("nbns.flags.rcode").equals("0") && !f.first("nbns.count.answers").equals("0")
                            : op == 0 || op == 5 || op == 6 || op == 8 || op == 9 || op == 15;
                }, f -> 1,
                f -> {
                    String name = f.first("nbns.name");
                    int paren = name.indexOf(" (");
                    // a node status response is reported by the names it lists, not the (wildcard) name asked for
                    boolean nodeStatusResponse = f.first("nbns.flags.response").equals("1") && f.first("nbns.type").equals("33");
                    return fields("nbns.name", nodeStatusResponse ? null : paren < 0 ? name : name.substring(0, paren), "nbns.addr", f.all("nbns.addr"),
                            "nbns.netbios_name", f.all("nbns.netbios_name"));
                },
                o -> o instanceof NetbiosNameQueried || o instanceof NetbiosNameClaimed || o instanceof NetbiosNodeStatusSeen,
                o -> {
                    if (o instanceof NetbiosNameQueried q) {
                        return fields("nbns.name", nb(q.name()));
                    }
                    if (o instanceof NetbiosNameClaimed c) {
                        return fields("nbns.name", nb(c.name()), "nbns.addr", c.addresses());
                    }
                    NetbiosNodeStatusSeen s = (NetbiosNodeStatusSeen) o;
                    return fields("nbns.netbios_name", s.names().stream().map(NetbiosName::name).toList());
                }));
        assertThat(a.messages()).isGreaterThan(300);
        // the fuzzed capture's IPv4 header checksums are broken on most packets: the packet engine drops
        // them (ipv4_bad_header_checksum), tshark does not verify checksums
        assertThat(a.disagreeingFiles()).isSubsetOf("ndpi_fuzz-2006-06-26-2594.pcap");
    }

    private static String nb(NetbiosName n) {
        return n.name() + "<" + String.format("%02x", n.suffix()) + ">";
    }

    // ------------------------------------------------------------------ SSDP, HTTP

    @Test
    void ssdpFieldsEqualTsharks() {
        Agreement a = run(new Comparison("ssdp",
                f -> f.layer("ssdp") && f.layer("udp"), f -> 1,
                f -> fields("start", f.has("http.request.method") ? f.first("http.request.method") : f.first("http.response.code"),
                        "http.location", f.first("http.location"), "http.server", f.first("http.server"),
                        "http.user_agent", f.first("http.user_agent")),
                o -> o instanceof SsdpAnnounced || o instanceof SsdpSearched || o instanceof SsdpSearchAnswered,
                o -> {
                    if (o instanceof SsdpAnnounced n) {
                        return fields("start", "NOTIFY", "http.location", n.location(), "http.server", n.server());
                    }
                    if (o instanceof SsdpSearched s) {
                        return fields("start", "M-SEARCH", "http.user_agent", s.userAgent());
                    }
                    SsdpSearchAnswered r = (SsdpSearchAnswered) o;
                    return fields("start", "200", "http.location", r.location(), "http.server", r.server());
                }));
        assertThat(a.messages()).isGreaterThan(100);
        assertThat(a.disagreements()).isEmpty();
    }

    @Test
    void httpFieldsEqualTsharks() {
        Agreement a = run(new Comparison("http",
                f -> (f.has("http.request.method") || f.has("http.response.code")) && f.layer("tcp"),
                f -> f.all("http.request.method").size() + f.all("http.response.code").size(),
                f -> fields("http.request.method", f.all("http.request.method"),
                        "path", f.all("http.request.uri").stream().map(NetworkTsharkAgreementTest::pathOf).toList(),
                        "http.host", f.all("http.host"), "http.user_agent", f.all("http.user_agent"),
                        "http.response.code", f.all("http.response.code"), "http.server", f.all("http.server")),
                o -> o instanceof HttpRequestSeen || o instanceof HttpResponseSeen,
                o -> {
                    if (o instanceof HttpRequestSeen r) {
                        return fields("http.request.method", r.method(), "path", r.path(), "http.host", r.host(),
                                "http.user_agent", r.userAgent());
                    }
                    HttpResponseSeen r = (HttpResponseSeen) o;
                    return fields("http.response.code", r.status(), "http.server", r.server());
                }));
        assertThat(a.messages()).isGreaterThan(1000);
        // ndpi_fuzz-*: fuzzed bytes; wireshark_http_ooo: out-of-order segments the reassembler handles
        // differently from tshark (the engine's domain)
        assertThat(a.disagreeingFiles()).isSubsetOf("ndpi_fuzz-2006-09-29-28586.pcap", "wireshark_http_ooo.pcap");
    }

    /** tshark's request URI reduced as the analyzer reduces a request target (no query, identifiers as *). */
    static String pathOf(String uri) {
        return org.wardwatch.protocols.http.HttpAnalyzerAccess.pathOf(uri);
    }

    // ------------------------------------------------------------------ TLS

    @Test
    void tlsHelloAndCertificateFieldsEqualTsharks() {
        Agreement a = run(new Comparison("tls",
                f -> f.all("tls.handshake.type").stream().anyMatch(t -> t.equals("1") || t.equals("2") || t.equals("11"))
                        && f.layer("tcp"),
                f -> (int) f.all("tls.handshake.type").stream().filter(t -> t.equals("1") || t.equals("2") || t.equals("11")).count(),
                f -> fields("tls.handshake.extensions_server_name", f.all("tls.handshake.extensions_server_name"),
                        "tls.handshake.ja3_full", f.all("tls.handshake.ja3_full"), "tls.handshake.ja3", f.all("tls.handshake.ja3"),
                        "tls.handshake.ja3s_full", f.all("tls.handshake.ja3s_full"), "tls.handshake.ja3s", f.all("tls.handshake.ja3s"),
                        "tls.handshake.ciphersuite", f.all("tls.handshake.ciphersuite").stream().map(x -> Integer.toString(Integer.decode(x))).toList(),
                        "tls.handshake.extensions_alpn_str", f.all("tls.handshake.extensions_alpn_str"),
                        "certificates", java.util.Collections.nCopies(f.all("tls.handshake.certificate_length").size(), "1")),
                o -> o instanceof TlsClientHelloSeen || o instanceof TlsServerHelloSeen || o instanceof TlsCertificateSeen,
                o -> {
                    if (o instanceof TlsClientHelloSeen c) {
                        return fields("tls.handshake.extensions_server_name", c.sni(), "tls.handshake.ja3_full", c.ja3(),
                                "tls.handshake.ja3", c.ja3Hash(), "tls.handshake.ciphersuite", c.ciphers(),
                                "tls.handshake.extensions_alpn_str", c.alpn() == null ? List.of() : c.alpn());
                    }
                    if (o instanceof TlsServerHelloSeen s) {
                        return fields("tls.handshake.ja3s_full", s.ja3s(), "tls.handshake.ja3s", s.ja3sHash(),
                                "tls.handshake.ciphersuite", s.cipher(), "tls.handshake.extensions_alpn_str", s.alpn());
                    }
                    return fields("certificates", "1");
                }));
        assertThat(a.messages()).isGreaterThan(300);
        // nDPI's OSS-Fuzz seed: hellos whose lengths run past their record, which tshark reads anyway
        assertThat(a.disagreeingFiles()).isSubsetOf("ndpi_ossfuzz_seed_fake_traces_1.pcapng");
    }

    // ------------------------------------------------------------------ SSH, RDP

    @Test
    void sshBannersAndHasshEqualTsharks() {
        Agreement a = run(new Comparison("ssh",
                f -> f.has("ssh.protocol") || f.has("ssh.kex.hassh") || f.has("ssh.kex.hasshserver"),
                f -> f.all("ssh.protocol").size() + f.all("ssh.kex.hassh").size() + f.all("ssh.kex.hasshserver").size(),
                f -> fields("ssh.protocol", f.all("ssh.protocol"), "ssh.kex.hassh", f.all("ssh.kex.hassh"),
                        "ssh.kex.hasshserver", f.all("ssh.kex.hasshserver"), "ssh.kex.hassh_algorithms", f.all("ssh.kex.hassh_algorithms"),
                        "ssh.kex.hasshserver_algorithms", f.all("ssh.kex.hasshserver_algorithms")),
                o -> o instanceof SshBannerSeen || o instanceof SshKexSeen,
                o -> {
                    if (o instanceof SshBannerSeen b) {
                        return fields("ssh.protocol", b.banner());
                    }
                    SshKexSeen k = (SshKexSeen) o;
                    return k.fromClient() ? fields("ssh.kex.hassh", k.hassh(), "ssh.kex.hassh_algorithms", k.hasshAlgorithms())
                            : fields("ssh.kex.hasshserver", k.hassh(), "ssh.kex.hasshserver_algorithms", k.hasshAlgorithms());
                }));
        assertThat(a.messages()).isGreaterThan(40);
        assertThat(a.disagreements()).isEmpty();
    }

    @Test
    void rdpNegotiationEqualsTsharks() {
        Agreement a = run(new Comparison("rdp",
                f -> f.has("rdp.neg_type"), f -> 1,
                f -> fields("rdp.neg_type", Integer.decode(f.first("rdp.neg_type")),
                        "rdp.negReq.requestedProtocols", f.has("rdp.negReq.requestedProtocols") ? Long.decode(f.first("rdp.negReq.requestedProtocols")) : null,
                        "rdp.negReq.selectedProtocol", f.has("rdp.negReq.selectedProtocol") ? Long.decode(f.first("rdp.negReq.selectedProtocol")) : null,
                        "rdp.negFailure.failureCode", f.has("rdp.negFailure.failureCode") ? Long.decode(f.first("rdp.negFailure.failureCode")) : null),
                o -> o instanceof RdpNegotiationRequested || o instanceof RdpNegotiationResponded,
                o -> {
                    if (o instanceof RdpNegotiationRequested r) {
                        return fields("rdp.neg_type", r.requestedProtocolsMask() == null ? null : 1,
                                "rdp.negReq.requestedProtocols", r.requestedProtocolsMask() == null ? null : Integer.toUnsignedLong(r.requestedProtocolsMask()));
                    }
                    RdpNegotiationResponded r = (RdpNegotiationResponded) o;
                    return fields("rdp.neg_type", r.failureCode() != null ? 3 : r.flags() != null ? 2 : null,
                            "rdp.negReq.selectedProtocol", r.selectedProtocolValue() == null || r.flags() == null ? null
                                    : Integer.toUnsignedLong(r.selectedProtocolValue()),
                            "rdp.negFailure.failureCode", r.failureCode());
                }));
        assertThat(a.messages()).isGreaterThanOrEqualTo(2);
        assertThat(a.disagreements()).isEmpty();
    }

    // ------------------------------------------------------------------ per-capture comparisons

    @Test
    void ftpBannersSystemAndLoginsEqualTsharks() {
        Agreement a = new Agreement("ftp", List.of("ftp.response.arg of the first 220 per stream", "ftp.response.arg of 215",
                "PASS commands = logins reported + ftp_login_cap"));
        for (CorpusOracle.Capture c : captures) {
            List<String> banners = new ArrayList<>();
            List<String> systems = new ArrayList<>();
            Set<String> greeted = new TreeSet<>();
            int pass = 0;
            boolean any = false;
            for (CorpusOracle.Frame f : c.frames()) {
                if (!f.layer("ftp")) {
                    continue;
                }
                any = true;
                List<String> codes = f.all("ftp.response.code");
                List<String> args = f.all("ftp.response.arg");
                if (!codes.isEmpty() && greeted.add(f.first("tcp.stream")) && codes.get(0).equals("220")) {
                    banners.add(args.isEmpty() ? "" : args.get(0));
                }
                for (int i = 0; i < codes.size(); i++) {
                    if (codes.get(i).equals("215") && i < args.size()) {
                        systems.add(args.get(i));
                    }
                }
                pass += (int) f.all("ftp.request.command").stream().filter(x -> x.equals("PASS")).count();
            }
            if (!any) {
                continue;
            }
            List<String> ourBanners = new ArrayList<>();
            List<String> ourSystems = new ArrayList<>();
            int logins = 0;
            for (Observation o : c.observations()) {
                if (o instanceof FtpBannerSeen b) {
                    ourBanners.add(b.banner().split("\n", 2)[0]);
                } else if (o instanceof FtpSystemReported s) {
                    ourSystems.add(s.system());
                } else if (o instanceof FtpCleartextLoginSeen) {
                    logins++;
                }
            }
            ourBanners.sort(null);
            banners.sort(null);
            int capped = Math.max(0, pass - logins);
            a.message(c.name(), "banners", banners, ourBanners, "systems", systems, ourSystems,
                    "logins", pass, logins + Math.min(capped, countCapped(c)));
        }
        SUMMARY.put("ftp", a.summary());
        System.out.println(a.summary());
        assertThat(a.messages()).isGreaterThanOrEqualTo(3);
        // the fuzzed capture's FTP greeting is damaged where tshark looks for the reply code
        assertThat(a.disagreeingFiles()).isSubsetOf("ndpi_fuzz-2006-06-26-2594.pcap");
    }

    /** Logins beyond the per-connection cap are counted, not reported: estimate from flows with 16 reports. */
    private static int countCapped(CorpusOracle.Capture c) {
        Map<Object, Integer> perFlow = new HashMap<>();
        for (Observation o : c.observations()) {
            if (o instanceof FtpCleartextLoginSeen l) {
                perFlow.merge(l.flow(), 1, Integer::sum);
            }
        }
        return perFlow.values().stream().anyMatch(n -> n >= 16) ? Integer.MAX_VALUE : 0;
    }

    @Test
    void vncVersionsEqualTsharks() {
        Agreement a = new Agreement("vnc", List.of("vnc.server_proto_ver", "vnc.client_proto_ver"));
        for (CorpusOracle.Capture c : captures) {
            List<String> server = new ArrayList<>();
            List<String> client = new ArrayList<>();
            for (CorpusOracle.Frame f : c.frames()) {
                server.addAll(f.all("vnc.server_proto_ver"));
                client.addAll(f.all("vnc.client_proto_ver"));
            }
            if (server.isEmpty() && client.isEmpty()) {
                continue;
            }
            List<String> ourServer = new ArrayList<>();
            List<String> ourClient = new ArrayList<>();
            for (Observation o : c.observations()) {
                if (o instanceof VncHandshakeSeen h) {
                    if (h.serverVersion() != null) {
                        ourServer.add(h.serverVersion());
                    }
                    if (h.clientVersion() != null) {
                        ourClient.add(h.clientVersion());
                    }
                }
            }
            server.sort(null);
            client.sort(null);
            ourServer.sort(null);
            ourClient.sort(null);
            a.message(c.name(), "vnc.server_proto_ver", server, ourServer, "vnc.client_proto_ver", client, ourClient);
        }
        SUMMARY.put("vnc", a.summary());
        System.out.println(a.summary());
        assertThat(a.messages()).isGreaterThanOrEqualTo(1);
        assertThat(a.disagreements()).isEmpty();
    }

    @Test
    void telnetFlowsEqualTsharks() {
        Agreement a = new Agreement("telnet", List.of("tcp.stream with telnet → flow application telnet"));
        for (CorpusOracle.Capture c : captures) {
            Set<String> streams = new TreeSet<>();
            for (CorpusOracle.Frame f : c.frames()) {
                if (f.layer("telnet")) {
                    streams.add(f.first("tcp.stream"));
                }
            }
            if (streams.isEmpty()) {
                continue;
            }
            long ours = c.observations().stream().filter(o -> o instanceof FlowRecord r && "telnet".equals(r.application())).count();
            a.message(c.name(), "telnet flows", streams.size(), (int) ours);
        }
        SUMMARY.put("telnet", a.summary());
        System.out.println(a.summary());
        assertThat(a.messages()).isGreaterThanOrEqualTo(1);
        assertThat(a.disagreements()).isEmpty();
    }

    @Test
    void arpBindingsEqualTsharks() {
        Agreement a = new Agreement("arp", List.of("arp.src.hw_mac + arp.src.proto_ipv4 (distinct bindings per capture)"));
        for (CorpusOracle.Capture c : captures) {
            Set<String> theirs = new TreeSet<>();
            for (CorpusOracle.Frame f : c.frames()) {
                if (f.layer("arp") && f.first("arp.hw.type").equals("1") && !f.first("arp.src.proto_ipv4").equals("0.0.0.0")
                        && f.has("arp.src.proto_ipv4")) {
                    theirs.add(f.first("arp.src.hw_mac") + " " + f.first("arp.src.proto_ipv4"));
                }
            }
            if (theirs.isEmpty()) {
                continue;
            }
            Set<String> ours = new TreeSet<>();
            for (Observation o : c.observations()) {
                if (o instanceof AddressSeen s && s.source().startsWith("arp")) {
                    ours.add(s.mac() + " " + s.ip());
                }
            }
            a.message(c.name(), "bindings", theirs, ours);
        }
        SUMMARY.put("arp", a.summary());
        System.out.println(a.summary());
        assertThat(a.messages()).isGreaterThanOrEqualTo(5);
        printDisagreements(a);
    }

    @Test
    void ndpBindingsEqualTsharks() {
        Agreement a = new Agreement("ndp", List.of("icmpv6 133-136: source or target address + link-layer option"));
        for (CorpusOracle.Capture c : captures) {
            Set<String> theirs = new TreeSet<>();
            for (CorpusOracle.Frame f : c.frames()) {
                if (!f.has("icmpv6.type") || !f.first("ipv6.hlim").equals("255")) {
                    continue;
                }
                int type = Integer.parseInt(f.first("icmpv6.type"));
                List<String> lla = f.all("icmpv6.opt.linkaddr");
                List<String> optTypes = f.all("icmpv6.opt.type");
                String wanted = type == 136 ? "2" : "1";
                String mac = null;
                for (int i = 0; i < optTypes.size() && i < lla.size(); i++) {
                    if (optTypes.get(i).equals(wanted)) {
                        mac = lla.get(i);
                        break;
                    }
                }
                String ip = type == 136 ? f.first("icmpv6.nd.na.target_address") : f.first("ipv6.src");
                if (mac != null && !ip.equals("::") && !ip.isEmpty()) {
                    theirs.add(mac + " " + IpAddress.parse(ip));
                }
            }
            if (theirs.isEmpty()) {
                continue;
            }
            Set<String> ours = new TreeSet<>();
            for (Observation o : c.observations()) {
                if (o instanceof AddressSeen s && s.source().startsWith("ndp")) {
                    ours.add(s.mac() + " " + s.ip());
                }
            }
            a.message(c.name(), "bindings", theirs, ours);
        }
        SUMMARY.put("ndp", a.summary());
        System.out.println(a.summary());
        assertThat(a.messages()).isGreaterThanOrEqualTo(1);
        printDisagreements(a);
    }

    private static void printDisagreements(Agreement a) {
        // assertions per protocol are tightened once the disagreements are explained
        if (!a.disagreements().isEmpty()) {
            System.out.println("disagreeing captures for " + a.summary().split(":")[0] + ": " + a.disagreeingFiles());
        }
    }
}
