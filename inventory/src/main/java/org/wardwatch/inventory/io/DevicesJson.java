package org.wardwatch.inventory.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import java.io.BufferedOutputStream;
import org.wardwatch.model.finding.DeviceRisk;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
            .registerModule(new SimpleModule("devices-json-instants").addSerializer(Instant.class, new InstantText())
                    .setSerializerModifier(new BeanSerializerModifier() {
                        @Override
                        public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                                  JsonSerializer<?> serializer) {
                            return description.getBeanClass() == Device.class ? new WithRisk(serializer) : serializer;
                        }
                    }))
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
        write(file, devices, counters, Map.of());
    }

    /**
     * The devices file with each device's risk (by device id) as its last members: {@code riskScore},
     * {@code riskWorstSeverity} when there is a worst finding, {@code riskFindings}. Written to a temporary
     * file beside {@code file}, then moved over it.
     */
    public static void write(Path file, List<Device> devices, Map<String, Long> counters, Map<String, DeviceRisk> risk)
            throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            write(out, devices, counters, risk);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The attribute of the writer that carries the risk by device id to {@link WithRisk}. */
    private static final String RISK = "wardwatch.devices.risk";

    /**
     * A device as its bean serializer writes it, with its risk members after the others when the writer
     * carries risk for its id (a null id is looked up as "null", as a JSON tree reads it).
     */
    private static final class WithRisk extends StdSerializer<Device> implements ResolvableSerializer {
        private final JsonSerializer<Object> bean;
        private JsonSerializer<Object> members;

        @SuppressWarnings("unchecked")
        WithRisk(JsonSerializer<?> bean) {
            super(Device.class);
            this.bean = (JsonSerializer<Object>) bean;
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (bean instanceof ResolvableSerializer r) {
                r.resolve(provider);
            }
            members = bean.unwrappingSerializer(NameTransformer.NOP);
        }

        @Override
        public void serialize(Device d, JsonGenerator g, SerializerProvider provider) throws IOException {
            Object risk = provider.getAttribute(RISK);
            DeviceRisk r = risk instanceof Map<?, ?> byId ? (DeviceRisk) byId.get(String.valueOf(d.id())) : null;
            if (r == null) {
                bean.serialize(d, g, provider);
                return;
            }
            g.writeStartObject(d);
            members.serialize(d, g, provider);
            g.writeNumberField("riskScore", r.score());
            if (r.worst() != null) {
                g.writeStringField("riskWorstSeverity", r.worst().jsonName());
            }
            g.writeNumberField("riskFindings", r.findings());
            g.writeEndObject();
        }
    }

    public static void write(OutputStream out, List<Device> devices, Map<String, Long> counters) throws IOException {
        write(out, devices, counters, Map.of());
    }

    private static void write(OutputStream out, List<Device> devices, Map<String, Long> counters, Map<String, DeviceRisk> risk)
            throws IOException {
        MAPPER.writer(new BytesPrettyPrinter()).withAttribute(RISK, risk).writeValue(out, new File(FORMAT, devices, counters));
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
