package org.wardwatch.protocols;

import java.util.List;
import org.wardwatch.protocols.arp.ArpAnalyzer;
import org.wardwatch.protocols.dhcp.Dhcp6Analyzer;
import org.wardwatch.protocols.dhcp.DhcpAnalyzer;
import org.wardwatch.protocols.dns.DnsAnalyzer;
import org.wardwatch.protocols.ndp.NdpAnalyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/** Identification protocols of IT devices: ARP/NDP, DHCP, DNS family, SSDP, HTTP, TLS, SSH, Telnet, FTP, RDP, VNC. */
final class NetworkAnalyzers {
    /** Probe order: strict binary formats first, DNS (the loosest probe) last. */
    static final List<AnalyzerFactory> FLOW = List.of(
            DhcpAnalyzer.FACTORY,
            Dhcp6Analyzer.FACTORY,
            DnsAnalyzer.MDNS_FACTORY,
            DnsAnalyzer.LLMNR_FACTORY,
            DnsAnalyzer.UDP_FACTORY,
            DnsAnalyzer.TCP_FACTORY);
    static final List<FrameAnalyzer> FRAME = List.of(
            new ArpAnalyzer(),
            new NdpAnalyzer());

    private NetworkAnalyzers() {
    }
}
