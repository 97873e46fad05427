package org.wardwatch.capture.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arbitrary bytes read as a capture, through the streaming path and the memory-mapped path. Properties:
 * the only exception is {@link CaptureFormatException} from {@code open} (never from {@code next});
 * both paths agree; every packet view lies inside its buffer and under the packet cap; the streaming
 * buffer stays under {@link CaptureFiles#MAX_BLOCK_BYTES}; reading ends (at most one packet per 12 bytes).
 *
 * <p>Regression mode (every {@code mvn verify}) replays the committed inputs under
 * {@code src/test/resources/org/wardwatch/capture/source/CaptureReaderFuzzTestInputs/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn -pl capture -am test -Dtest=CaptureReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class CaptureReaderFuzzTest {
    private static Path mappedFile;

    @FuzzTest(maxDuration = "30s")
    void anyBytesReadWithoutEscapingExceptions(byte[] data) throws IOException {
        long streamed = readStreamed(data);
        long mapped = readMapped(data);
        assertThat(mapped).isEqualTo(streamed);
    }

    private static long readStreamed(byte[] data) throws IOException {
        PacketSource source;
        try {
            source = CaptureFiles.open(new ByteArrayInputStream(data), "fuzz");
        } catch (CaptureFormatException e) {
            return -1;
        }
        try (source) {
            long n = drain(source, data.length);
            CaptureInput input = source instanceof PcapReader r ? r.input() : ((PcapngReader) source).input();
            assertThat(((StreamCaptureInput) input).capacity()).isLessThanOrEqualTo(CaptureFiles.MAX_BLOCK_BYTES);
            return n;
        }
    }

    private static long readMapped(byte[] data) throws IOException {
        if (mappedFile == null) {
            mappedFile = Files.createTempFile("ww-fuzz", ".cap");
            mappedFile.toFile().deleteOnExit();
        }
        Files.write(mappedFile, data);
        PacketSource source;
        try {
            source = CaptureFiles.open(mappedFile);
        } catch (CaptureFormatException e) {
            return -1;
        }
        try (source) {
            return drain(source, data.length);
        }
    }

    private static long drain(PacketSource source, int inputBytes) throws IOException {
        Packet p = new Packet();
        long n = 0;
        while (source.next(p)) {
            n++;
            assertThat(p.capLen).isBetween(0, CaptureFiles.MAX_PACKET_BYTES);
            assertThat(p.offset).isNotNegative();
            assertThat((long) p.offset + p.capLen).isLessThanOrEqualTo(p.buf.capacity());
            assertThat(p.origLen).isNotNegative();
            assertThat(p.number).isEqualTo(n);
            assertThat(n).isLessThanOrEqualTo(inputBytes / 12 + 1);
        }
        assertThat(source.next(p)).as("stays at the end").isFalse();
        source.anomalies();
        return n;
    }
}
