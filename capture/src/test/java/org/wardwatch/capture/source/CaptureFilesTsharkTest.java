package org.wardwatch.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.capture.testsupport.CaptureBytes.frame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.capture.testsupport.CaptureBytes;
import org.wardwatch.capture.testsupport.Peers;
import org.wardwatch.capture.write.PcapngWriter;

/**
 * The capture readers against tshark (Wireshark's wiretap), an oracle nobody here wrote: packet
 * count, and per packet frame.len, frame.cap_len, frame.time_epoch (to the nanosecond) and
 * frame.interface_id. Inputs: every capture of the shared corpus (malformed ones included), captures
 * tcpdump and dumpcap record on loopback during the test, files converted by editcap/mergecap
 * (nanosecond pcap, Kuznetzov's modified pcap, pcapng with two link types), our own big-endian
 * files, gzip versions, and the streaming path fed through an InputStream.
 *
 * <p>Exclusions: none at the time of writing: on every corpus file our count equals tshark's, also on
 * the damaged ones (both stop at a cut or impossible record). Where a Simple Packet Block is read, its
 * time is not compared (it has none: tshark shows 0, we carry the previous packet's time).
 */
class CaptureFilesTsharkTest {
    /** Packets compared field by field per file (all are counted). */
    private static final int COMPARED_PACKETS = 200;

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyCorpusCaptureReadsLikeTshark() throws IOException {
        Path corpus = Peers.shared().resolve("corpus");
        Peers.command("tshark");
        List<Path> captures = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            files.filter(Files::isRegularFile).filter(CaptureFilesTsharkTest::looksLikeACapture).sorted().forEach(captures::add);
        }
        assertThat(captures).as("captures in the corpus").hasSizeGreaterThan(100);
        // tshark start-up dominates (~0.25 s a file): run a few ahead, in parallel, while we compare
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "tshark-oracle");
            t.setDaemon(true);
            return t;
        });
        List<Future<List<String[]>>> oracle = new ArrayList<>();
        for (Path f : captures) {
            oracle.add(pool.submit(() -> tshark(f)));
        }
        pool.shutdown();
        return IntStream.range(0, captures.size()).mapToObj(i -> DynamicTest.dynamicTest(corpus.relativize(captures.get(i)).toString(),
                () -> assertReadsLikeTshark(captures.get(i), oracle.get(i).get(2, TimeUnit.MINUTES))));
    }

    @Test
    void editcapConversionsReadLikeTshark() throws IOException {
        Path source = Peers.shared().resolve("corpus/protocols/ndpi_dns.pcap");
        Path editcap = Peers.command("editcap");
        for (String format : new String[] {"nsecpcap", "modpcap", "pcapng", "pcap"}) {
            Path out = dir.resolve("dns." + format);
            Peers.run(60, false, List.of(editcap.toString(), "-F", format, source.toString(), out.toString()));
            assertReadsLikeTshark(out);
        }
        // gzip: editcap writes compressed output with -z? not in 4.0; tshark reads .gz natively
        Path gz = dir.resolve("dns.pcapng.gz");
        Files.write(gz, CaptureFilesTest.gzip(Files.readAllBytes(dir.resolve("dns.pcapng"))));
        assertReadsLikeTshark(gz);
    }

    @Test
    void mergecapPcapngWithSeveralLinkTypesReadsLikeTshark() throws IOException {
        Path corpus = Peers.shared().resolve("corpus");
        Path mergecap = Peers.command("mergecap");
        Path out = dir.resolve("merged.pcapng");
        Peers.run(60, false, List.of(mergecap.toString(), "-F", "pcapng", "-w", out.toString(),
                corpus.resolve("protocols/ndpi_dns.pcap").toString(),           // Ethernet
                corpus.resolve("malformed/ndpi_dlt_ppp.pcap").toString()));     // PPP
        Recs ours = assertReadsLikeTshark(out);
        assertThat(ours.packets().stream().map(Recs.Rec::linkType).distinct()).hasSizeGreaterThan(1);
    }

    @Test
    void ourBigEndianFilesReadLikeTshark() throws IOException {
        byte[] pcap = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, 0xa1b23c4d, 65535, 1)
                .record(1_700_000_000L, 123_456_789, 60, frame(60, 1))
                .record(1_700_000_001L, 5, 1514, frame(200, 2)).bytes();
        assertReadsLikeTshark(Files.write(dir.resolve("be.pcap"), pcap));
        Path ng = dir.resolve("be.pcapng");
        try (PcapngWriter w = PcapngWriter.create(ng, ByteOrder.BIG_ENDIAN)) {
            int eth = w.addInterface(1, 0, "eth0");
            int raw = w.addInterface(101, 64, "tun0");
            w.write(eth, 1_700_000_000_000_000_001L, frame(60, 1));
            w.write(raw, 1_700_000_000_500_000_000L, frame(100, 2)); // cut to 64
            w.write(eth, 1_700_000_001_999_999_999L, frame(1514, 3));
        }
        Recs ours = assertReadsLikeTshark(ng);
        assertThat(ours.packets()).extracting(Recs.Rec::linkType).containsExactly(1, 101, 1);
        Path gz = dir.resolve("be.pcapng.gz");
        Files.write(gz, CaptureFilesTest.gzip(Files.readAllBytes(ng)));
        assertReadsLikeTshark(gz);
    }

    @Test
    void tcpdumpRecordingsOnLoopbackReadLikeTshark() throws Exception {
        Peers.root();
        Path tcpdump = Peers.command("tcpdump");
        for (String precision : new String[] {"micro", "nano"}) {
            Path out = dir.resolve("lo-" + precision + ".pcap");
            int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
            record(List.of(tcpdump.toString(), "-i", "lo", "-n", "-B", "8192", "--time-stamp-precision", precision,
                    "-c", "20", "-w", out.toString(), "udp", "port", Integer.toString(port)), "listening on", port, 20);
            Recs ours = assertReadsLikeTshark(out);
            assertThat(ours.size()).isPositive();
        }
    }

    @Test
    void dumpcapPcapngRecordingOnLoopbackReadsLikeTshark() throws Exception {
        Peers.root();
        Path dumpcap = Peers.command("dumpcap");
        Path out = dir.resolve("lo.pcapng");
        int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
        record(List.of(dumpcap.toString(), "-i", "lo", "-q", "-B", "8", "-c", "15", "-f", "udp port " + port, "-w", out.toString()),
                "Capturing on", port, 15);
        Recs ours = assertReadsLikeTshark(out);
        assertThat(ours.size()).isPositive();
    }

    /** Starts a recorder, waits for its ready line, sends {@code count} datagrams to 127.0.0.1:port, lets it end. */
    private static void record(List<String> cmd, String readyLine, int port, int count) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = log.readLine()) != null; ) {
                        synchronized (seen) {
                            seen.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (true) {
                synchronized (seen) {
                    if (seen.indexOf(readyLine) >= 0) {
                        break;
                    }
                }
                assertThat(p.isAlive()).as("%s: %s", cmd, seen).isTrue();
                assertThat(System.nanoTime()).as("recorder ready within 15 s: %s", seen).isLessThan(deadline);
                Thread.sleep(20);
            }
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                for (int i = 0; i < count; i++) {
                    byte[] payload = frame(10 + 37 * i, i);
                    socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                    Thread.sleep(2); // paced: a busy machine makes the kernel drop bursts before the recorder reads them
                }
            }
            // -c makes the recorder end by itself; if the kernel still dropped some, stop it and compare what it kept
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("recorder stops on SIGTERM").isTrue();
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static List<String[]> tshark(Path file) {
        return Peers.tsharkFields(file, "frame.number", "frame.len", "frame.cap_len", "frame.time_epoch", "frame.interface_id");
    }

    /** Our reader (mapped and streamed) against tshark on one file; returns our packets. */
    static Recs assertReadsLikeTshark(Path file) throws IOException {
        return assertReadsLikeTshark(file, tshark(file));
    }

    static Recs assertReadsLikeTshark(Path file, List<String[]> theirs) throws IOException {
        Recs ours;
        try {
            ours = Recs.readAll(CaptureFiles.open(file));
        } catch (CaptureFormatException e) {
            // unreadable for us: tshark must not read a single frame either
            assertThat(theirs).as("%s: we refuse it (%s) but tshark reads frames", file, e.getMessage()).isEmpty();
            return new Recs(List.of(), java.util.Map.of());
        }
        try (InputStream in = Files.newInputStream(file)) {
            Recs streamed = Recs.readAll(CaptureFiles.open(in, "-"));
            assertThat(streamed.sameAs(ours)).as("%s: streamed equals mapped", file).isTrue();
        }
        assertThat(ours.size()).as("%s: packets (anomalies %s)", file, ours.anomalies()).isEqualTo(theirs.size());
        for (int i = 0; i < Math.min(COMPARED_PACKETS, theirs.size()); i++) {
            String[] t = theirs.get(i);
            Recs.Rec o = ours.get(i);
            String where = file.getFileName() + " frame " + (i + 1);
            assertThat(o.number()).as(where).isEqualTo(Long.parseLong(t[0]));
            assertThat(o.origLen()).as(where + " frame.len").isEqualTo(Integer.parseInt(t[1]));
            assertThat(o.capLen()).as(where + " frame.cap_len").isEqualTo(Integer.parseInt(t[2]));
            long theirTime = epochNanos(t[3]);
            if (theirTime != NOT_COMPARABLE) {
                assertThat(o.tsNanos()).as(where + " frame.time_epoch " + t[3]).isEqualTo(theirTime);
            }
            if (t.length > 4 && !t[4].isEmpty()) {
                assertThat(o.interfaceId()).as(where + " frame.interface_id").isEqualTo(Integer.parseInt(t[4]));
            }
        }
        return ours;
    }

    private static final long NOT_COMPARABLE = Long.MIN_VALUE;

    /**
     * tshark's frame.time_epoch ("secs.nnnnnnnnn") in nanoseconds. Exclusions: an empty or zero time
     * (a Simple Packet Block has none; we carry the previous packet's), and a negative time with a
     * 10-digit fraction: Wireshark 4.0 multiplies a pcap microsecond field of a second or more by 1000
     * in 32 bits and overflows (malformed/ndpi_fuzz-2021-06-07-c6c72a0a56.pcap); we add the field as
     * an unsigned number and count {@code pcap_timestamp_invalid}. A positive 10-digit fraction is an
     * un-normalised nanosecond field and is compared (secs * 1e9 + fraction).
     */
    static long epochNanos(String timeEpoch) {
        if (timeEpoch.isEmpty()) {
            return NOT_COMPARABLE;
        }
        int dot = timeEpoch.indexOf('.');
        String secs = dot < 0 ? timeEpoch : timeEpoch.substring(0, dot);
        String frac = dot < 0 ? "" : timeEpoch.substring(dot + 1);
        if (frac.length() > 9) {
            return timeEpoch.startsWith("-") ? NOT_COMPARABLE : Long.parseLong(secs) * 1_000_000_000L + Long.parseLong(frac);
        }
        long nanos = new BigDecimal(timeEpoch).movePointRight(9).longValueExact();
        return nanos == 0 ? NOT_COMPARABLE : nanos;
    }

    static boolean looksLikeACapture(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] m = in.readNBytes(4);
            if (m.length < 4) {
                return false;
            }
            int be = (m[0] & 0xff) << 24 | (m[1] & 0xff) << 16 | (m[2] & 0xff) << 8 | (m[3] & 0xff);
            int le = Integer.reverseBytes(be);
            for (int magic : new int[] {0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34}) {
                if (be == magic || le == magic) {
                    return true;
                }
            }
            return be == 0x0A0D0D0A;
        } catch (IOException e) {
            return false;
        }
    }
}
