package org.wardwatch.inventory.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private DevicesJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void write(Path file, List<Device> devices, Map<String, Long> counters) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(out, devices, counters);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static void write(OutputStream out, List<Device> devices, Map<String, Long> counters) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, new File(FORMAT, devices, counters));
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
