package org.wardwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.model.obs.http.HttpRequestSeen;
import org.wardwatch.protocols.Pipeline;

/**
 * Whole-process scale benchmark of the inventory: N devices, each with an ARP binding, a DHCP request
 * (host name, option 55, vendor class), HTTP requests with a user agent and F flows to a few servers,
 * streamed through {@link Inventory} as the analyze stage does, then identified. Prints the time of
 * each phase and the heap still used after a GC while the result is held (bounded memory: run it
 * under -Xmx to prove a ceiling).
 *
 * <pre>java -Xmx1g -cp bench/target/wardwatch-bench.jar org.wardwatch.bench.InventoryScale 100000 20</pre>
 *
 * <p>With {@code --capture F [passes]} it instead reads every observation of a capture once (the whole
 * sensor, {@link Pipeline}), then streams them through a new {@link Inventory} {@code passes} times and
 * prints the main thread's CPU time of resolution and identification per pass (the later passes are
 * the JIT-warm cost of the inventory stage of {@code analyze}, without the packet path around it).
 *
 * <pre>java -cp bench/target/wardwatch-bench.jar org.wardwatch.bench.InventoryScale --capture /tmp/hosp-200m.pcap 5</pre>
 */
public final class InventoryScale {
    private InventoryScale() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length > 0 && args[0].equals("--capture")) {
            replay(java.nio.file.Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 5);
            return;
        }
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int flowsPerDevice = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long t0 = System.nanoTime();
        Inventory inv = Inventory.create();
        long loaded = System.nanoTime();
        Instant base = Instant.parse("2024-03-04T07:00:00Z");
        List<Integer> prl = List.of(1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43, 252);
        String[] uas = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Dalvik/2.1.0 (Linux; U; Android 11; SM-T500 Build/RP1A)",
            "curl/8.5.0", "Java/17.0.9"};
        long observations = 0;
        int servers = 50;
        for (int i = 0; i < devices; i++) {
            MacAddress mac = MacAddress.of(0x00122100_0000L + i);
            IpAddress ip = IpAddress.ofV4(0x0A000000 | (i + 256));
            int vlan = 10 + (i % 40);
            Instant t = base.plusMillis(i);
            inv.accept(new AddressSeen(t, mac, ip, vlan, "arp"));
            inv.accept(new DhcpClientSeen(t, new FlowId(vlan, IpAddress.ofV4(0), 68, IpAddress.ofV4(-1), 67, FlowId.UDP), mac, "request",
                    i, "host-" + i, prl, "MSFT 5.0", null, null, null, null, null, null, List.of(53, 61, 12, 60, 55)));
            observations += 2;
            for (int f = 0; f < flowsPerDevice; f++) {
                IpAddress server = IpAddress.ofV4(0x0AFF0000 | (f % servers) + 1);
                FlowId id = new FlowId(vlan, ip, 40000 + f, server, f % 2 == 0 ? 443 : 104, FlowId.TCP);
                Instant s = t.plusSeconds(60L * f);
                inv.accept(new FlowRecord(s.plusSeconds(2), id, s, s.plusSeconds(2), mac, MacAddress.of(0x00000c9ff001L), 0, 10, 2000, 8,
                        6000, 1500, 5000, 0x1b, 0x1b, "closed", "fin", f % 2 == 0 ? "tls" : "dicom"));
                observations++;
                if (f % 5 == 0) {
                    inv.accept(new HttpRequestSeen(s, id, "GET", "server", "/", false, "HTTP/1.1", uas[i % uas.length], null, null,
                            List.of("host", "user-agent")));
                    observations++;
                }
            }
        }
        long resolved = System.nanoTime();
        Inventory.Result r = inv.finish();
        long identified = System.nanoTime();
        System.gc();
        long heap = mem.getHeapMemoryUsage().getUsed();
        long known = r.devices().stream().filter(d -> d.os().isKnown()).count();
        Device sample = r.devices().get(r.devices().size() / 2);
        System.out.printf(Locale.ROOT, "devices offered %,d, observations %,d%n", devices, observations);
        System.out.printf(Locale.ROOT, "devices kept %,d (OS identified %,d), counters %s%n", r.devices().size(), known, r.counters());
        System.out.printf(Locale.ROOT, "knowledge base + rules load %.2f s%n", (loaded - t0) / 1e9);
        System.out.printf(Locale.ROOT, "resolution (streaming) %.2f s = %,.0f observations/s%n", (resolved - loaded) / 1e9,
                observations / ((resolved - loaded) / 1e9));
        System.out.printf(Locale.ROOT, "identification %.2f s = %,.0f devices/s%n", (identified - resolved) / 1e9,
                r.devices().size() / ((identified - resolved) / 1e9));
        System.out.printf(Locale.ROOT, "heap used after GC, result held: %,d MB (max heap %,d MB)%n", heap >> 20,
                mem.getHeapMemoryUsage().getMax() >> 20);
        System.out.println("sample: " + sample.id() + " " + sample.category().valueOr("?") + " / " + sample.vendor().valueOr("?") + " / "
                + sample.os().valueOr("?"));
    }

    private static void replay(java.nio.file.Path capture, int passes) throws java.io.IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        List<Observation> all = Pipeline.observe(capture);
        long t1 = threads.getCurrentThreadCpuTime();
        long flows = all.stream().filter(FlowRecord.class::isInstance).count();
        System.out.printf(Locale.ROOT, "%s: %,d observations (%,d flow records), read in %.2f s CPU%n", capture, all.size(), flows,
                (t1 - t0) / 1e9);
        for (int p = 1; p <= passes; p++) {
            long a = threads.getCurrentThreadCpuTime();
            Inventory inv = Inventory.create();
            long b = threads.getCurrentThreadCpuTime();
            for (Observation o : all) {
                inv.accept(o);
            }
            long c = threads.getCurrentThreadCpuTime();
            Inventory.Result r = inv.finish();
            long d = threads.getCurrentThreadCpuTime();
            long known = r.devices().stream().filter(x -> x.category().isKnown()).count();
            System.out.printf(Locale.ROOT, "pass %d: create %.3f s, resolution %.3f s (%.2f µs/observation), identification %.3f s"
                    + " (%.1f µs/device), %,d devices (%,d with a category) [main-thread CPU]%n", p, (b - a) / 1e9, (c - b) / 1e9,
                    (c - b) / 1e3 / all.size(), (d - c) / 1e9, (d - c) / 1e3 / Math.max(1, r.devices().size()), r.devices().size(), known);
        }
    }
}
