package org.wardwatch.inventory.rules;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 *
 * <p>Rules read through {@link FieldPath}s compiled once ({@link #compile}): the path is split once, and
 * each step keeps the record accessor (a method handle) of the last class it read, so that reading a
 * field costs a type check and a call, not a name lookup and reflection.
 */
public final class ObservationFields {
    /** Reads one record component. */
    @FunctionalInterface
    private interface Getter {
        Object get(Object record) throws Throwable;
    }

    private static final ClassValue<Map<String, Getter>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Getter> computeValue(Class<?> type) {
            Map<String, Getter> m = new HashMap<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    m.put(c.getName(), getter(c.getAccessor()));
                }
            }
            return m;
        }
    };

    private static Getter getter(Method acc) {
        try {
            acc.setAccessible(true);
        } catch (RuntimeException e) {
            // a non-exported package: public accessors of public records still work without it
        }
        try {
            MethodHandle h = MethodHandles.lookup().unreflect(acc).asType(MethodType.methodType(Object.class, Object.class));
            return r -> (Object) h.invokeExact(r);
        } catch (IllegalAccessException e) {
            return r -> {
                try {
                    return acc.invoke(r);
                } catch (IllegalAccessException | InvocationTargetException x) {
                    return null;
                }
            };
        }
    }

    private ObservationFields() {
    }

    /** The root of a {@code foreach} rule: {@code item} is the element, other paths read the observation. */
    public record Scoped(Object item, Observation observation) {
    }

    /** The value at {@code path}, or null when any step is absent. */
    public static Object get(Object root, String path) {
        return compile(path).get(root);
    }

    /** A path split into steps once, to read many observations with. */
    public static FieldPath compile(String path) {
        return new FieldPath(path);
    }

    /** A compiled dotted path (see the class comment). Safe to share between threads. */
    public static final class FieldPath {
        private final String path;
        private final Step[] steps;
        private final boolean startsWithItem;

        private FieldPath(String path) {
            this.path = path;
            // as a scan for dots would: "a.b." has the steps a, b and ""
            String[] names = path.split("\\.", -1);
            steps = new Step[names.length];
            for (int i = 0; i < names.length; i++) {
                steps[i] = new Step(names[i]);
            }
            startsWithItem = names[0].equals("item");
        }

        /** The value at this path, or null when any step is absent. */
        public Object get(Object root) {
            Object cur = root;
            for (int i = 0; i < steps.length && cur != null; i++) {
                cur = steps[i].read(cur);
            }
            return cur;
        }

        /** True when the path reads the element of a {@code foreach} rule ({@code item...}), not the observation. */
        public boolean readsItem() {
            return startsWithItem;
        }

        public String path() {
            return path;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** One step of a path, with the accessor of the last record class it read. */
    private static final class Step {
        private record Cached(Class<?> type, Getter getter) {
        }

        private final String name;
        private final boolean digits;
        private final boolean item;
        private final boolean type;
        private volatile Cached cached;

        Step(String name) {
            this.name = name;
            this.digits = !name.isEmpty() && name.chars().allMatch(Character::isDigit);
            this.item = name.equals("item");
            this.type = name.equals("type");
        }

        Object read(Object obj) {
            if (obj instanceof List<?> list) {
                if (digits) {
                    int i = Integer.parseInt(name);
                    return i < list.size() ? list.get(i) : null;
                }
                // a field of every element: the list of their values (absent ones left out)
                List<Object> out = new ArrayList<>(list.size());
                for (Object e : list) {
                    Object v = e == null ? null : read(e);
                    if (v != null) {
                        out.add(v);
                    }
                }
                return out;
            }
            if (obj instanceof Scoped s) {
                if (item) {
                    return s.item();
                }
                return read(s.observation());
            }
            if (obj instanceof Map<?, ?> map) {
                return map.get(name);
            }
            if (type && obj instanceof Observation o) {
                return o.type();
            }
            Class<?> c = obj.getClass();
            Cached k = cached;
            Getter g;
            if (k != null && k.type() == c) {
                g = k.getter();
            } else {
                g = ACCESSORS.get(c).get(name);
                cached = new Cached(c, g);
            }
            if (g == null) {
                return null;
            }
            try {
                return g.get(obj);
            } catch (Throwable e) {
                // as reflection reported it: an accessor that failed reads as absent
                return null;
            }
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
