package org.wardwatch.inventory.rules;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.wardwatch.model.Observation;

/**
 * Reads fields of observation records by dotted path ({@code flow.client}, {@code parameterRequestList}),
 * so that rules name fields as data instead of Java code. Paths step through record components and
 * map keys; {@code type} is the observation's type name. Unknown fields read as null.
 */
public final class ObservationFields {
    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> m = new HashMap<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    Method acc = c.getAccessor();
                    try {
                        acc.setAccessible(true);
                    } catch (RuntimeException e) {
                        // a non-exported package: public accessors of public records still work without it
                    }
                    m.put(c.getName(), acc);
                }
            }
            return m;
        }
    };

    private ObservationFields() {
    }

    /** The root of a {@code foreach} rule: {@code item} is the element, other paths read the observation. */
    public record Scoped(Object item, Observation observation) {
    }

    /** The value at {@code path}, or null when any step is absent. */
    public static Object get(Object root, String path) {
        Object cur = root;
        int start = 0;
        while (cur != null && start <= path.length()) {
            int dot = path.indexOf('.', start);
            String step = dot < 0 ? path.substring(start) : path.substring(start, dot);
            cur = step(cur, step);
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return cur;
    }

    private static Object step(Object obj, String name) {
        if (obj instanceof List<?> list) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                int i = Integer.parseInt(name);
                return i < list.size() ? list.get(i) : null;
            }
            // a field of every element: the list of their values (absent ones left out)
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                Object v = e == null ? null : step(e, name);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        if (obj instanceof Scoped s) {
            if (name.equals("item")) {
                return s.item();
            }
            return step(s.observation(), name);
        }
        if (obj instanceof Map<?, ?> map) {
            return map.get(name);
        }
        if (name.equals("type") && obj instanceof Observation o) {
            return o.type();
        }
        Method m = ACCESSORS.get(obj.getClass()).get(name);
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(obj);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /** True when the record type has a component of that name (for rule validation against known types). */
    public static boolean hasComponent(Class<?> type, String name) {
        return ACCESSORS.get(type).containsKey(name);
    }

    /** Text form of a field value: lists joined with commas (no spaces), null stays null. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(",");
            for (Object o : c) {
                j.add(String.valueOf(o));
            }
            return j.toString();
        }
        if (value instanceof int[] a) {
            StringJoiner j = new StringJoiner(",");
            for (int i : a) {
                j.add(Integer.toString(i));
            }
            return j.toString();
        }
        if (value instanceof byte[] b) {
            StringBuilder sb = new StringBuilder(b.length * 2);
            for (byte x : b) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        }
        return value.toString();
    }
}
