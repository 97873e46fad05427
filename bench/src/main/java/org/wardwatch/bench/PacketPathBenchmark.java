package org.wardwatch.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.decode.PacketDecoder;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;

/**
 * Decode, flow table and TCP reassembly per packet, on a generated hospital capture held in memory
 * (no file I/O in the measurement), replayed in cycles (each shifted an hour later in packet time, so
 * flows start, time out and are reported as in a live run). Scores are nanoseconds per packet.
 *
 * <pre>
 * mvn -q -pl bench -am -Pbench -DskipTests package
 * java -jar bench/target/wardwatch-bench.jar PacketPathBenchmark -p capture=/tmp/hosp-200m.pcap -prof gc
 * </pre>
 * A missing capture is generated first with {@code ../shared/bench/gen_corpus.py} (parameter
 * {@code generator}), 200 MB, seed 1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class PacketPathBenchmark {
    @Param("/tmp/hosp-200m.pcap")
    public String capture;

    @Param("../shared/bench/gen_corpus.py")
    public String generator;

    private ByteBuffer frames;
    private int[] offsets, lengths, linkTypes;
    private long[] times;
    private int count;

    @Setup(Level.Trial)
    public void load() throws IOException, InterruptedException {
        Path file = Path.of(capture);
        if (!Files.exists(file)) {
            Process p = new ProcessBuilder("python3", generator, "--out", capture, "--size-mb", "200", "--seed", "1").inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("could not generate " + capture);
            }
        }
        long size = Files.size(file);
        frames = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size));
        int n = (int) (size / 40);
        offsets = new int[n];
        lengths = new int[n];
        linkTypes = new int[n];
        times = new long[n];
        Packet p = new Packet();
        int pos = 0;
        try (PacketSource src = CaptureFiles.open(file)) {
            while (src.next(p) && count < n) {
                p.buf.get(p.offset, frames.array(), pos, p.capLen);
                offsets[count] = pos;
                lengths[count] = p.capLen;
                linkTypes[count] = p.linkType;
                times[count] = p.tsNanos;
                pos += p.capLen;
                count++;
            }
        }
    }

    /** Cycles over the capture; each cycle is shifted later in packet time so that the previous cycle's flows time out. */
    private long shift, span;
    private int next;
    private Engine engine;
    private PacketDecoder decoder;
    private final DecodedPacket decoded = new DecodedPacket();
    private final Packet packet = new Packet();
    private EngineMain.CountingListener listener;

    @Setup(Level.Iteration)
    public void fresh() {
        span = times[count - 1] - times[0] + 3_600_000_000_000L;
        shift = 0;
        next = 0;
        listener = new EngineMain.CountingListener("reassembly".equals(path));
        engine = new Engine(EngineConfig.defaults(), listener);
        decoder = new PacketDecoder(new Anomalies());
    }

    /** {@code decode}: the decoder alone; {@code flows}: decode and flow table; {@code reassembly}: and every TCP stream reassembled. */
    @Param({"decode", "flows", "reassembly"})
    public String path;

    /** One packet through the chosen path: the score is nanoseconds per packet. */
    @Benchmark
    public long packet() {
        int i = next;
        if (i == count) {
            i = 0;
            shift += span;
        }
        next = i + 1;
        packet.set(frames, offsets[i], lengths[i], lengths[i], times[i] + shift, linkTypes[i]);
        if ("decode".equals(path)) {
            return decoder.decode(packet, decoded) + decoded.srcPort;
        }
        engine.accept(packet);
        return listener.packets;
    }
}
