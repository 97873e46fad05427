package org.wardwatch.protocols.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.snmp.SnmpMessageSeen;
import org.wardwatch.model.obs.snmp.SnmpSystemInfoSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.infratest.LoopbackPeers;
import org.wardwatch.testkit.Requirements;

/**
 * Net-SNMP's snmpd on 127.0.0.1 on a random high port (not 161: detection by payload), queried by
 * snmpget / snmpwalk with v1, v2c and v3 (USM, authPriv), captured with tcpdump on lo and run through
 * the real pipeline.
 */
class SnmpRealPeerTest {
    private static final String COMMUNITY = "ww-c0mmunity-s3cret";

    @Test
    void snmpdAnsweringV1V2cAndV3OnAnOddPortIsFoundAndIdentified(@TempDir Path dir) throws Exception {
        Requirements.root();
        Requirements.command("snmpd");
        Requirements.command("snmpget");
        int port = LoopbackPeers.freePort(true);
        Path conf = dir.resolve("snmpd.conf");
        Files.writeString(conf, String.join("\n",
                "agentAddress udp:127.0.0.1:" + port,
                "rocommunity " + COMMUNITY + " 127.0.0.1",
                "sysDescr Wardwatch test agent 1.0 (net-snmp)",
                "sysName ww-agent-3b",
                "sysLocation Ward 3B rack 2",
                "sysObjectID .1.3.6.1.4.1.8072.3.2.10",
                "createUser wwuser SHA wwauthpass123 AES wwprivpass123",
                "rouser wwuser priv",
                ""));
        Path pcap = dir.resolve("snmp.pcap");
        try (LoopbackPeers peers = new LoopbackPeers()) {
            peers.capture(pcap, "udp port " + port);
            ProcessBuilder daemon = new ProcessBuilder(Requirements.command("snmpd").toString(), "-f", "-Lf",
                    dir.resolve("snmpd.log").toString(), "-C", "-c", conf.toString(), "-p", dir.resolve("snmpd.pid").toString(),
                    "-M", "/dev/null");
            daemon.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
            daemon.environment().put("MIBS", "");
            Process snmpd = daemon.redirectErrorStream(true).redirectOutput(dir.resolve("snmpd.out").toFile()).start();
            try {
                String target = "127.0.0.1:" + port;
                String v1 = retry(() -> Requirements.run(20, "snmpget", "-m", "", "-v1", "-c", COMMUNITY, "-r", "1", "-t", "1", target,
                        ".1.3.6.1.2.1.1.1.0", ".1.3.6.1.2.1.1.2.0"));
                assertThat(v1).contains("Wardwatch test agent");
                Requirements.run(20, "snmpget", "-m", "", "-v2c", "-c", COMMUNITY, target, ".1.3.6.1.2.1.1.5.0", ".1.3.6.1.2.1.1.6.0");
                Requirements.run(20, "snmpwalk", "-m", "", "-v2c", "-c", COMMUNITY, target, ".1.3.6.1.2.1.1");
                String v3 = Requirements.run(20, "snmpget", "-m", "", "-v3", "-l", "authPriv", "-u", "wwuser", "-a", "SHA", "-A",
                        "wwauthpass123", "-x", "AES", "-X", "wwprivpass123", target, ".1.3.6.1.2.1.1.5.0");
                assertThat(v3).contains("ww-agent-3b");
            } finally {
                snmpd.destroy();
                snmpd.waitFor();
            }
            peers.stopCapture();
        }

        List<Observation> all = Pipeline.observe(pcap);
        List<FlowRecord> flows = all.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast).toList();
        assertThat(flows).isNotEmpty().allSatisfy(f -> {
            // which side of a UDP exchange between two high ports is the "server" is the engine's guess
            assertThat(List.of(f.flow().serverPort(), f.flow().clientPort())).contains(port);
            assertThat(f.application()).isEqualTo("snmp");
        });
        List<SnmpMessageSeen> messages = all.stream().filter(SnmpMessageSeen.class::isInstance).map(SnmpMessageSeen.class::cast).toList();
        assertThat(messages).anySatisfy(m -> {
            assertThat(m.version()).isEqualTo("v1");
            assertThat(m.pduType()).isEqualTo("get_request");
            assertThat(m.cleartextCommunity()).isTrue();
        });
        assertThat(messages).anySatisfy(m -> assertThat(m.version() + " " + m.pduType()).isEqualTo("v2c get_next_request"));
        // v3 authPriv: the discovery report names the engine, the request itself is encrypted
        assertThat(messages).anySatisfy(m -> {
            assertThat(m.version()).isEqualTo("v3");
            assertThat(m.pduType()).isEqualTo("encrypted");
            assertThat(m.v3UserPresent()).isTrue();
            assertThat(m.v3Encrypted()).isTrue();
            assertThat(m.v3Authenticated()).isTrue();
            assertThat(m.v3EngineId()).isNotNull();
            assertThat(m.cleartextCommunity()).isFalse();
        });
        List<SnmpSystemInfoSeen> system = all.stream().filter(SnmpSystemInfoSeen.class::isInstance).map(SnmpSystemInfoSeen.class::cast)
                .toList();
        assertThat(system).anySatisfy(s -> {
            assertThat(s.sysDescr()).isEqualTo("Wardwatch test agent 1.0 (net-snmp)");
            assertThat(s.sysObjectId()).isEqualTo("1.3.6.1.4.1.8072.3.2.10");
            assertThat(s.agent().toString()).isEqualTo("127.0.0.1"); // sender of the response
        });
        assertThat(system).anySatisfy(s -> assertThat(s.sysName()).isEqualTo("ww-agent-3b"));
        assertThat(system).anySatisfy(s -> assertThat(s.sysLocation()).isEqualTo("Ward 3B rack 2"));
        // the community is a password: it appears in no observation
        assertThat(all).allSatisfy(o -> assertThat(o.toString()).doesNotContain(COMMUNITY).doesNotContain("wwauthpass"));
    }

    private static String retry(java.util.function.Supplier<String> call) throws InterruptedException {
        AssertionError last = null;
        for (int i = 0; i < 20; i++) {
            try {
                return call.get();
            } catch (AssertionError e) {
                last = e; // snmpd may still be starting
                Thread.sleep(250);
            }
        }
        throw last;
    }
}
