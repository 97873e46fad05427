package org.wardwatch.protocols.nbdgm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.nbdgm.BrowserAnnouncementSeen;
import org.wardwatch.model.obs.nbdgm.NetbiosDatagramSeen;
import org.wardwatch.model.obs.netbios.NetbiosName;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

/** The NBDGM analyzer on datagrams written from the specifications ({@link NbdgmMessages}). */
class NbdgmAnalyzerTest {

    private static AnalyzerHarness feed(byte[]... datagrams) {
        AnalyzerHarness h = AnalyzerHarness.forFlow(NbdgmAnalyzer.FACTORY, 138);
        for (byte[] d : datagrams) {
            h.client(d);
        }
        return h.end();
    }

    @Test
    void printerHostAnnouncementYieldsNameOsVersionServerTypeAndComment() {
        AnalyzerHarness h = feed(NbdgmMessages.printerHostAnnouncement());
        assertThat(h.confirmed()).isTrue();
        NetbiosDatagramSeen d = h.observations(NetbiosDatagramSeen.class).get(0);
        assertThat(d.messageType()).isEqualTo("direct_group");
        assertThat(d.nodeType()).isEqualTo("b");
        assertThat(d.sourceIp()).isEqualTo(IpAddress.parse("10.20.30.40"));
        assertThat(d.sourcePort()).isEqualTo(138);
        assertThat(d.sourceName()).isEqualTo(new NetbiosName("WARDPRN07", 0x20, false));
        assertThat(d.destinationName()).isEqualTo(new NetbiosName("WARDNET", 0x1d, true));
        assertThat(d.mailslot()).isEqualTo("\\MAILSLOT\\BROWSE");
        assertThat(d.browserCommand()).isEqualTo("host_announcement");
        BrowserAnnouncementSeen a = h.observations(BrowserAnnouncementSeen.class).get(0);
        assertThat(a.serverName()).isEqualTo("WARDPRN07");
        assertThat(a.osMajor()).isEqualTo(6);
        assertThat(a.osMinor()).isEqualTo(1);
        assertThat(a.serverType()).isEqualTo(0x203L);
        assertThat(a.serverTypeFlags()).containsExactly("workstation", "server", "print_queue_server");
        assertThat(a.browserVersionMajor()).isEqualTo(15);
        assertThat(a.periodicityMs()).isEqualTo(720000);
        assertThat(a.comment()).isEqualTo("Ward 7 laser printer");
        assertThat(h.counters()).doesNotContainKeys("nbdgm_truncated", "nbdgm_bad_length");
    }

    @Test
    void domainAnnouncementNamesTheWorkgroupAndItsMasterBrowser() {
        AnalyzerHarness h = feed(NbdgmMessages.domainAnnouncement());
        NetbiosDatagramSeen d = h.observations(NetbiosDatagramSeen.class).get(0);
        assertThat(d.destinationName().name()).isEqualTo("<01><02>__MSBROWSE__<02>");
        assertThat(d.destinationName().suffix()).isEqualTo(1);
        BrowserAnnouncementSeen a = h.observations(BrowserAnnouncementSeen.class).get(0);
        assertThat(a.command()).isEqualTo("domain_announcement");
        assertThat(a.serverName()).isEqualTo("WARDNET");
        assertThat(a.comment()).isEqualTo("WSNURSE12");
        assertThat(a.serverTypeFlags()).containsExactly("nt", "domain_enum");
        assertThat(a.browserVersionMajor()).isEqualTo(15); // the 0xAA55 signature is there
    }

    @Test
    void otherMailslotsAndErrorDatagramsAreReportedWithoutABrowserFrame() {
        AnalyzerHarness h = feed(NbdgmMessages.netlogonDatagram(), NbdgmMessages.errorDatagram());
        List<NetbiosDatagramSeen> d = h.observations(NetbiosDatagramSeen.class);
        assertThat(d).hasSize(2);
        assertThat(d.get(0).messageType()).isEqualTo("direct_unique");
        assertThat(d.get(0).nodeType()).isEqualTo("p");
        assertThat(d.get(0).mailslot()).isEqualTo("\\MAILSLOT\\NET\\NETLOGON");
        assertThat(d.get(0).browserCommand()).isNull();
        assertThat(d.get(1).messageType()).isEqualTo("error");
        assertThat(d.get(1).errorCode()).isEqualTo(0x82);
        assertThat(d.get(1).sourceName()).isNull();
        assertThat(h.observations(BrowserAnnouncementSeen.class)).isEmpty();
    }

    @Test
    void everyTruncationIsCountedAndNeverThrows() {
        byte[] full = NbdgmMessages.printerHostAnnouncement();
        for (int n = 0; n < full.length; n++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(NbdgmAnalyzer.FACTORY, 138);
            h.client(NbdgmMessages.netlogonDatagram()); // confirmed first: a truncated datagram is an anomaly, not a violation
            h.client(Arrays.copyOf(full, n)).end();
            assertThat(h.counter("nbdgm_internal_error")).isZero();
            assertThat(h.counters().keySet()).as("prefix " + n).anyMatch(k -> k.equals("nbdgm_truncated") || k.equals("nbdgm_bad_name")
                    || k.equals("nbdgm_bad_length"));
            int missing = full.length - n;
            // partial is fine: a cut comment still leaves the fixed part of the frame, flagged by the length anomaly
            assertThat(h.observations(BrowserAnnouncementSeen.class)).allMatch(a -> a.serverName().equals("WARDPRN07")
                    && missing <= "Ward 7 laser printer".length() + 1);
        }
    }

