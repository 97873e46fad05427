package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.TypeNames;

/**
 * The checked-in JSON schema of {@code observations.jsonl} and {@code flows.jsonl}
 * ({@code docs/schema/observations.schema.json}) must match the observation records: it is the
 * contract with storage, the API and Kafka. After a deliberate change, regenerate it with
 * {@code mvn -pl cli test -Dtest=ObservationSchemaTest -Dwardwatch.updateSchema=true}.
 */
class ObservationSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void checkedInSchemaMatchesTheObservationRecords() throws IOException {
        Map<String, Class<?>> types = new TreeMap<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.wardwatch.model.obs")) {
            Class<?> type = c.reflect();
            if (type.isRecord() && Observation.class.isAssignableFrom(type)) {
                String name = TypeNames.of(type);
                assertThat(types.put(name, type)).as("two observation records named %s", name).isNull();
                assertThat(type.getRecordComponents()).extracting(java.lang.reflect.RecordComponent::getName)
                        .as("%s: a component named type would replace the type name", type.getName()).doesNotContain("type");
            }
        }
        assertThat(types).containsKey("flow_record");
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "wardwatch observation (one line of observations.jsonl or flows.jsonl)");
        ArrayNode oneOf = schema.putArray("oneOf");
        ObjectNode defs = schema.putObject("$defs");
        FLOW_ID_INLINE.set(true);
        ObjectNode flowId = typeOf(FlowId.class);
        FLOW_ID_INLINE.set(false);
        defs.set("_flow_id", flowId.put("description", "client = initiator; protocol is the IP protocol number"));
        types.forEach((name, type) -> {
            ObjectNode def = defs.putObject(name);
            def.put("type", "object");
            def.put("javaType", type.getName());
            ObjectNode props = def.putObject("properties");
            props.putObject("type").put("const", name);
            ArrayNode required = def.putArray("required").add("type");
            for (RecordComponent rc : type.getRecordComponents()) {
                props.set(rc.getName(), typeOf(rc.getGenericType()));
                if (rc.getType().isPrimitive()) {
                    required.add(rc.getName());
                }
            }
            oneOf.addObject().put("$ref", "#/$defs/" + name);
        });
        String generated = MAPPER.writeValueAsString(schema) + "\n";
        Path file = repoRoot().resolve("docs/schema/observations.schema.json");
        if (Boolean.getBoolean("wardwatch.updateSchema") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file)).as("docs/schema/observations.schema.json is out of date: regenerate it (see the test's javadoc)")
                .isEqualTo(generated);
    }

    private static ObjectNode typeOf(Type t) {
        ObjectNode n = MAPPER.createObjectNode();
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                n.put("type", "array");
                n.set("items", typeOf(p.getActualTypeArguments()[0]));
                return n;
            }
            if (Map.class.isAssignableFrom(raw)) {
                n.put("type", "object");
                n.set("additionalProperties", typeOf(p.getActualTypeArguments()[1]));
                return n;
            }
            return typeOf(raw);
        }
        Class<?> c = (Class<?>) t;
        if (c == int.class || c == long.class || c == short.class || c == byte.class || c == Integer.class || c == Long.class
                || c == Short.class) {
            n.put("type", "integer");
        } else if (c == double.class || c == float.class || c == Double.class || c == Float.class) {
            n.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            n.put("type", "boolean");
        } else if (c == String.class || c.isEnum()) {
            n.put("type", "string");
            if (c.isEnum()) {
                ArrayNode values = n.putArray("enum");
                for (Object e : c.getEnumConstants()) {
                    values.add(e.toString());
                }
            }
        } else if (c == Instant.class) {
            n.put("type", "string").put("format", "date-time");
        } else if (c == MacAddress.class) {
            n.put("type", "string").put("pattern", "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$");
        } else if (c == IpAddress.class) {
            n.put("type", "string").put("format", "ip");
        } else if (c == FlowId.class && !FLOW_ID_INLINE.get()) {
            n.put("$ref", "#/$defs/_flow_id");
        } else if (c == byte[].class) {
            n.put("type", "string").put("contentEncoding", "base64");
        } else if (c.isArray()) {
            n.put("type", "array");
            n.set("items", typeOf(c.getComponentType()));
        } else if (c.isRecord()) {
            n.put("type", "object");
            ObjectNode props = n.putObject("properties");
            for (RecordComponent rc : c.getRecordComponents()) {
                props.set(rc.getName(), typeOf(rc.getGenericType()));
            }
        } else {
            n.put("type", "object");
        }
        return n;
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci/run"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("..").toAbsolutePath() : dir;
    }

    private static final ThreadLocal<Boolean> FLOW_ID_INLINE = ThreadLocal.withInitial(() -> false);
}
