package org.wardwatch.risk.weakness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * The engine reads live records through their accessors, and observations read back from JSON
 * through the tree: both must give the same findings. Random records of every type a rule (or the
 * DICOM default-AE check) looks at, with field values drawn from the rules' own operands, go through
 * both paths; hits, endpoint facts and the latest time must be equal.
 */
class WeaknessEngineRecordPathTest {
    /** The JSON form the engine used to build from every record, and that observations.jsonl holds. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final List<IpAddress> ADDRESSES = List.of(IpAddress.parse("10.0.0.5"), IpAddress.parse("10.0.0.9"),
            IpAddress.parse("192.168.1.20"), IpAddress.parse("8.8.8.8"), IpAddress.parse("203.0.113.7"),
            IpAddress.parse("198.18.0.1"), IpAddress.parse("fe80::1"), IpAddress.parse("2001:db8::5"),
            IpAddress.parse("2a00:1450::200e"), IpAddress.parse("239.255.255.250"));
    private static final List<Instant> TIMES = List.of(Instant.parse("2020-01-01T00:00:00Z"),
            Instant.parse("2024-05-02T10:00:00.123456Z"), Instant.parse("2026-11-30T05:00:00Z"));

    @Test
    void recordsAndTheirJsonFormsGiveTheSameFindings() throws Exception {
        List<WeaknessRule> rules = WeaknessRules.defaults();
        Map<String, Class<?>> classes = recordClasses(rules);
        Map<String, List<Object>> operands = operandsByField(rules);
        WeaknessEngine byRecord = new WeaknessEngine();
        WeaknessEngine byJson = new WeaknessEngine();
        Random random = new Random(42);
        int fed = 0;
        for (int i = 0; i < 400; i++) {
            for (Map.Entry<String, Class<?>> e : classes.entrySet()) {
                Observation o = randomRecord(e.getValue(), operands, random);
                byRecord.accept(o);
                byJson.accept(o.type(), JSON.valueToTree(o));
                fed++;
            }
        }
        assertThat(fed).isEqualTo(400 * classes.size());
        assertThat(describe(byRecord)).isEqualTo(describe(byJson));
        Set<String> fired = new LinkedHashSet<>();
        byRecord.hits().forEach(h -> fired.add(h.rule().id()));
        assertThat(fired).as("rules that fired on the random records").hasSizeGreaterThanOrEqualTo(rules.size() - 2);
        assertThat(byRecord.endpoints().values()).anySatisfy(f -> assertThat(f.acceptedDefaultAe()).isNotEmpty());
        assertThat(byRecord.endpoints().values()).anySatisfy(f -> assertThat(f.rejectedUnknownCaller()).isTrue());
    }

    private static Map<String, Class<?>> recordClasses(List<WeaknessRule> rules) throws Exception {
        JsonNode defs = new ObjectMapper().readTree(Files.readString(Path.of("..", "docs", "schema", "observations.schema.json"))).get("$defs");
        Set<String> types = new LinkedHashSet<>(List.of("dicom_association_accepted", "dicom_association_rejected"));
        rules.forEach(r -> types.add(r.observation()));
        Map<String, Class<?>> out = new TreeMap<>();
        for (String t : types) {
            out.put(t, Class.forName(defs.get(t).get("javaType").asText()));
        }
        return out;
    }

    /** Per field name, the values rules compare it with (so that rules fire), plus the DICOM default AE titles. */
    private static Map<String, List<Object>> operandsByField(List<WeaknessRule> rules) {
        Map<String, List<Object>> out = new HashMap<>();
        for (WeaknessRule r : rules) {
            for (WeaknessRule.Condition c : r.when()) {
                String field = c.path().substring(c.path().lastIndexOf('.') + 1);
                List<Object> values = out.computeIfAbsent(field, k -> new ArrayList<>());
                if (c.operand().isArray()) {
                    c.operand().forEach(v -> values.add(scalar(v)));
                } else {
                    values.add(scalar(c.operand()));
                }
            }
        }
        out.computeIfAbsent("callingAeTitle", k -> new ArrayList<>()).addAll(List.of("ECHOSCU", " storescu ", "PACS1", ""));
        out.computeIfAbsent("calledAeTitle", k -> new ArrayList<>()).addAll(List.of("ANY-SCP", "ARCHIVE"));
        out.computeIfAbsent("reason", k -> new ArrayList<>()).addAll(List.of("calling_ae_title_not_recognized", "no_reason_given"));
        out.computeIfAbsent("header", k -> new ArrayList<>()).add("authorization\u001b[31m");
        return out;
    }

