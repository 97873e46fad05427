package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.protocols.arp.ArpAnalyzer;
import org.wardwatch.protocols.dhcp.Dhcp6Analyzer;
import org.wardwatch.protocols.dhcp.DhcpAnalyzer;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
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

/**
 * One fuzz target for the network family (after Suricata's fuzz_applayerparserparse): the first byte
 * picks the analyzer (the flow analyzers, then ARP and NDP), the second the first direction; the rest
 * is cut into chunks at each "\u00FF\u00FE" separator, alternating direction (frames for ARP/NDP). Each
 * probe also runs on each chunk. Property: no exception escapes an analyzer or a probe (the harness
 * counts {@code <name>_internal_error}) and buffering stays under the caps. Regression inputs (real
 * messages cut from the corpus and the real-peer captures, see the README there):
 * src/test/resources/org/wardwatch/protocols/nettest/NetworkAnalyzersFuzzTestInputs.
 */
class NetworkAnalyzersFuzzTest {
    /** Order is part of the seed format: append, never reorder. */
    static final List<AnalyzerFactory> FLOW = List.of(DhcpAnalyzer.FACTORY, Dhcp6Analyzer.FACTORY, NbnsAnalyzer.FACTORY,
            SsdpAnalyzer.FACTORY, DnsAnalyzer.MDNS_FACTORY, DnsAnalyzer.LLMNR_FACTORY, DnsAnalyzer.UDP_FACTORY, TlsAnalyzer.FACTORY,
            SshAnalyzer.FACTORY, RdpAnalyzer.FACTORY, VncAnalyzer.FACTORY, HttpAnalyzer.FACTORY, FtpAnalyzer.FACTORY,
            TelnetAnalyzer.FACTORY, DnsAnalyzer.TCP_FACTORY);
    static final int[] PORTS = {67, 547, 137, 1900, 5353, 5355, 53, 443, 22, 3389, 5900, 80, 21, 23, 53};
    static final int FRAME_ARP = FLOW.size();
    static final int FRAME_NDP = FLOW.size() + 1;
    private static final MacAddress SRC = MacAddress.parse("02:00:00:00:00:0a");

    @FuzzTest(maxDuration = "10s")
    void analyzersNeverThrowAndStayBounded(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int pick = (input[0] & 0xFF) % (FLOW.size() + 2);
        if (pick >= FLOW.size()) {
            FrameAnalyzer fa = pick == FRAME_ARP ? new ArpAnalyzer() : new NdpAnalyzer();
            AnalyzerHarness h = AnalyzerHarness.forFrames(fa);
            IpAddress src = pick == FRAME_NDP ? IpAddress.parse("fe80::1") : null;
            forEachChunk(input, (fromClient, from, to) -> h.frame(java.util.Arrays.copyOfRange(input, from, to), SRC,
                    MacAddress.BROADCAST, src, src == null ? null : IpAddress.parse("ff02::1")));
            assertThat(h.counter(fa.name() + "_internal_error")).isZero();
            return;
        }
        AnalyzerFactory f = FLOW.get(pick);
        AnalyzerHarness h = AnalyzerHarness.forFlow(f, PORTS[pick]);
        forEachChunk(input, (fromClient, from, to) -> {
            for (AnalyzerFactory any : FLOW) {
                any.probe(fromClient, input, from, to - from); // must not throw either
            }
            h.feed(fromClient, input, from, to - from);
        });
        h.end();
        assertThat(h.counter(f.name() + "_internal_error")).isZero();
    }

    /**
     * The NetBIOS datagram analyzer (added after the seed format of {@link #analyzersNeverThrowAndStayBounded}
     * was fixed): the input is cut into datagrams at each FF FE, each also probed. Seeds: the spec-made
     * datagrams of NbdgmMessages (nbdgmNeverThrowsAndStaysBounded/).
     */
    @FuzzTest(maxDuration = "5s")
    void nbdgmNeverThrowsAndStaysBounded(byte[] input) {
        AnalyzerHarness h = AnalyzerHarness.forFlow(NbdgmAnalyzer.FACTORY, 138);
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || (i + 1 < input.length && input[i] == (byte) 0xFF && input[i + 1] == (byte) 0xFE)) {
                NbdgmAnalyzer.FACTORY.probe(true, input, start, i - start);
                h.feed(true, input, start, i - start);
                start = i + 2;
                i++;
            }
        }
        h.end();
        assertThat(h.counter("nbdgm_internal_error")).isZero();
    }

    interface Chunk {
        void accept(boolean fromClient, int from, int to);
    }

    static void forEachChunk(byte[] input, Chunk chunk) {
        boolean fromClient = (input[1] & 1) == 0;
        int start = 2;
        for (int i = 2; i <= input.length; i++) {
            boolean sep = i + 1 < input.length && input[i] == (byte) 0xFF && input[i + 1] == (byte) 0xFE;
            if (sep || i == input.length) {
                chunk.accept(fromClient, start, i);
                fromClient = !fromClient;
                start = i + 2;
                i++;
            }
        }
    }
}