    @Test
    void garbageOnPort138IsAViolation() {
        AnalyzerHarness h = feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(h.violated()).isTrue();
        assertThat(h.observations()).isEmpty();
    }

    @Test
    void probeAcceptsDatagramsAndRejectsOtherPayloads() {
        byte[] ok = NbdgmMessages.printerHostAnnouncement();
        assertThat(NbdgmAnalyzer.FACTORY.probe(true, ok, 0, ok.length)).isTrue();
        byte[] http = "GET / HTTP/1.1\r\nHost: printer.example\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(NbdgmAnalyzer.FACTORY.probe(true, http, 0, http.length)).isFalse();
        byte[] badFlags = ok.clone();
        badFlags[1] = (byte) 0x82;
        assertThat(NbdgmAnalyzer.FACTORY.probe(true, badFlags, 0, badFlags.length)).isFalse();
        byte[] badName = ok.clone();
        badName[20] = 'Z';
        assertThat(NbdgmAnalyzer.FACTORY.probe(true, badName, 0, badName.length)).isFalse();
    }

    /**
     * Detection is by payload: no other registered probe claims a NetBIOS datagram, and the NBDGM probe
     * claims none of the network family's seed exchanges (real-peer recordings and spec-made messages).
     */
    @Test
    void noOtherProbeClaimsDatagramsAndNbdgmClaimsNoOtherSeed() {
        byte[][] ours = {NbdgmMessages.printerHostAnnouncement(), NbdgmMessages.domainAnnouncement(), NbdgmMessages.netlogonDatagram()};
        for (org.wardwatch.protocols.spi.AnalyzerFactory f : org.wardwatch.protocols.Analyzers.flowAnalyzers()) {
            if (f == NbdgmAnalyzer.FACTORY) {
                continue;
            }
            for (byte[] d : ours) {
                assertThat(f.probe(true, d, 0, d.length)).as(f.name() + " claims a NetBIOS datagram").isFalse();
            }
        }
        int chunks = 0;
        for (String seed : org.wardwatch.protocols.nettest.Seeds.names()) {
            for (org.wardwatch.protocols.nettest.Seeds.Chunk c : org.wardwatch.protocols.nettest.Seeds.chunks(seed)) {
                assertThat(NbdgmAnalyzer.FACTORY.probe(c.fromClient(), c.data(), 0, c.data().length)).as(seed).isFalse();
                chunks++;
            }
        }
        assertThat(chunks).isGreaterThan(20);
    }

    /** Through the whole pipeline: datagrams between two unassigned ports are recognised by their bytes. */
    @Test
    void datagramsOnUnassignedPortsAreRecognisedByPayload() throws IOException {
        List<byte[]> frames = List.of(
                org.wardwatch.testkit.Frames.ethernet("02:00:00:00:00:07", "ff:ff:ff:ff:ff:ff").ipv4("10.20.30.40", "10.20.30.255")
                        .udp(40138, 40139).payload(NbdgmMessages.printerHostAnnouncement()).build(),
                org.wardwatch.testkit.Frames.ethernet("02:00:00:00:00:07", "ff:ff:ff:ff:ff:ff").ipv4("10.20.30.40", "10.20.30.255")
                        .udp(40138, 40139).payload(NbdgmMessages.netlogonDatagram()).build());
        List<org.wardwatch.model.Observation> all = new java.util.ArrayList<>();
        org.wardwatch.protocols.Pipeline.run(List.of(org.wardwatch.testkit.Frames.source(
                org.wardwatch.testkit.Frames.timed(frames, 1_700_000_000_000_000_000L, 1_000_000L))),
                org.wardwatch.capture.engine.EngineConfig.defaults(), all::add, null);
        assertThat(all).filteredOn(NetbiosDatagramSeen.class::isInstance).hasSize(2);
        assertThat(all).filteredOn(BrowserAnnouncementSeen.class::isInstance).singleElement()
                .satisfies(o -> assertThat(((BrowserAnnouncementSeen) o).serverName()).isEqualTo("WARDPRN07"));
        assertThat(all).filteredOn(org.wardwatch.model.obs.FlowRecord.class::isInstance)
                .singleElement().satisfies(o -> assertThat(((org.wardwatch.model.obs.FlowRecord) o).application()).isEqualTo("nbdgm"));
    }

    /** Writes the fuzz seeds of NetworkAnalyzersFuzzTest#nbdgmNeverThrowsAndStaysBounded: -Dwardwatch.writeFixtures=true. */
    @Test
    void seedsAreTheSpecMadeDatagrams() throws IOException {
        Path dir = Path.of("src/test/resources/org/wardwatch/protocols/nettest/NetworkAnalyzersFuzzTestInputs/nbdgmNeverThrowsAndStaysBounded");
        byte[][] seeds = {NbdgmMessages.printerHostAnnouncement(), NbdgmMessages.domainAnnouncement(),
            NbdgmMessages.netlogonDatagram(), NbdgmMessages.errorDatagram()};
        String[] names = {"host-announcement-printer", "domain-announcement", "netlogon-direct-unique", "error-datagram"};
        for (int i = 0; i < seeds.length; i++) {
            Path f = dir.resolve(names[i]);
            if (Boolean.getBoolean("wardwatch.writeFixtures")) {
                Files.createDirectories(dir);
                Files.write(f, seeds[i]);
            }
            assertThat(f).exists();
            assertThat(Files.readAllBytes(f)).isEqualTo(seeds[i]);
        }
    }
}
