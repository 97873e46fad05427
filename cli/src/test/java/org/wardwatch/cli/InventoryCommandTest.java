package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.inventory.io.DevicesJson;
import org.wardwatch.store.Store;
import org.wardwatch.testkit.Requirements;

/** The inventory commands as a user runs them, on a real public capture, with the embedded store. */
class InventoryCommandTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        CliRunner.requireNoHomeStore(args);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void analyzeTwiceUpdatesTheStoreAndTheCommandsReadIt() throws Exception {
        Path pcap = Requirements.sharedFile("corpus/protocols/ndpi_android.pcap");
        Path data = dir.resolve("data");
        run("analyze", pcap.toString(), "--out", dir.resolve("out1").toString(), "--data", data.toString(), "--no-progress");
        run("analyze", pcap.toString(), "--out", dir.resolve("out2").toString(), "--data", data.toString(), "--no-progress");
        int devices = DevicesJson.read(dir.resolve("out1/devices.json")).devices().size();
        assertThat(devices).isPositive();
        try (Store s = Store.embedded(data)) {
            assertThat(s.deviceCount()).as("a second analysis updates, it does not duplicate").isEqualTo(devices);
            assertThat(s.runCount()).isEqualTo(2);
        }
        assertThat(Files.readString(dir.resolve("out1/inventory.csv"))).startsWith("asset_id,mac,ips,hostname,vendor,model,category,criticality");
        assertThat(Files.readString(dir.resolve("out2/report.html"))).contains("Device inventory", "Devices by criticality");

        String table = run("inventory", "--data", data.toString());
        assertThat(table).contains("mac-4c6af69ff627", devices + " devices");
        assertThat(run("inventory", "--data", data.toString(), "--category", "smartphone")).contains("mac-4c6af69ff627").contains("1 devices");
        String explain = run("inventory", "--devices", dir.resolve("out1").toString(), "--explain", "4c:6a:f6:9f:f6:27");
        assertThat(explain).contains("os: Android 9", "because [dhcp.option60]", "android-dhcp-9");

        String diff = run("inventory", "diff", dir.resolve("out1").toString(), dir.resolve("out2").toString());
        assertThat(diff).contains("0 new, 0 gone, 0 changed");

        Path cmms = dir.resolve("cmms.csv");
        Files.writeString(cmms, "Asset Tag,Manufacturer,Model,MAC Address\nT-1,HMD Global,Nokia 2.2,4C-6A-F6-9F-F6-27\nT-2,Baxter,Sigma,00:11:22:33:44:55\n");
        run("inventory", "reconcile", cmms.toString(), "--devices", dir.resolve("out1").toString(), "-o", dir.resolve("reconcile.csv").toString());
        String rec = Files.readString(dir.resolve("reconcile.csv"));
        assertThat(rec).contains("matched,T-1,mac-4c6af69ff627,mac", "only_in_cmms,T-2", "only_on_network");

        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "mac,category,vendor,os\n4c:6a:f6:9f:f6:27,mobile,HMD Global,Android 9\n");
        String eval = run("evaluate", dir.resolve("out1").toString(), truth.toString());
        assertThat(eval).contains("category", "vendor", "100.0%");
    }
}
