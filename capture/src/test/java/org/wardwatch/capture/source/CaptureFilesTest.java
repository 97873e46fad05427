package org.wardwatch.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wardwatch.capture.testsupport.CaptureBytes.frame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wardwatch.capture.testsupport.CaptureBytes;

class CaptureFilesTest {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Reads the bytes through the memory-mapped path and the streaming path; both must agree. */
    private Recs read(byte[] bytes) throws IOException {
        Recs mapped = Recs.readAll(CaptureFiles.open(file("in.cap", bytes)));
        Recs streamed = Recs.readAll(CaptureFiles.open(new ByteArrayInputStream(bytes), "stream"));
        assertThat(streamed.sameAs(mapped)).as("streamed equals mapped").isTrue();
        return mapped;
    }

    @ParameterizedTest(name = "{0} magic {1}")
    @CsvSource({"LITTLE_ENDIAN, a1b2c3d4, 1000", "BIG_ENDIAN, a1b2c3d4, 1000", "LITTLE_ENDIAN, a1b23c4d, 1", "BIG_ENDIAN, a1b23c4d, 1"})
    void readsClassicPcapInBothByteOrdersAndResolutions(String order, String magicHex, long nanosPerUnit) throws IOException {
        ByteOrder o = order.equals("BIG_ENDIAN") ? BE : LE;
        int magic = (int) Long.parseLong(magicHex, 16);
        byte[] bytes = CaptureBytes.pcap(o, magic, 65535, 1)
                .record(1_700_000_000L, 123_456, 60, frame(60, 1))
                .record(0xF0000000L, 999_999, 1514, frame(100, 2)) // seconds above 2^31: unsigned
                .record(1_700_000_001L, 0, 0, new byte[0])
                .bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.get(0).tsNanos()).isEqualTo(1_700_000_000L * 1_000_000_000L + 123_456 * nanosPerUnit);
        assertThat(r.get(1).tsNanos()).isEqualTo(0xF0000000L * 1_000_000_000L + 999_999 * nanosPerUnit);
        assertThat(r.get(0).data()).isEqualTo(frame(60, 1));
        assertThat(r.get(1).capLen()).isEqualTo(100);
        assertThat(r.get(1).origLen()).isEqualTo(1514);
        assertThat(r.get(1).data()).isEqualTo(frame(100, 2));
        assertThat(r.get(2).capLen()).isZero();
        assertThat(r.packets()).allSatisfy(p -> assertThat(p.linkType()).isEqualTo(1));
        assertThat(r.packets()).extracting(Recs.Rec::number).containsExactly(1L, 2L, 3L);
        assertThat(r.packets()).extracting(Recs.Rec::fileOffset).containsExactly(24L, 24L + 16 + 60, 24L + 16 + 60 + 16 + 100);
        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void packetBufferIsBigEndianWhateverTheFileByteOrder() throws IOException {
        byte[] bytes = CaptureBytes.pcap(LE, 0xa1b2c3d4, 65535, 1).record(1, 0, 14, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00}).bytes();
        try (PacketSource s = CaptureFiles.open(file("le.pcap", bytes))) {
            Packet p = new Packet();
            assertThat(s.next(p)).isTrue();
            assertThat(p.buf.order()).isEqualTo(BE);
            assertThat(p.buf.getShort(p.offset + 12) & 0xffff).isEqualTo(0x0800);
        }
    }

    @Test
    void readsKuznetzovModifiedPcapWithItsLongerRecordHeaders() throws IOException {
        byte[] bytes = CaptureBytes.pcap(LE, 0xa1b2cd34, 65535, 1)
                .kuznetzovRecord(10, 5, frame(42, 7)).kuznetzovRecord(11, 6, frame(43, 8)).bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.get(0).data()).isEqualTo(frame(42, 7));
        assertThat(r.get(1).tsNanos()).isEqualTo(11_000_006_000L);
        assertThat(r.get(1).fileOffset()).isEqualTo(24 + 24 + 42);
    }

    @Test
    void linkTypeDropsTheFcsBitsOfTheHeaderField() throws IOException {
        int withFcs = 1 | (1 << 26) | (4 << 28); // Ethernet, FCS present, 4-byte FCS
        Recs r = read(CaptureBytes.pcap(BE, 0xa1b2c3d4, 65535, withFcs).record(1, 0, 60, frame(60, 0)).bytes());
        assertThat(r.get(0).linkType()).isEqualTo(1);
    }

    @Test
    void unknownLinkTypesArePassedThrough() throws IOException {
        Recs r = read(CaptureBytes.pcap(LE, 0xa1b2c3d4, 65535, 9).record(1, 0, 20, frame(20, 0)).bytes()); // PPP
        assertThat(r.get(0).linkType()).isEqualTo(9);
    }

    @ParameterizedTest
    @CsvSource({"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void readsPcapngWithTwoInterfacesOfDifferentLinkTypes(String order) throws IOException {
        ByteOrder o = order.equals("BIG_ENDIAN") ? BE : LE;
        byte[] bytes = CaptureBytes.pcapng(o)
                .interfaceBlock(1, 65535, -1, 0)           // Ethernet, default microseconds
                .interfaceBlock(101, 0, 9, 0)              // raw IP, nanoseconds
                .enhancedPacket(0, 1_700_000_000_123_456L, 60, frame(60, 1))
                .enhancedPacket(1, 1_700_000_000_123_456_789L, 1500, frame(41, 2))
                .bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.get(0).linkType()).isEqualTo(1);
        assertThat(r.get(0).interfaceId()).isZero();
        assertThat(r.get(0).tsNanos()).isEqualTo(1_700_000_000_123_456_000L);
        assertThat(r.get(1).linkType()).isEqualTo(101);
        assertThat(r.get(1).interfaceId()).isEqualTo(1);
        assertThat(r.get(1).tsNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(r.get(1).capLen()).isEqualTo(41);
        assertThat(r.get(1).origLen()).isEqualTo(1500);
        assertThat(r.get(1).data()).isEqualTo(frame(41, 2));
        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void convertsDecimalAndBinaryTimestampResolutionsAndOffsets() throws IOException {
        byte[] bytes = CaptureBytes.pcapng(LE)
                .interfaceBlock(1, 0, 3, 0)                 // milliseconds
                .interfaceBlock(1, 0, 0x80 | 20, 0)         // 2^-20 s
                .interfaceBlock(1, 0, 12, 0)                // picoseconds
                .interfaceBlock(1, 0, 6, 1_000_000_000L)    // microseconds + 1e9 s offset
                .interfaceBlock(1, 0, 0x80 | 63, 0)         // 2^-63 s: the 128-bit path
                .enhancedPacket(0, 1_500L, 10, frame(10, 0))
                .enhancedPacket(1, (5L << 20) | (1L << 19), 10, frame(10, 0))  // 5.5 s
                .enhancedPacket(2, 7_000_000_000_123L, 10, frame(10, 0))       // 7.000000000123 s
                .enhancedPacket(3, 2_000_000L, 10, frame(10, 0))               // 2 s
                .enhancedPacket(4, 3L << 61, 10, frame(10, 0))                 // 0.75 s
                .bytes();
        Recs r = read(bytes);
        assertThat(r.packets()).extracting(Recs.Rec::tsNanos)
                .containsExactly(1_500_000_000L, 5_500_000_000L, 7_000_000_000L, 1_000_000_002_000_000_000L, 750_000_000L);
        assertThat(r.packets()).extracting(Recs.Rec::interfaceId).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void simplePacketBlocksUseTheSnaplenOfInterfaceZeroAndThePreviousTime() throws IOException {
        byte[] bytes = CaptureBytes.pcapng(BE)
                .interfaceBlock(1, 50, 9, 0)
                .enhancedPacket(0, 42L, 50, frame(50, 0))
                .simplePacket(200, frame(80, 3)) // block carries 80 bytes but snaplen 50 caps them
                .simplePacket(30, frame(32, 4))  // 30 on the wire: the 2 extra bytes are padding
                .bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.get(1).capLen()).isEqualTo(50);
        assertThat(r.get(1).origLen()).isEqualTo(200);
        assertThat(r.get(1).data()).isEqualTo(Arrays.copyOf(frame(80, 3), 50));
        assertThat(r.get(1).tsNanos()).isEqualTo(42L);
        assertThat(r.get(2).capLen()).isEqualTo(30);
    }

    @Test
    void readsObsoletePacketBlocks() throws IOException {
        byte[] bytes = CaptureBytes.pcapng(LE).interfaceBlock(113, 0, -1, 0)
                .obsoletePacket(0, 3_000_001L, 70, frame(70, 9)).bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.get(0).linkType()).isEqualTo(113);
        assertThat(r.get(0).tsNanos()).isEqualTo(3_000_001_000L);
        assertThat(r.get(0).data()).isEqualTo(frame(70, 9));
    }

    @Test
    void skipsNameResolutionStatisticsCustomAndUnknownBlocks() throws IOException {
        byte[] bytes = CaptureBytes.pcapng(LE)
                .block(4, new byte[] {0, 0, 0, 0})                 // empty name resolution block
                .interfaceBlock(1, 0, -1, 0)
                .block(0x00000BAD, frame(23, 0))                  // custom block
                .enhancedPacket(0, 1, 10, frame(10, 0))
                .block(5, new byte[12])                           // interface statistics
                .block(0x0000000A, frame(40, 1))                  // decryption secrets
                .block(0x12345678, frame(8, 2))                   // unknown
                .enhancedPacket(0, 2, 10, frame(10, 1))
                .bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void numbersInterfacesAcrossSectionsAndFollowsEachSectionsByteOrder() throws IOException {
        byte[] bytes = CaptureBytes.pcapng(LE)
                .interfaceBlock(1, 0, -1, 0)
                .interfaceBlock(113, 0, -1, 0)
                .enhancedPacket(1, 1, 10, frame(10, 0))
                .section(BE)
                .interfaceBlock(101, 0, 9, 0)
                .enhancedPacket(0, 5, 20, frame(20, 0))
                .enhancedPacket(1, 6, 20, frame(20, 0)) // section 2 has only interface 0
                .bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.get(0).interfaceId()).isEqualTo(1);
        assertThat(r.get(0).linkType()).isEqualTo(113);
        assertThat(r.get(1).interfaceId()).isEqualTo(2);
        assertThat(r.get(1).linkType()).isEqualTo(101);
        assertThat(r.get(1).tsNanos()).isEqualTo(5);
        assertThat(r.anomalies()).containsEntry("pcapng_unknown_interface", 1L);
    }

    @Test
    void recordCutByTheEndOfTheFileIsCountedAndReadingEndsCleanly() throws IOException {
        byte[] whole = CaptureBytes.pcap(LE, 0xa1b2c3d4, 65535, 1).record(1, 0, 60, frame(60, 0)).record(2, 0, 60, frame(60, 1)).bytes();
        Recs r = read(Arrays.copyOf(whole, whole.length - 10));
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.anomalies()).containsExactlyEntriesOf(java.util.Map.of("pcap_record_truncated", 1L));
    }

    @Test
    void cuttingAnyCaptureAtAnyOffsetYieldsOnlyItsWholeRecords() throws IOException {
        byte[] pcap = CaptureBytes.pcap(BE, 0xa1b23c4d, 65535, 1).record(1, 0, 60, frame(60, 0))
                .record(2, 0, 61, frame(61, 1)).record(3, 0, 62, frame(62, 2)).bytes();
        byte[] pcapng = CaptureBytes.pcapng(LE).interfaceBlock(1, 0, 9, 0).enhancedPacket(0, 1, 60, frame(60, 0))
                .block(0x0BAD, frame(10, 0)).enhancedPacket(0, 2, 61, frame(61, 1)).simplePacket(62, frame(62, 2)).bytes();
        for (byte[] whole : new byte[][] {pcap, pcapng}) {
            boolean ng = whole == pcapng;
            Recs full = read(whole);
            // where each packet's record ends: pcap header + data; pcapng EPB 32 / SPB 16 bytes + padded data
            long[] ends = new long[full.size()];
            for (int i = 0; i < ends.length; i++) {
                Recs.Rec p = full.get(i);
                ends[i] = p.fileOffset() + (ng ? (i == 2 ? 16 : 32) + ((p.capLen() + 3) & ~3) : 16 + p.capLen());
            }
            int headerEnd = ng ? 28 : 24;
            for (int cut = headerEnd; cut < whole.length; cut++) {
                Recs r = read(Arrays.copyOf(whole, cut));
                int expected = 0;
                while (expected < ends.length && ends[expected] <= cut) {
                    expected++;
                }
                assertThat(r.size()).as("cut at %d", cut).isEqualTo(expected);
                for (int i = 0; i < r.size(); i++) {
                    assertThat(r.get(i).sameAs(full.get(i))).as("packet %d of cut %d", i, cut).isTrue();
                }
                boolean insideAPacket = expected < ends.length && full.get(expected).fileOffset() < cut;
                if (insideAPacket) {
                    assertThat(r.anomalies().keySet()).as("cut at %d", cut).containsAnyOf("pcap_record_truncated", "pcapng_block_truncated");
                }
            }
        }
    }

    @Test
    void impossibleCapturedLengthStopsWithAnAnomaly() throws IOException {
        byte[] bytes = CaptureBytes.pcap(LE, 0xa1b2c3d4, 65535, 1).record(1, 0, 60, frame(60, 0))
                .record(2, 0, 0x7fff0000, 60, frame(60, 1)).record(3, 0, 60, frame(60, 2)).bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.anomalies()).containsEntry("pcap_record_too_large", 1L);
        Recs negative = read(CaptureBytes.pcap(LE, 0xa1b2c3d4, 65535, 1).record(2, 0, -1, 60, frame(60, 1)).bytes());
        assertThat(negative.size()).isZero();
        assertThat(negative.anomalies()).containsEntry("pcap_record_too_large", 1L);
    }

    @Test
    void capturedLengthAboveWireLengthOrSnaplenIsCountedAndDelivered() throws IOException {
        byte[] bytes = CaptureBytes.pcap(LE, 0xa1b2c3d4, 64, 1).record(1, 0, 60, 50, frame(60, 0)).record(1, 0, 100, 100, frame(100, 0)).bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.get(0).origLen()).isEqualTo(50);
        assertThat(r.anomalies()).containsEntry("pcap_caplen_exceeds_origlen", 1L).containsEntry("pcap_caplen_exceeds_snaplen", 1L);
    }

    @Test
    void badPcapngBlockLengthsStopReadingWithAnAnomaly() throws IOException {
        CaptureBytes head = CaptureBytes.pcapng(LE).interfaceBlock(1, 0, -1, 0).enhancedPacket(0, 1, 10, frame(10, 0));
        byte[] good = head.bytes();
        byte[] shortLength = concat(good, le(6, 8, 0, 0, 0, 0));
        byte[] oddLength = concat(good, le(6, 33, 0, 0, 0, 0, 0, 0, 0, 0));
        byte[] hugeLength = concat(good, le(6, 0x7ffffff0));
        Recs a = read(shortLength);
        Recs b = read(oddLength);
        Recs c = read(hugeLength);
        for (Recs r : new Recs[] {a, b, c}) {
            assertThat(r.size()).isEqualTo(1);
            assertThat(r.anomalies()).containsEntry("pcapng_block_length_invalid", 1L);
        }
        byte[] mismatch = CaptureBytes.pcapng(LE).interfaceBlock(1, 0, -1, 0).enhancedPacket(0, 1, 10, frame(10, 0))
                .enhancedPacket(0, 2, 10, frame(10, 1)).enhancedPacket(0, 3, 10, frame(10, 2)).bytes();
        int secondEnd = 28 + 24 + 2 * 44;
        ByteBuffer.wrap(mismatch).order(LE).putInt(secondEnd - 4, 48);
        Recs m = read(mismatch);
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.anomalies()).containsEntry("pcapng_block_length_mismatch", 1L);
    }

    @Test
    void malformedPacketBlocksInsideSoundBlocksAreSkipped() throws IOException {
        byte[] capOverrun = ByteBuffer.allocate(20).order(LE).putInt(0).putInt(0).putInt(1).putInt(400).putInt(400).array();
        byte[] bytes = CaptureBytes.pcapng(LE).interfaceBlock(1, 0, -1, 0)
                .block(6, capOverrun)                   // claims 400 captured bytes in a 32-byte block
                .block(6, new byte[8])                  // too short for an EPB
                .enhancedPacket(0, 2, 10, frame(10, 1))
                .enhancedPacket(7, 3, 10, frame(10, 2)) // no interface 7
                .bytes();
        Recs r = read(bytes);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.anomalies()).containsEntry("pcapng_block_malformed", 2L).containsEntry("pcapng_unknown_interface", 1L);
    }

    @Test
    void unreadableInputsRaiseCaptureFormatExceptionNamingFileAndOffset() throws IOException {
        Path empty = file("empty.pcap", new byte[0]);
        assertThatThrownBy(() -> CaptureFiles.open(empty)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("at byte 0").hasMessageContaining("empty");
        Path text = file("notes.pcap", "hello, this is not a capture".getBytes());
        assertThatThrownBy(() -> CaptureFiles.open(text)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("notes.pcap: at byte 0: not a pcap or pcapng capture");
        Path version = file("v3.pcap", ByteBuffer.allocate(24).order(LE).putInt(0xa1b2c3d4).putShort((short) 3).array());
        assertThatThrownBy(() -> CaptureFiles.open(version)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("at byte 4: unsupported pcap version 3.0");
        Path cut = file("cut.pcap", Arrays.copyOf(CaptureBytes.pcap(LE, 0xa1b2c3d4, 0, 1).bytes(), 20));
        assertThatThrownBy(() -> CaptureFiles.open(cut)).isInstanceOf(CaptureFormatException.class).hasMessageContaining("cut short");
        byte[] ng = CaptureBytes.pcapng(LE).bytes();
        ng[8] = 0x55;
        Path bom = file("bom.pcapng", ng);
        assertThatThrownBy(() -> CaptureFiles.open(bom)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("at byte 8: pcapng byte-order magic");
        Path missing = dir.resolve("missing.pcap");
        assertThatThrownBy(() -> CaptureFiles.open(missing)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("missing.pcap: at byte 0: no such file");
        assertThatThrownBy(() -> CaptureFiles.open(dir)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> CaptureFiles.open(new ByteArrayInputStream(new byte[0]), "-"))
                .isInstanceOf(CaptureFormatException.class).hasMessage("-: at byte 0: empty file, not a capture");
    }

    @Test
    void recordsCrossingMappedWindowBoundariesAreReadWhole() throws IOException {
        Random random = new Random(7);
        CaptureBytes b = CaptureBytes.pcap(LE, 0xa1b2c3d4, 262144, 1);
        int n = 0;
        for (long total = 0; total < 3L * CaptureFiles.MAX_BLOCK_BYTES; n++) {
            int len = n % 50 == 7 ? CaptureFiles.MAX_PACKET_BYTES : 1 + random.nextInt(2000);
            b.record(n, 0, len, frame(len, n));
            total += 16 + len;
        }
        byte[] bytes = b.bytes();
        Path f = file("windows.pcap", bytes);
        Recs small = Recs.readAll(CaptureFiles.open(f, CaptureFiles.MAX_BLOCK_BYTES));
        Recs whole = Recs.readAll(CaptureFiles.open(f));
        assertThat(small.size()).isEqualTo(n);
        assertThat(small.sameAs(whole)).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(small.get(i).data()).isEqualTo(frame(small.get(i).capLen(), i));
        }
    }

    @Test
    void readAheadThreadChangesNothingReadAndEndsWithTheSource() throws Exception {
        Random random = new Random(11);
        CaptureBytes b = CaptureBytes.pcap(LE, 0xa1b2c3d4, 262144, 1);
        int n = 0;
        for (long total = 0; total < MappedCaptureInput.READ_AHEAD_MIN_FILE + 4 * CaptureFiles.MAX_BLOCK_BYTES; n++) {
            int len = 60 + random.nextInt(1454);
            b.record(n, 0, len, frame(len, n));
            total += 16 + len;
        }
        Path f = file("read-ahead.pcap", b.bytes());
        Recs plain = Recs.readAll(CaptureFiles.open(f, MappedCaptureInput.DEFAULT_WINDOW, false));
        assertThat(plain.size()).isEqualTo(n);
        for (int window : new int[] {MappedCaptureInput.DEFAULT_WINDOW, CaptureFiles.MAX_BLOCK_BYTES}) {
            assertThat(Recs.readAll(CaptureFiles.open(f, window, true)).sameAs(plain)).as("window %d", window).isTrue();
        }
        PacketSource source = CaptureFiles.open(f, CaptureFiles.MAX_BLOCK_BYTES, true);
        Packet p = new Packet();
        assertThat(source.next(p)).isTrue();
        Thread readAhead = ((MappedCaptureInput) ((InputSource) source).input()).readAheadThread();
        assertThat(readAhead).isNotNull();
        assertThat(readAhead.isDaemon()).isTrue();
        source.close();
        readAhead.join(10_000);
        assertThat(readAhead.isAlive()).as("read-ahead thread ends with its source").isFalse();
        // small files are read without one
        PacketSource small = CaptureFiles.open(file("small.pcap", CaptureBytes.pcap(LE, 0xa1b2c3d4, 262144, 1)
                .record(0, 0, 60, frame(60, 0)).bytes()), MappedCaptureInput.DEFAULT_WINDOW, true);
        assertThat(((MappedCaptureInput) ((InputSource) small).input()).readAheadThread()).isNull();
        small.close();
    }

    @Test
    void readsPacketsBeyondTwoGibibytesOfMappedFile() throws IOException {
        // a sparse pcapng: 2.25 GiB of 16 MiB custom blocks (only their headers and trailers are written), then packets
        Path f = dir.resolve("big.pcapng");
        byte[] head = CaptureBytes.pcapng(LE).interfaceBlock(1, 0, 9, 0).enhancedPacket(0, 1, 60, frame(60, 0)).bytes();
        int block = PcapngReader.MAX_OTHER_BLOCK_BYTES;
        int blocks = 144;
        long tailAt;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(head), 0);
            long pos = head.length;
            for (int i = 0; i < blocks; i++, pos += block) {
                ch.write(ByteBuffer.allocate(12).order(LE).putInt(0x00000BAD).putInt(block).putInt(32473).flip(), pos);
                ch.write(ByteBuffer.allocate(4).order(LE).putInt(block).flip(), pos + block - 4);
            }
            tailAt = pos;
            byte[] tail = CaptureBytes.pcapng(LE).enhancedPacket(0, 2, 1514, frame(1514, 1)).enhancedPacket(0, 3, 70, frame(70, 2)).bytes();
            // drop the tail's own section header: 28 bytes
            ch.write(ByteBuffer.wrap(tail, 28, tail.length - 28), tailAt);
        }
        assertThat(Files.size(f)).isGreaterThan(1L << 31);
        for (int window : new int[] {MappedCaptureInput.DEFAULT_WINDOW, CaptureFiles.MAX_BLOCK_BYTES}) {
            Recs r = Recs.readAll(CaptureFiles.open(f, window));
            assertThat(r.size()).isEqualTo(3);
            assertThat(r.get(1).fileOffset()).isEqualTo(tailAt);
            assertThat(r.get(1).data()).isEqualTo(frame(1514, 1));
            assertThat(r.get(2).data()).isEqualTo(frame(70, 2));
            assertThat(r.get(2).tsNanos()).isEqualTo(3);
            assertThat(r.anomalies()).isEmpty();
        }
    }

    @Test
    void gzipCompressedFilesAndStreamsReadLikeThePlainFile() throws IOException {
        byte[] plain = CaptureBytes.pcapng(BE).interfaceBlock(1, 0, 9, 0).enhancedPacket(0, 5, 60, frame(60, 0))
                .enhancedPacket(0, 6, 1514, frame(1514, 1)).bytes();
        byte[] gz = gzip(plain);
        Recs expected = read(plain);
        Recs fromFile = Recs.readAll(CaptureFiles.open(file("x.pcapng.gz", gz)));
        Recs fromStream = Recs.readAll(CaptureFiles.open(new ByteArrayInputStream(gz), "-"));
        assertThat(fromFile.sameAs(expected)).isTrue();
        assertThat(fromStream.sameAs(expected)).isTrue();
        try (PacketSource s = CaptureFiles.open(file("y.gz", gz))) {
            assertThat(s.sizeBytes()).isEqualTo(gz.length);
            while (s.next(new Packet())) {
                assertThat(s.position()).isBetween(0L, (long) gz.length);
            }
            assertThat(s.position()).isEqualTo(gz.length);
        }
    }

    @Test
    void cutGzipStreamEndsLikeACutFile() throws IOException {
        byte[] plain = CaptureBytes.pcap(LE, 0xa1b2c3d4, 65535, 1).record(1, 0, 60, frame(60, 0)).record(2, 0, 3000, frame(3000, 1)).bytes();
        byte[] gz = gzip(plain);
        Recs r = Recs.readAll(CaptureFiles.open(file("cut.pcap.gz", Arrays.copyOf(gz, gz.length - 30))));
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.anomalies()).containsEntry("pcap_record_truncated", 1L);
    }

    @Test
    void dashReadsStandardInput() throws IOException {
        byte[] plain = CaptureBytes.pcap(BE, 0xa1b2c3d4, 65535, 1).record(1, 0, 60, frame(60, 0)).bytes();
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(gzip(plain)));
            try (PacketSource s = CaptureFiles.open("-")) {
                assertThat(s.name()).isEqualTo("-");
                Recs r = Recs.readAll(s);
                assertThat(r.size()).isEqualTo(1);
                assertThat(r.get(0).data()).isEqualTo(frame(60, 0));
            }
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void namedPipesAreStreamed() throws Exception {
        Path fifo = dir.resolve("capture.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("mkfifo is not available: " + e.getMessage());
            return;
        }
        assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        byte[] plain = CaptureBytes.pcapng(BE).interfaceBlock(1, 0, 9, 0).enhancedPacket(0, 5, 60, frame(60, 0)).bytes();
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, plain);
            } catch (IOException ignored) {
                // the reader fails the test if the bytes do not arrive
            }
        });
        writer.setDaemon(true);
        writer.start();
        try (PacketSource s = CaptureFiles.open(fifo)) {
            assertThat(s.sizeBytes()).isEqualTo(-1);
            Recs r = Recs.readAll(s);
            assertThat(r.size()).isEqualTo(1);
            assertThat(r.get(0).data()).isEqualTo(frame(60, 0));
        }
        writer.join(5000);
    }

    @Test
    void streamingBufferGrowsOnlyToTheLargestRecord() throws IOException {
        CaptureBytes b = CaptureBytes.pcap(LE, 0xa1b2c3d4, 262144, 1);
        for (int i = 0; i < 20; i++) {
            b.record(i, 0, CaptureFiles.MAX_PACKET_BYTES, frame(CaptureFiles.MAX_PACKET_BYTES, i));
        }
        StreamCaptureInput input = new StreamCaptureInput(new ByteArrayInputStream(b.bytes()), -1, null);
        try (PacketSource s = CaptureFiles.detect(input, "big")) {
            Packet p = new Packet();
            int n = 0;
            while (s.next(p)) {
                n++;
                assertThat(input.capacity()).isLessThanOrEqualTo(CaptureFiles.MAX_BLOCK_BYTES);
            }
            assertThat(n).isEqualTo(20);
        }
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bo)) {
            z.write(plain);
        }
        return bo.toByteArray();
    }

    private static byte[] le(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(ints.length * 4).order(LE);
        for (int v : ints) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