    private static Object scalar(JsonNode v) {
        return v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText();
    }

    private static Observation randomRecord(Class<?> type, Map<String, List<Object>> operands, Random random) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getName(), components[i].getGenericType(), operands, random);
        }
        Constructor<?> c = type.getDeclaredConstructor(types);
        return (Observation) c.newInstance(args);
    }

    private static Object value(String name, Type generic, Map<String, List<Object>> operands, Random random) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        List<Object> known = operands.getOrDefault(name, List.of());
        boolean nullable = !raw.isPrimitive() && raw != List.class && !name.equals("ts") && !name.equals("flow");
        if (nullable && random.nextInt(10) == 0) {
            return null;
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            long v = !known.isEmpty() && random.nextBoolean() ? ((Number) known.get(random.nextInt(known.size()))).longValue()
                    : List.of(0L, 1L, 3L, 769L, 1024L, 2048L, 4865L).get(random.nextInt(7));
            return raw == int.class || raw == Integer.class ? (Object) (int) v : (Object) v;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return random.nextBoolean();
        }
        if (raw == String.class) {
            List<String> pool = new ArrayList<>(List.of("x", "", "RSA", "v2c"));
            known.forEach(k -> pool.add(k.toString()));
            return pool.get(random.nextInt(pool.size()));
        }
        if (raw == Instant.class) {
            return TIMES.get(random.nextInt(TIMES.size()));
        }
        if (raw == FlowId.class) {
            int[] ports = {23, 443, 3389, 5900, 104, 161, 50000};
            return new FlowId(random.nextInt(3) == 0 ? 20 : 0, ADDRESSES.get(random.nextInt(ADDRESSES.size())), 40000 + random.nextInt(3),
                    ADDRESSES.get(random.nextInt(ADDRESSES.size())), ports[random.nextInt(ports.length)], random.nextBoolean() ? 6 : 17);
        }
        if (raw == IpAddress.class) {
            return ADDRESSES.get(random.nextInt(ADDRESSES.size()));
        }
        if (raw == MacAddress.class) {
            return MacAddress.of(0x0011_2233_4455L + random.nextInt(4));
        }
        if (raw == List.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                Object v = value(name, element, operands, random);
                if (v != null) {
                    list.add(v);
                }
            }
            return list;
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        if (!raw.isPrimitive()) {
            return null;
        }
        throw new IllegalStateException("no random value for " + generic + " " + name);
    }

    /** Everything the risk engine reads from a weakness engine, as text. */
    private static List<String> describe(WeaknessEngine w) {
        List<String> out = new ArrayList<>();
        for (WeaknessEngine.Hit h : w.hits()) {
            out.add(h.rule().id() + " " + h.endpoint() + " " + h.count() + " " + h.first() + " " + h.last() + " " + h.title()
                    + " | " + h.detail() + " | " + h.samples());
        }
        new TreeMap<>(w.endpoints().entrySet().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> {
            WeaknessEngine.EndpointFacts f = e.getValue();
            return f.phiMessages() + " " + f.exposures() + " " + f.acceptedDefaultAe() + " " + f.callingAeSeen + " "
                    + f.rejectedUnknownCaller() + " " + f.firstDefaultAe() + " " + f.lastDefaultAe() + " " + f.defaultAeCount();
        }))).forEach((k, v) -> out.add(k + ": " + v));
        out.add("latest " + w.latest() + ", dropped " + w.dropped());
        return out;
    }
}
