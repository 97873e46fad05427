package org.wardwatch.risk.weakness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.IpAddress;

/**
 * An observation's fields by dotted path ({@code "flow.server"}), valued as in the observation's JSON
 * form: what rules test and templates print. Two forms: an observation read back as JSON
 * ({@link #of(JsonNode)}), and a live record, read through Jackson's own property accessors so that
 * only the fields a rule asks for are touched ({@link Records}).
 */
interface ObservationFields {
    /** The field's value: a Java value for a record (an {@link IpAddress}, an Integer...), a JsonNode for JSON; null when absent or null. */
    Object value(String path);

    /** The JSON form of a {@link #value}, null for null. */
    JsonNode node(Object value);

    /** The field's JSON form, null when absent or null. */
    default JsonNode node(String path) {
        return node(value(path));
    }

    static ObservationFields of(JsonNode observation) {
        return new ObservationFields() {
            @Override
            public Object value(String path) {
                JsonNode v = WeaknessRule.at(observation, path);
                return v == null || v.isNull() || v.isMissingNode() ? null : v;
            }

            @Override
            public JsonNode node(Object value) {
                return (JsonNode) value;
            }
        };
    }

    /**
     * Reads records (and the beans inside them) through the properties of their Jackson bean
     * serializer, found once per class; a value that is not a bean (an address, a list) is walked in
     * its JSON form. One per engine (not thread-safe); {@link #bind} points it at one observation.
     */
    final class Records implements ObservationFields {
        private final ObjectMapper mapper;
        private final SerializerProvider provider;
        private final Map<Class<?>, Map<String, BeanPropertyWriter>> properties = new IdentityHashMap<>();
        private final Map<String, String[]> paths = new HashMap<>();
        private Object root;

        Records(ObjectMapper mapper) {
            this.mapper = mapper;
            this.provider = mapper.getSerializerProviderInstance();
        }

        Records bind(Object observation) {
            this.root = observation;
            return this;
        }

        @Override
        public Object value(String path) {
            String[] parts = paths.computeIfAbsent(path, p -> p.split("\\."));
            Object cur = root;
            for (String part : parts) {
                if (cur == null) {
                    return null;
                }
                Map<String, BeanPropertyWriter> props = cur instanceof JsonNode ? null : propertiesOf(cur.getClass());
                if (props != null) {
                    BeanPropertyWriter w = props.get(part);
                    if (w == null) {
                        return null;
                    }
                    try {
                        cur = w.get(cur);
                    } catch (Exception e) {
                        throw new IllegalStateException("reading " + path + " of " + root.getClass().getSimpleName(), e);
                    }
                } else {
                    JsonNode n = node(cur);
                    cur = n.isObject() ? n.get(part) : null;
                }
            }
            return cur instanceof JsonNode n && (n.isNull() || n.isMissingNode()) ? null : cur;
        }

        @Override
        public JsonNode node(Object value) {
            if (value == null || value instanceof JsonNode) {
                return (JsonNode) value;
            }
            if (value instanceof String s) {
                return TextNode.valueOf(s);
            }
            if (value instanceof Integer i) {
                return IntNode.valueOf(i);
            }
            if (value instanceof Long l) {
                return LongNode.valueOf(l);
            }
            if (value instanceof Boolean b) {
                return BooleanNode.valueOf(b);
            }
            if (value instanceof IpAddress a) {
                return TextNode.valueOf(a.toString()); // its @JsonValue
            }
            if (value instanceof List<?> list && allTextOrNull(list)) {
                // what valueToTree gives for a list of strings, without serializing it into a token buffer
                ArrayNode a = mapper.getNodeFactory().arrayNode(list.size());
                for (Object e : list) {
                    a.add(e == null ? NullNode.getInstance() : TextNode.valueOf((String) e));
                }
                return a;
            }
            JsonNode n = mapper.valueToTree(value);
            return n == null || n.isNull() ? null : n;
        }

        private static boolean allTextOrNull(List<?> list) {
            for (Object e : list) {
                if (e != null && !(e instanceof String)) {
                    return false;
                }
            }
            return true;
        }

        /** The bean properties by JSON name, null when the class is not serialized as a bean. */
        private Map<String, BeanPropertyWriter> propertiesOf(Class<?> type) {
            if (properties.containsKey(type)) {
                return properties.get(type);
            }
            Map<String, BeanPropertyWriter> byName = null;
            try {
                JsonSerializer<Object> s = provider.findValueSerializer(type);
                if (s instanceof com.fasterxml.jackson.databind.ser.std.BeanSerializerBase) {
                    byName = new HashMap<>();
                    for (Iterator<PropertyWriter> it = s.properties(); it.hasNext(); ) {
                        PropertyWriter p = it.next();
                        if (!(p instanceof BeanPropertyWriter b) || b.getClass() != BeanPropertyWriter.class) {
                            byName = null; // unwrapped or virtual members: walk the JSON form instead
                            break;
                        }
                        byName.put(b.getName(), b);
                    }
                }
            } catch (Exception e) {
                byName = null;
            }
            properties.put(type, byName);
            return byName;
        }
    }
}
