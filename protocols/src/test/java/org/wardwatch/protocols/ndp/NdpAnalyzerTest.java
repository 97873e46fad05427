package org.wardwatch.protocols.ndp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.protocols.nettest.Hex;
import org.wardwatch.protocols.nettest.RecordingContext;

class NdpAnalyzerTest {
    static final String HOST = "fe80::211:22ff:fe33:4455";
    // NS for target fe80::1 with source link-layer option 00:11:22:33:44:55 (checksum not verified)
    static final String NS = "87 00 0000 00000000 fe800000000000000000000000000001 01 01 001122334455";
    // NA (solicited, override) for the host's address with target link-layer option
    static final String NA = "88 00 0000 60000000 fe800000000000000211 22fffe334455 02 01 001122334455";
    static final String RA = "86 00 0000 40 00 0708 00000000 00000000 01 01 00aabbccddee";

    private static RecordingContext packet(String mac, String src) {
        RecordingContext ctx = new RecordingContext();
        ctx.clientMac = MacAddress.parse(mac);
        ctx.srcIp = IpAddress.parse(src);
        ctx.ttl = 255;
        return ctx;
    }

    private static void feed(NdpAnalyzer ndp, String hex, RecordingContext ctx) {
        byte[] b = Hex.bytes(hex);
        ndp.onFrame(b, 0, b.length, ctx);
    }

    @Test
    void neighborSolicitationBindsItsSource() {
        RecordingContext ctx = packet("00:11:22:33:44:55", HOST);
        feed(new NdpAnalyzer(), NS, ctx);
        assertThat(ctx.of(AddressSeen.class)).singleElement().satisfies(a -> {
            assertThat(a.ip()).isEqualTo(IpAddress.parse(HOST));
            assertThat(a.mac()).isEqualTo(MacAddress.parse("00:11:22:33:44:55"));
            assertThat(a.source()).isEqualTo("ndp_ns");
        });
    }

    @Test
    void neighborAdvertisementBindsItsTarget() {
        RecordingContext ctx = packet("00:11:22:33:44:55", HOST);
        feed(new NdpAnalyzer(), NA, ctx);
        assertThat(ctx.of(AddressSeen.class)).singleElement().satisfies(a -> {
            assertThat(a.ip()).isEqualTo(IpAddress.parse(HOST));
            assertThat(a.source()).isEqualTo("ndp_na");
        });
    }

    @Test
    void routerAdvertisementBindsTheRouter() {
        RecordingContext ctx = packet("00:aa:bb:cc:dd:ee", "fe80::1");
        feed(new NdpAnalyzer(), RA, ctx);
        assertThat(ctx.of(AddressSeen.class)).singleElement().satisfies(a -> {
            assertThat(a.ip()).isEqualTo(IpAddress.parse("fe80::1"));
            assertThat(a.mac()).isEqualTo(MacAddress.parse("00:aa:bb:cc:dd:ee"));
            assertThat(a.source()).isEqualTo("ndp_ra");
        });
    }

    @Test
    void duplicateAddressDetectionBindsNothing() {
        RecordingContext ctx = packet("00:11:22:33:44:55", "::");
        feed(new NdpAnalyzer(), "87 00 0000 00000000 fe800000000000000211 22fffe334455", ctx);
        assertThat(ctx.observations).isEmpty();
        assertThat(ctx.anomalies).isEmpty();
    }

    @Test
    void discardsMessagesThatCrossedARouter() {
        RecordingContext ctx = packet("00:11:22:33:44:55", HOST);
        ctx.ttl = 64;
        feed(new NdpAnalyzer(), NS, ctx);
        assertThat(ctx.observations).isEmpty();
        assertThat(ctx.anomalies).containsEntry("ndp_hop_limit_not_255", 1);
    }

    @Test
    void countsZeroLengthOptionAndTruncation() {
        NdpAnalyzer ndp = new NdpAnalyzer();
        RecordingContext ctx = packet("00:11:22:33:44:55", HOST);
        feed(ndp, "87 00 0000 00000000 fe800000000000000000000000000001 01 00 001122334455", ctx);
        byte[] b = Hex.bytes(NS);
        for (int len = 0; len < b.length; len++) {
            ndp.onFrame(b, 0, len, ctx);
        }
        assertThat(ctx.observations).isEmpty();
        assertThat(ctx.anomalies).containsEntry("ndp_option_zero_length", 1).containsKey("ndp_truncated").containsKey("ndp_option_truncated");
    }
}
