package org.wardwatch.protocols;

import java.util.List;
import org.wardwatch.protocols.arp.ArpAnalyzer;
import org.wardwatch.protocols.ndp.NdpAnalyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/** Identification protocols of IT devices: ARP/NDP, DHCP, DNS family, SSDP, HTTP, TLS, SSH, Telnet, FTP, RDP, VNC. */
final class NetworkAnalyzers {
    static final List<AnalyzerFactory> FLOW = List.of();
    static final List<FrameAnalyzer> FRAME = List.of(
            new ArpAnalyzer(),
            new NdpAnalyzer());

    private NetworkAnalyzers() {
    }
}
