package org.wardwatch.capture.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Opens capture files: classic pcap (micro- and nanosecond, either byte order, Kuznetzov's modified
 * format), pcapng, either of them gzip-compressed, and standard input ({@code "-"}). The format is
 * found from the first bytes, never from the file name. See {@code docs/capture-formats.md}.
 *
 * <p>Regular uncompressed files are memory-mapped (in windows, so any size works); compressed files,
 * pipes and standard input are streamed through one bounded reusable buffer.
 *
 * <p>Errors: a file that is not a capture at all (missing, empty, unknown magic, unsupported version,
 * header cut short) raises {@link CaptureFormatException} naming the file and the byte offset. Damage
 * after the header never raises: it is counted in {@link PacketSource#anomalies()}.
 */
public final class CaptureFiles {
    /** Captured bytes per packet beyond which a record is impossible (libpcap's and Wireshark's maximum snaplen). */
    public static final int MAX_PACKET_BYTES = 262_144;
    /** Largest record or block held in memory at once: a maximal packet plus room for its headers and options. */
    public static final int MAX_BLOCK_BYTES = MAX_PACKET_BYTES + 65_536;

    private static final int GZIP_MAGIC = 0x1f8b;

    private CaptureFiles() {
    }

    /** Opens a file, or standard input when {@code pathOrDash} is {@code "-"}. */
    public static PacketSource open(String pathOrDash) throws IOException {
        if ("-".equals(pathOrDash)) {
            return open(System.in, "-");
        }
        return open(Path.of(pathOrDash));
    }

    /** Opens a capture file (memory-mapped when it is a regular uncompressed file). */
    public static PacketSource open(Path file) throws IOException {
        return open(file, MappedCaptureInput.DEFAULT_WINDOW);
    }

    /** As {@link #open(Path)}, with the size of the memory-mapped windows (tests use small ones). */
    static PacketSource open(Path file, int mapWindow) throws IOException {
        return open(file, mapWindow, MappedCaptureInput.readAheadEnabled());
    }

    /** As {@link #open(Path, int)}, with the read-ahead thread of mapped files on or off. */
    static PacketSource open(Path file, int mapWindow, boolean readAhead) throws IOException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new CaptureFormatException(name, 0, "is a directory, not a capture");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CaptureFormatException(name, 0, "no such file");
        } catch (IOException e) {
            throw new CaptureFormatException(name, 0, "cannot open: " + e.getMessage());
        }
        try {
            if (!Files.isRegularFile(file)) {
                // a FIFO, a character device, /dev/stdin: stream it
                return fromStream(Channels.newInputStream(channel), name, -1, null);
            }
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate(2);
            channel.read(head, 0);
            if (size >= 2 && (head.getShort(0) & 0xffff) == GZIP_MAGIC) {
                CountingInputStream raw = new CountingInputStream(Channels.newInputStream(channel));
                return fromStream(raw, name, size, raw);
            }
            return detect(new MappedCaptureInput(channel, mapWindow, readAhead), name);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads a capture from a stream (standard input, a pipe, a socket), gzip-compressed or not.
     * The stream is closed when the source is closed.
     */
    public static PacketSource open(InputStream in, String name) throws IOException {
        return fromStream(in, name, -1, null);
    }

    /** A stream, gzip-compressed or not; {@code counter} counts raw bytes for progress (or null: decompressed position). */
    private static PacketSource fromStream(InputStream in, String name, long size, CountingInputStream counter) throws IOException {
        try {
            PushbackInputStream pb = new PushbackInputStream(in, 2);
            byte[] two = new byte[2];
            int n = pb.readNBytes(two, 0, 2);
            pb.unread(two, 0, n);
            InputStream stream = pb;
            if (n == 2 && ((two[0] & 0xff) << 8 | (two[1] & 0xff)) == GZIP_MAGIC) {
                try {
                    stream = new GZIPInputStream(pb, 1 << 16);
                } catch (IOException e) {
                    throw new CaptureFormatException(name, 0, "gzip header is damaged: " + e.getMessage());
                }
            }
            StreamCaptureInput input = new StreamCaptureInput(new DamageTolerantStream(stream), size,
                    counter == null ? null : counter::count);
            return detect(input, name);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Picks the reader from the first four bytes. */
    static PacketSource detect(CaptureInput input, String name) throws IOException {
        int i = input.require(0, 4);
        if (i < 0) {
            boolean empty = input.atEnd(0);
            input.close();
            throw new CaptureFormatException(name, 0, empty ? "empty file, not a capture" : "too short to be a capture");
        }
        int magic = input.buf.getInt(i);
        int swapped = Integer.reverseBytes(magic);
        try {
            if (magic == PcapngReader.SHB) {
                return new PcapngReader(input, name);
            }
            for (int m : new int[] {PcapReader.MAGIC_MICRO, PcapReader.MAGIC_NANO, PcapReader.MAGIC_KUZNETZOV}) {
                if (magic == m || swapped == m) {
                    return new PcapReader(input, name);
                }
            }
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
        input.close();
        throw new CaptureFormatException(name, 0, String.format("not a pcap or pcapng capture (first bytes 0x%08x)", magic));
    }

    /** Counts bytes read from the underlying (compressed) file, for progress. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }

    /**
     * A damaged gzip stream (cut short, corrupt deflate data) ends the input instead of failing it:
     * the reader then reports the record it was in as truncated, like any other cut file.
     */
    static final class DamageTolerantStream extends FilterInputStream {
        private boolean broken;

        DamageTolerantStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (broken) {
                return -1;
            }
            try {
                return in.read();
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                broken = true;
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (broken) {
                return -1;
            }
            try {
                return in.read(b, off, len);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                broken = true;
                return -1;
            }
        }
    }
}
