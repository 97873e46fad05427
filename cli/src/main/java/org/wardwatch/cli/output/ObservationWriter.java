package org.wardwatch.cli.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.DefaultSerializerProvider;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * Writes observations as JSON lines: {@code {"type":"dhcp_client_seen","ts":"...",...}}, the
 * record's components after the type. Streaming: nothing is held in memory.
 *
 * <p>One generator writes the whole file. Per record class, Jackson's bean serializer is looked up
 * once and used in its unwrapping form, so a line is the {@code "type"} member followed by the
 * record's members written straight to the generator, without building a tree. A record with a
 * component named {@code type} (its accessor then overrides {@link Observation#type()}) keeps the
 * former tree form: one {@code "type"} member, first, holding the component's value.
 */
public final class ObservationWriter implements Closeable {
    /**
     * {@link Json#mapper()} with serializers that write the same text faster: instants without the
     * formatter's objects, addresses by their toString without reflection.
     */
    private static final ObjectMapper MAPPER = Json.mapper().copy().registerModule(new SimpleModule("observation-writer")
            .addSerializer(Instant.class, new InstantText())
            .addSerializer(IpAddress.class, ToStringSerializer.instance)
            .addSerializer(MacAddress.class, ToStringSerializer.instance));

    private final ObjectMapper mapper = MAPPER;
    private final DefaultSerializerProvider provider;
    private final JsonGenerator generator;
    private final Map<Class<?>, JsonSerializer<Object>> serializers = new IdentityHashMap<>();
    private long written;

    /** Writes UTF-8 bytes straight to the file (no character writer and encoder in between). */
    public ObservationWriter(Path file) throws IOException {
        this(MAPPER.getFactory().createGenerator(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), JsonEncoding.UTF8));
    }

    /** Writes to {@code out}, which {@link #close()} closes. */
    public ObservationWriter(Writer out) throws IOException {
        this(MAPPER.getFactory().createGenerator(out));
    }

    private ObservationWriter(JsonGenerator generator) {
        this.generator = generator;
        this.generator.setRootValueSeparator(null); // lines are separated by '\n' below
        this.provider = ((DefaultSerializerProvider) mapper.getSerializerProvider())
                .createInstance(mapper.getSerializationConfig(), mapper.getSerializerFactory());
    }

    public void write(Observation o) {
        try {
            JsonSerializer<Object> fields = fieldsOf(o.getClass());
            if (fields != null) {
                generator.writeStartObject(o);
                generator.writeStringField("type", o.type());
                provider.serializeValue(generator, o, null, fields);
                generator.writeEndObject();
            } else {
                ObjectNode node = mapper.createObjectNode();
                node.put("type", o.type());
                node.setAll((ObjectNode) mapper.valueToTree(o));
                mapper.writeTree(generator, node);
            }
            generator.writeRaw('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's members without the enclosing braces, or null when the tree form is needed. */
    private JsonSerializer<Object> fieldsOf(Class<?> type) throws JsonMappingException {
        if (serializers.containsKey(type)) {
            return serializers.get(type);
        }
        JsonSerializer<Object> bean = provider.findValueSerializer(type);
        JsonSerializer<Object> fields = bean.unwrappingSerializer(NameTransformer.NOP);
        if (fields == null || !fields.isUnwrappingSerializer() || hasTypeMember(bean)) {
            fields = null;
        }
        serializers.put(type, fields);
        return fields;
    }

    private static boolean hasTypeMember(JsonSerializer<Object> bean) {
        for (Iterator<PropertyWriter> it = bean.properties(); it.hasNext(); ) {
            if (it.next().getName().equals("type")) {
                return true;
            }
        }
        return false;
    }

    /** Instants as {@link DateTimeFormatter#ISO_INSTANT} text (as Jackson's InstantSerializer writes them here). */
    private static final class InstantText extends StdSerializer<Instant> {
        InstantText() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, gen, provider);
                return;
            }
            char[] text = new char[IsoInstant.MAX_FAST_LENGTH];
            int length = IsoInstant.format(value, text);
            if (length < 0) {
                gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
            } else {
                gen.writeString(text, 0, length);
            }
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }
}
