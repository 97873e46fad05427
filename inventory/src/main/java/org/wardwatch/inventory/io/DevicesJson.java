package org.wardwatch.inventory.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.device.Device;

/**
 * {@code devices.json}: {@code {"format": "wardwatch-devices/1", "devices": [Device...], "counters": {...}}}.
 * Devices are the {@link Device} records as JSON (field names are API); times are ISO-8601 UTC.
 */
public final class DevicesJson {
    public static final String FORMAT = "wardwatch-devices/1";

    /** The file's content. */
    public record File(String format, List<Device> devices, Map<String, Long> counters) {
        public File {
            devices = List.copyOf(devices);
            // sorted by name: the file is the same for the same input (Map.copyOf iterates in a per-run order)
            counters = counters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counters));
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("devices-json-instants").addSerializer(Instant.class, new InstantText()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private DevicesJson() {
    }

    /**
     * An {@link Instant} as {@link Instant#toString()} writes it (ISO-8601 UTC, the fraction in groups of three
     * digits, as JavaTimeModule's serializer writes it with WRITE_DATES_AS_TIMESTAMPS off), without a
     * DateTimeFormatter pass per value: a devices file holds about ten per device. The date and time up to the
     * seconds come from {@code toString} of the whole second, kept for the seconds seen last; the fraction is
     * written here.
     */
    static final class InstantText extends StdSerializer<Instant> {
        /** The text of one whole second without its "Z". */
        private record Second(long epochSecond, String text) {
        }

        private final Second[] seconds = new Second[1024];

        InstantText() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeString(text(value));
        }

        String text(Instant value) {
            long epochSecond = value.getEpochSecond();
            int slot = (int) (epochSecond & (seconds.length - 1));
            Second s = seconds[slot]; // immutable: a slot read while another thread replaces it is still a whole second
            if (s == null || s.epochSecond() != epochSecond) {
                String whole = Instant.ofEpochSecond(epochSecond).toString();
                s = new Second(epochSecond, whole.substring(0, whole.length() - 1));
                seconds[slot] = s;
            }
            int nano = value.getNano();
            if (nano == 0) {
                return s.text() + "Z";
            }
            StringBuilder sb = new StringBuilder(s.text().length() + 11).append(s.text()).append('.');
            int digits;
            int fraction;
            if (nano % 1_000_000 == 0) {
                digits = 3;
                fraction = nano / 1_000_000;
            } else if (nano % 1000 == 0) {
                digits = 6;
                fraction = nano / 1000;
            } else {
                digits = 9;
                fraction = nano;
            }
            String f = Integer.toString(fraction);
            for (int i = f.length(); i < digits; i++) {
                sb.append('0');
            }
            return sb.append(f).append('Z').toString();
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void write(Path file, List<Device> devices, Map<String, Long> counters) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Bytes bytes = new Bytes(devices.size());
        write(bytes, devices, counters);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(bytes.buffer(), 0, bytes.size());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        List<String> ids = new ArrayList<>(devices.size());
        for (Device d : devices) {
            ids.add(d.id());
        }
        lastWritten = new SoftReference<>(new Written(file.toAbsolutePath().normalize(), bytes, ids));
    }

    /** A byte array output stream whose buffer is read in place (no copy of a file of megabytes). */
    private static final class Bytes extends ByteArrayOutputStream {
        /** Sized for the devices (about 2 KB each) so that the buffer is seldom copied to grow. */
        Bytes(int devices) {
            super((int) Math.min(1 << 28, Math.max(1 << 16, devices * 2304L)));
        }

        byte[] buffer() {
            return buf;
        }
    }

    /** The file this process wrote last (softly held: a later stage that adds to it may skip parsing it). */
    private static volatile SoftReference<Written> lastWritten = new SoftReference<>(null);

    /**
     * A devices file as this process wrote it: its bytes and its devices' ids in file order. Lets a later stage
     * add members to each device by splicing bytes instead of reading the file back as trees (see
     * {@link #deviceEnds()}).
     */
    public static final class Written {
        private final Path file;
        private final Bytes bytes;
        private final List<String> ids;

        private Written(Path file, Bytes bytes, List<String> ids) {
            this.file = file;
            this.bytes = bytes;
            this.ids = List.copyOf(ids.contains(null) ? ids.stream().map(String::valueOf).toList() : ids);
        }

        /** The file's bytes (shared: read only), {@link #size()} of them. */
        public byte[] bytes() {
            return bytes.buffer();
        }

        public int size() {
            return bytes.size();
        }

        /** The id of each device in file order (a null id as the text "null", as a JSON tree reads it). */
        public List<String> ids() {
            return ids;
        }

        /**
         * Per device, in file order: the offset where its last member's value ends, i.e. where the pretty printer's
         * line break and indentation before the device's closing brace begin: members inserted there, each as
         * {@code ",<line break><4 spaces>\"name\" : value"}, read as if the device had been written with them.
         * Null when the layout is not the one expected (then read the file as JSON instead).
         *
         * <p>The devices are the objects of the root's {@code "devices"} array, indented by one level: each closes
         * with a line break, two spaces and a brace, and no line break occurs inside a JSON string (it is escaped).
         */
        public int[] deviceEnds() {
            byte[] b = bytes.buffer();
            int n = bytes.size();
            byte[] start = ("{" + LF + "  \"format\" : \"" + FORMAT + "\"," + LF + "  \"devices\" : [ ")
                    .getBytes(StandardCharsets.UTF_8);
            if (n < start.length || !Arrays.equals(b, 0, start.length, start, 0, start.length)) {
                return null;
            }
            byte[] close = (LF + "  }").getBytes(StandardCharsets.UTF_8);
            int[] ends = new int[ids.size()];
            int at = start.length;
            for (int i = 0; i < ends.length; i++) {
                if (at >= n || b[at] != '{') {
                    return null;
                }
                int end = indexOf(b, n, close, at);
                if (end < 0) {
                    return null;
                }
                ends[i] = end;
                at = end + close.length;
                // then ", {" before the next device, " ]" after the last one
                if (i + 1 < ends.length) {
                    if (at + 3 > n || b[at] != ',' || b[at + 1] != ' ') {
                        return null;
                    }
                    at += 2;
                }
            }
            if (ends.length == 0) {
                return at + 1 < n && b[at] == ']' ? ends : null;
            }
            return at + 2 <= n && b[at] == ' ' && b[at + 1] == ']' ? ends : null;
        }

        private static int indexOf(byte[] b, int n, byte[] what, int from) {
            byte first = what[0];
            int length = what.length;
            for (int i = from, last = n - length; i <= last; i++) {
                if (b[i] == first && startsWith(b, i, what)) {
                    return i;
                }
            }
            return -1;
        }

        /** A plain loop: most line breaks differ at their second byte already. */
        private static boolean startsWith(byte[] b, int at, byte[] what) {
            for (int j = 1; j < what.length; j++) {
                if (b[at + j] != what[j]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The pretty printer's line break (Jackson's default indenter uses the system's). */
    public static final String LF = DefaultIndenter.SYS_LF;

    /**
     * What this process last wrote to {@code file} with {@link #write(Path, List, Map)}, when the file still
     * holds exactly those bytes; else null.
     */
    public static Written written(Path file) throws IOException {
        Written w = lastWritten.get();
        if (w == null || !w.file.equals(file.toAbsolutePath().normalize()) || Files.size(file) != w.size()) {
            return null;
        }
        // compared a block at a time: no second copy of a file of megabytes
        byte[] block = new byte[1 << 16];
        byte[] expected = w.bytes();
        int at = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(block, 0, block.length)) > 0) {
                if (at + n > w.size() || !Arrays.equals(block, 0, n, expected, at, at + n)) {
                    return null;
                }
                at += n;
            }
        }
        return at == w.size() ? w : null;
    }

    public static void write(OutputStream out, List<Device> devices, Map<String, Long> counters) throws IOException {
        MAPPER.writer(new BytesPrettyPrinter()).writeValue(out, new File(FORMAT, devices, counters));
    }

    /**
     * Jackson's default pretty printer (the text is the same), its line breaks with indentation and its
     * {@code " : "} written as bytes encoded once: a devices file has about 150 lines per device, and the default
     * printer encodes each indentation from characters.
     */
    static final class BytesPrettyPrinter extends DefaultPrettyPrinter {
        private static final int LEVELS = 24;
        /** Per nesting level: the line break and the indentation (two spaces a level), as the default indenter writes it. */
        private static final SerializedString[] INDENTS = new SerializedString[LEVELS];
        /** The same after a ",". */
        private static final SerializedString[] ENTRY_INDENTS = new SerializedString[LEVELS];

        static {
            for (int level = 0; level < LEVELS; level++) {
                String indent = DefaultIndenter.SYS_LF + "  ".repeat(level);
                INDENTS[level] = new SerializedString(indent);
                ENTRY_INDENTS[level] = new SerializedString("," + indent);
            }
        }

        private final SerializedString fieldValueSeparator;
        private final boolean commaEntries;

        BytesPrettyPrinter() {
            this.fieldValueSeparator = new SerializedString(_objectFieldValueSeparatorWithSpaces);
            this.commaEntries = ",".equals(_objectEntrySeparator);
            _objectIndenter = new LevelIndenter();
        }

        private BytesPrettyPrinter(BytesPrettyPrinter base) {
            super(base);
            this.fieldValueSeparator = base.fieldValueSeparator;
            this.commaEntries = base.commaEntries;
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new BytesPrettyPrinter(this);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(fieldValueSeparator);
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            if (commaEntries && _nesting < LEVELS && _objectIndenter instanceof LevelIndenter) {
                g.writeRaw(ENTRY_INDENTS[_nesting]);
            } else {
                super.writeObjectEntrySeparator(g);
            }
        }

        /** {@link DefaultIndenter#SYSTEM_LINEFEED_INSTANCE}'s text, from the encoded table. */
        private static final class LevelIndenter implements DefaultPrettyPrinter.Indenter {
            @Override
            public void writeIndentation(JsonGenerator g, int level) throws IOException {
                if (level < LEVELS) {
                    g.writeRaw(INDENTS[level]);
                } else {
                    DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.writeIndentation(g, level);
                }
            }

            @Override
            public boolean isInline() {
                return false;
            }
        }
    }

    public static File read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static File read(InputStream in) throws IOException {
        File f = MAPPER.readValue(in, File.class);
        if (f.format() == null || !f.format().startsWith("wardwatch-devices/")) {
            throw new IOException("not a wardwatch devices.json (format " + f.format() + ")");
        }
        return f;
    }
}
