package org.wardwatch.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.engine.EngineStats;
import org.wardwatch.capture.engine.PacketListener;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.Analyzers;
import org.wardwatch.protocols.dispatch.Dispatcher;

/**
 * Runs the packet engine over capture files with a listener that only counts (the packet path alone,
 * for whole-process timing next to ndpiReader and the C floor). Prints one line of figures.
 *
 * <pre>java -cp bench/target/wardwatch-bench.jar org.wardwatch.bench.EngineMain [--passes N] [--streams | --analyzers] FILE...</pre>
 * {@code --streams} requests reassembly of every TCP flow (the listener then sees every byte).
 * {@code --analyzers} runs the engine into the {@link Dispatcher} with every registered analyzer
 * ({@link Analyzers}); observations (flow records included) are counted and dropped: the "all
 * analyzers on" figure with no inventory, risk or output behind it. Each pass line gives the analysis
 * thread's CPU seconds and the bytes it allocated per packet (a warm pass, {@code --passes 2}, is the
 * steady state).
 */
public final class EngineMain {
    private EngineMain() {
    }

    public static void main(String[] args) throws IOException {
        int passes = 1;
        boolean streams = false;
        String mode = "engine";
        boolean threads = false;
        boolean analyzers = false;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--passes":
                    passes = Integer.parseInt(args[++i]);
                    break;
                case "--streams":
                    streams = true;
                    break;
                case "--analyzers":
                    analyzers = true;
                    break;
                case "--threads":
                    threads = true;
                    break;
                case "--mode":
                    mode = args[++i];
                    break;
                default:
                    files.add(args[i]);
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: EngineMain [--passes N] [--streams | --analyzers] FILE...");
            System.exit(2);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) mx;
        long self = Thread.currentThread().getId();
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            long a0 = allocations.getThreadAllocatedBytes(self);
            if (!mode.equals("engine")) {
                long n = stage(mode, files);
                double wall = (System.nanoTime() - t0) / 1e9;
                System.out.printf("pass=%d mode=%s packets=%d s=%.3f thread_cpu_s=%.3f Mpps=%.2f%n", pass, mode, n, wall,
                        (mx.getCurrentThreadCpuTime() - c0) / 1e9, n / wall / 1e6);
                continue;
            }
            CountingListener listener = new CountingListener(streams);
            CountingSink sink = new CountingSink();
            Dispatcher dispatcher = analyzers
                    ? new Dispatcher(Analyzers.flowAnalyzers(), Analyzers.frameAnalyzers(), sink) : null;
            Engine engine = new Engine(EngineConfig.defaults(), analyzers ? dispatcher : listener);
            List<PacketSource> sources = new ArrayList<>();
            EngineStats s;
            try {
                for (String f : files) {
                    sources.add(CaptureFiles.open(f));
                }
                s = engine.run(sources);
            } finally {
                for (PacketSource src : sources) {
                    src.close();
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double allocPerPacket = (allocations.getThreadAllocatedBytes(self) - a0) / (double) Math.max(1, s.packets());
            if (analyzers) {
                System.out.printf("pass=%d mode=analyzers packets=%d bytes=%d flows=%d peak_flows=%d observations=%d "
                                + "records=%d anomalies=%d engine_s=%.3f thread_cpu_s=%.3f alloc_bytes_per_packet=%.1f Mpps=%.2f%n",
                        pass, s.packets(), s.bytes(), s.flows(), s.peakFlows(), sink.observations, sink.records,
                        s.anomalyCount(), wall, (mx.getCurrentThreadCpuTime() - c0) / 1e9, allocPerPacket,
                        s.packets() / wall / 1e6);
                continue;
            }
            System.out.printf("pass=%d packets=%d bytes=%d flows=%d peak_flows=%d ip=%d non_ip=%d malformed=%d "
                            + "stream_bytes=%d records=%d anomalies=%d engine_s=%.3f thread_cpu_s=%.3f alloc_bytes_per_packet=%.1f "
                            + "Mpps=%.2f%n",
                    pass, s.packets(), s.bytes(), s.flows(), s.peakFlows(), s.ipPackets(), s.nonIpFrames(),
                    s.malformedPackets(), listener.streamBytes, listener.records, s.anomalyCount(), wall,
                    (mx.getCurrentThreadCpuTime() - c0) / 1e9, allocPerPacket,
                    s.packets() / wall / 1e6);
        }
        if (threads) {
            printThreadCpu();
        }
    }

    /** CPU seconds of every thread of this process (JIT compilers and GC included), from /proc (Linux). */
    private static void printThreadCpu() throws IOException {
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                String comm = java.nio.file.Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+$", "#");
                String[] stat = java.nio.file.Files.readString(t.resolve("stat")).replaceAll("^.*\\) ", "").split(" ");
                double cpu = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
                byName.merge(comm, cpu, Double::sum);
            }
        }
        byName.forEach((k, v) -> {
            if (v > 0) {
                System.out.printf("thread %-24s cpu_s=%.2f%n", k, v);
            }
        });
    }

    /** The path cut short for profiling: {@code read} (the reader alone) or {@code decode} (reader + decoder). */
    private static long stage(String mode, List<String> files) throws IOException {
        org.wardwatch.capture.source.Packet p = new org.wardwatch.capture.source.Packet();
        org.wardwatch.capture.decode.DecodedPacket d = new org.wardwatch.capture.decode.DecodedPacket();
        org.wardwatch.capture.decode.PacketDecoder decoder =
                new org.wardwatch.capture.decode.PacketDecoder(new org.wardwatch.capture.decode.Anomalies());
        long n = 0, acc = 0;
        for (String f : files) {
            try (PacketSource src = CaptureFiles.open(f)) {
                while (src.next(p)) {
                    n++;
                    if (mode.equals("decode")) {
                        acc += decoder.decode(p, d) + d.srcPort;
                    } else {
                        acc += p.capLen;
                    }
                }
            }
        }
        return acc == 42 ? n + 1 : n;
    }

    /** Counts observations and flow records; keeps nothing. */
    static final class CountingSink implements Consumer<Observation> {
        long observations, records;

        @Override
        public void accept(Observation o) {
            if (o instanceof FlowRecord) {
                records++;
            } else {
                observations++;
            }
        }
    }

    /** Counts what it is told; keeps nothing. */
    static final class CountingListener implements PacketListener {
        private final boolean streams;
        long records, streamBytes, packets;

        CountingListener(boolean streams) {
            this.streams = streams;
        }

        @Override
        public void onFlowStart(FlowView flow, org.wardwatch.capture.decode.DecodedPacket first) {
            if (streams) {
                flow.requestStream();
            }
        }

        @Override
        public void onPacket(FlowView flow, org.wardwatch.capture.decode.DecodedPacket pkt, boolean fromClient) {
            packets++;
        }

        @Override
        public void onStreamData(FlowView flow, boolean fromClient, java.nio.ByteBuffer buf, int offset, int length,
                                 long tsNanos) {
            streamBytes += length;
        }

        @Override
        public void onFlowEnd(FlowView flow, FlowRecord record) {
            records++;
        }
    }
}
