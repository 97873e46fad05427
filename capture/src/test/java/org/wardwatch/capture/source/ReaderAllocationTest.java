package org.wardwatch.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.capture.testsupport.CaptureBytes.frame;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.capture.testsupport.CaptureBytes;

/**
 * The readers allocate nothing per packet in steady state: each file is read once to warm up, then
 * read again while the thread's allocated bytes are measured around the packet loop (open and close
 * are outside the measurement: they allocate per file, not per packet).
 */
class ReaderAllocationTest {
    private static final int PACKETS = 100_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    static Path dir;
    static Path pcap;
    static Path pcapng;

    @BeforeAll
    static void files() throws IOException {
        CaptureBytes a = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b23c4d, 65535, 1);
        CaptureBytes b = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 0, 9, 0).interfaceBlock(101, 0, 6, 0);
        for (int i = 0; i < PACKETS; i++) {
            byte[] f = frame(60 + (i % 64), i);
            a.record(i, i, f.length, f);
            b.enhancedPacket(i & 1, i, f.length, f);
        }
        pcap = Files.write(dir.resolve("alloc.pcap"), a.bytes());
        pcapng = Files.write(dir.resolve("alloc.pcapng"), b.bytes());
    }

    private interface Opener {
        PacketSource open() throws IOException;
    }

    private static double bytesPerPacket(Opener opener) throws IOException {
        assertThat(THREADS.isThreadAllocatedMemorySupported()).isTrue();
        THREADS.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().getId();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            try (PacketSource s = opener.open()) {
                Packet p = new Packet();
                long sum = 0;
                long before = THREADS.getThreadAllocatedBytes(thread);
                long n = 0;
                while (s.next(p)) {
                    sum += p.capLen + p.buf.get(p.offset);
                    n++;
                }
                long after = THREADS.getThreadAllocatedBytes(thread);
                assertThat(n).isEqualTo(PACKETS);
                assertThat(sum).isPositive();
                best = Math.min(best, (after - before) / (double) n);
            }
        }
        return best;
    }

    @Test
    void memoryMappedPcapAllocatesNothingPerPacket() throws IOException {
        assertThat(bytesPerPacket(() -> CaptureFiles.open(pcap))).isLessThan(1.0);
    }

    @Test
    void memoryMappedPcapngAllocatesNothingPerPacket() throws IOException {
        assertThat(bytesPerPacket(() -> CaptureFiles.open(pcapng))).isLessThan(1.0);
    }

    @Test
    void streamedCapturesAllocateNothingPerPacket() throws IOException {
        byte[] a = Files.readAllBytes(pcap);
        byte[] b = Files.readAllBytes(pcapng);
        assertThat(bytesPerPacket(() -> CaptureFiles.open(new ByteArrayInputStream(a), "-"))).isLessThan(1.0);
        assertThat(bytesPerPacket(() -> CaptureFiles.open(new ByteArrayInputStream(b), "-"))).isLessThan(1.0);
    }
}
