package org.wardwatch.protocols.arp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.protocols.nettest.Hex;
import org.wardwatch.protocols.nettest.RecordingContext;

class ArpAnalyzerTest {
    // request who-has 10.0.0.1 tell 10.0.0.23 from 00:11:22:33:44:55
    static final String REQUEST = "0001 0800 06 04 0001 001122334455 0a000017 000000000000 0a000001";
    static final String GRATUITOUS = "0001 0800 06 04 0001 001122334455 0a000017 ffffffffffff 0a000017";
    static final String PROBE = "0001 0800 06 04 0001 001122334455 00000000 000000000000 0a000017";

    private static RecordingContext frameFrom(String mac) {
        RecordingContext ctx = new RecordingContext();
        ctx.clientMac = MacAddress.parse(mac);
        ctx.serverMac = MacAddress.BROADCAST;
        return ctx;
    }

    @Test
    void reportsSenderBindingOfRequest() {
        RecordingContext ctx = frameFrom("00:11:22:33:44:55");
        byte[] b = Hex.bytes(REQUEST);
        new ArpAnalyzer().onFrame(b, 0, b.length, ctx);
        assertThat(ctx.of(AddressSeen.class)).singleElement().satisfies(a -> {
            assertThat(a.mac()).isEqualTo(MacAddress.parse("00:11:22:33:44:55"));
            assertThat(a.ip()).isEqualTo(IpAddress.parse("10.0.0.23"));
            assertThat(a.source()).isEqualTo("arp");
        });
        assertThat(ctx.anomalies).isEmpty();
    }

    @Test
    void namesGratuitousArp() {
        RecordingContext ctx = frameFrom("00:11:22:33:44:55");
        byte[] b = Hex.bytes(GRATUITOUS);
        new ArpAnalyzer().onFrame(b, 0, b.length, ctx);
        assertThat(ctx.of(AddressSeen.class)).singleElement().extracting(AddressSeen::source).isEqualTo("arp_gratuitous");
    }

    @Test
    void probeFromUnspecifiedAddressBindsNothing() {
        RecordingContext ctx = frameFrom("00:11:22:33:44:55");
        byte[] b = Hex.bytes(PROBE);
        new ArpAnalyzer().onFrame(b, 0, b.length, ctx);
        assertThat(ctx.observations).isEmpty();
    }

    @Test
    void reportsARepeatedBindingOncePerRefreshInterval() {
        ArpAnalyzer arp = new ArpAnalyzer();
        RecordingContext ctx = frameFrom("00:11:22:33:44:55");
        byte[] b = Hex.bytes(REQUEST);
        for (int i = 0; i < 100; i++) {
            ctx.tsNanos += 1_000_000_000L; // one per second for 100 s
            arp.onFrame(b, 0, b.length, ctx);
        }
        assertThat(ctx.observations).hasSize(1);
        ctx.tsNanos += 601L * 1_000_000_000L;
        arp.onFrame(b, 0, b.length, ctx);
        assertThat(ctx.observations).hasSize(2);
    }

    @Test
    void countsSenderMacThatDiffersFromEthernetSource() {
        RecordingContext ctx = frameFrom("00:aa:bb:cc:dd:ee");
        byte[] b = Hex.bytes(REQUEST);
        new ArpAnalyzer().onFrame(b, 0, b.length, ctx);
        assertThat(ctx.anomalies).containsEntry("arp_sender_mac_mismatch", 1);
        assertThat(ctx.observations).hasSize(1);
    }

    @Test
    void countsTruncatedAndForeignFrames() {
        ArpAnalyzer arp = new ArpAnalyzer();
        RecordingContext ctx = frameFrom("00:11:22:33:44:55");
        byte[] b = Hex.bytes(REQUEST);
        for (int len = 0; len < b.length; len++) {
            arp.onFrame(b, 0, len, ctx);
        }
        byte[] tokenRing = Hex.bytes("0006 0800 06 04 0001 001122334455 0a000017 000000000000 0a000001");
        arp.onFrame(tokenRing, 0, tokenRing.length, ctx);
        assertThat(ctx.observations).isEmpty();
        assertThat(ctx.anomalies).containsEntry("arp_truncated", 28).containsEntry("arp_not_ethernet_ipv4", 1);
    }
}
