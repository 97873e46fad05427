package org.wardwatch.protocols;

import java.util.List;
import org.wardwatch.protocols.arp.ArpAnalyzer;
import org.wardwatch.protocols.dhcp.Dhcp6Analyzer;
import org.wardwatch.protocols.dhcp.DhcpAnalyzer;
import org.wardwatch.protocols.dns.DnsAnalyzer;
import org.wardwatch.protocols.dns.NbnsAnalyzer;
import org.wardwatch.protocols.ftp.FtpAnalyzer;
import org.wardwatch.protocols.http.HttpAnalyzer;
import org.wardwatch.protocols.nbdgm.NbdgmAnalyzer;
import org.wardwatch.protocols.ndp.NdpAnalyzer;
import org.wardwatch.protocols.rdp.RdpAnalyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;
import org.wardwatch.protocols.ssdp.SsdpAnalyzer;
import org.wardwatch.protocols.ssh.SshAnalyzer;
import org.wardwatch.protocols.telnet.TelnetAnalyzer;
import org.wardwatch.protocols.tls.TlsAnalyzer;
import org.wardwatch.protocols.vnc.VncAnalyzer;

/** Identification protocols of IT devices: ARP/NDP, DHCP, DNS family, SSDP, HTTP, TLS, SSH, Telnet, FTP, RDP, VNC. */
final class NetworkAnalyzers {
    /** Probe order: strict binary formats first, the loosest probes (DNS) last. */
    static final List<AnalyzerFactory> FLOW = List.of(
            DhcpAnalyzer.FACTORY,
            Dhcp6Analyzer.FACTORY,
            NbnsAnalyzer.FACTORY,
            NbdgmAnalyzer.FACTORY,
            SsdpAnalyzer.FACTORY,
            DnsAnalyzer.MDNS_FACTORY,
            DnsAnalyzer.LLMNR_FACTORY,
            DnsAnalyzer.UDP_FACTORY,
            TlsAnalyzer.FACTORY,
            SshAnalyzer.FACTORY,
            RdpAnalyzer.FACTORY,
            VncAnalyzer.FACTORY,
            HttpAnalyzer.FACTORY,
            FtpAnalyzer.FACTORY,
            TelnetAnalyzer.FACTORY,
            DnsAnalyzer.TCP_FACTORY);

    /** Frame analyzers keep bounded tables of their own: one new set per pipeline. */
    static List<FrameAnalyzer> frame() {
        return List.of(
            new ArpAnalyzer(),
            new NdpAnalyzer());
    }

    private NetworkAnalyzers() {
    }
}
