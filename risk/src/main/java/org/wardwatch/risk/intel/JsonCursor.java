package org.wardwatch.risk.intel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A position in a parsed JSON document that knows its path, so that every validation error can say
 * where it is ({@code $.product_tree.branches[0].branches[2].name}). Required accessors throw
 * {@link IntelFormatException}; optional ones return null or empty when the member is absent and still
 * throw when it is present with the wrong type. Strings are cleaned with {@link Text}.
 */
public final class JsonCursor {
    private final JsonNode node;
    private final String path;
    private final String file;
    private final IntelLimits limits;

    private JsonCursor(JsonNode node, String path, String file, IntelLimits limits) {
        this.node = node;
        this.path = path;
        this.file = file;
        this.limits = limits;
    }

    public static JsonCursor root(JsonNode node, String file, IntelLimits limits) {
        return new JsonCursor(node, "$", file, limits);
    }

    public JsonNode node() {
        return node;
    }

    public String path() {
        return path;
    }

    public String file() {
        return file;
    }

    public IntelLimits limits() {
        return limits;
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public IntelFormatException fail(String problem) {
        return new IntelFormatException(file, path, problem);
    }

    public IntelFormatException fail(String field, String problem) {
        return new IntelFormatException(file, child(field), problem);
    }

    private String child(String field) {
        return field.matches("[A-Za-z_][A-Za-z0-9_]*") ? path + "." + field : path + "['" + field.replace("'", "\\'") + "']";
    }

    /** This node must be an object. */
    public JsonCursor requireObject() throws IntelFormatException {
        if (!node.isObject()) {
            throw fail("expected an object, found " + kind(node));
        }
        return this;
    }

    public JsonCursor object(String field) throws IntelFormatException {
        JsonNode v = member(field, true);
        if (!v.isObject()) {
            throw fail(field, "expected an object, found " + kind(v));
        }
        return new JsonCursor(v, child(field), file, limits);
    }

    public Optional<JsonCursor> optObject(String field) throws IntelFormatException {
        JsonNode v = member(field, false);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw fail(field, "expected an object, found " + kind(v));
        }
        return Optional.of(new JsonCursor(v, child(field), file, limits));
    }

    /** The elements of an array member (required: present and, when {@code nonEmpty}, not empty). */
    public List<JsonCursor> array(String field, boolean required, boolean nonEmpty) throws IntelFormatException {
        JsonNode v = member(field, required);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw fail(field, "expected an array, found " + kind(v));
        }
        if (nonEmpty && v.isEmpty()) {
            throw fail(field, "must not be empty");
        }
        if (v.size() > limits.maxItems()) {
            throw fail(field, "has " + v.size() + " elements, more than the cap of " + limits.maxItems());
        }
        String base = child(field);
        List<JsonCursor> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(new JsonCursor(v.get(i), base + "[" + i + "]", file, limits));
        }
        return out;
    }

    public List<JsonCursor> optArray(String field) throws IntelFormatException {
        return array(field, false, false);
    }

    /** Strings of an array of strings. */
    public List<String> strings(String field, boolean required) throws IntelFormatException {
        List<String> out = new ArrayList<>();
        for (JsonCursor c : array(field, required, false)) {
            out.add(c.asText());
        }
        return out;
    }

    /** This node as a (cleaned, single-line) string. */
    public String asText() throws IntelFormatException {
        if (!node.isTextual()) {
            throw fail("expected a string, found " + kind(node));
        }
        return Text.line(node.textValue(), limits.maxTextChars());
    }

    /** A required, non-blank string member, cleaned to a single line. */
    public String text(String field) throws IntelFormatException {
        String s = optText(field);
        if (s == null) {
            throw fail(field, "required string is missing");
        }
        if (s.isEmpty()) {
            throw fail(field, "must not be empty");
        }
        return s;
    }

    /** An optional string member cleaned to a single line, null when absent. */
    public String optText(String field) throws IntelFormatException {
        JsonNode v = member(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw fail(field, "expected a string, found " + kind(v));
        }
        return Text.line(v.textValue(), limits.maxTextChars());
    }

    /** An optional multi-line text member (notes, descriptions), cleaned, null when absent. */
    public String optLongText(String field) throws IntelFormatException {
        JsonNode v = member(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw fail(field, "expected a string, found " + kind(v));
        }
        return Text.clean(v.textValue(), limits.maxTextChars());
    }

    public Double optNumber(String field) throws IntelFormatException {
        JsonNode v = member(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw fail(field, "expected a number, found " + kind(v));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw fail(field, "not a finite number");
        }
        return d;
    }

    public Boolean optBoolean(String field) throws IntelFormatException {
        JsonNode v = member(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw fail(field, "expected true or false, found " + kind(v));
        }
        return v.booleanValue();
    }

    private JsonNode member(String field, boolean required) throws IntelFormatException {
        if (!node.isObject()) {
            throw fail("expected an object, found " + kind(node));
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw fail(field, "required member is missing");
            }
            return null;
        }
        return v;
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
