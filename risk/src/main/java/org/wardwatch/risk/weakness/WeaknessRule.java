package org.wardwatch.risk.weakness;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.finding.FindingKind;
import org.wardwatch.model.finding.Severity;

/**
 * One observed-weakness rule from {@code weakness-rules.json}: which observations (type and field
 * conditions), whose weakness (flow endpoint), and the finding it becomes.
 *
 * @param device     endpoint paths ("flow.server", "flow.client") naming the IP address of the device
 * @param phi        matching observations count as patient data handled by the device (impact)
 * @param exposure   a matching observation sets this exposure on the device ("internet"), null for none
 */
public record WeaknessRule(String id, String observation, List<Condition> when, List<String> device, FindingKind kind,
                           Severity severity, double likelihood, String title, String detail, String fact,
                           String remediation, List<String> references, String source, boolean phi, String exposure) {

    /** A test on one field: path, operator and operand. */
    public record Condition(String path, String op, JsonNode operand) {
        boolean test(JsonNode observation) {
            return test(ObservationFields.of(observation));
        }

        boolean test(ObservationFields fields) {
            Object raw = fields.value(path);
            boolean present = raw != null;
            switch (op) {
                case "exists":
                    return present == operand.asBoolean();
                case "notEmpty": {
                    if (!present) {
                        return false;
                    }
                    JsonNode v = fields.node(raw);
                    return (v.isArray() ? !v.isEmpty() : !v.asText().isEmpty()) == operand.asBoolean();
                }
                case "public":
                    if (raw instanceof IpAddress ip) {
                        return isPublic(ip) == operand.asBoolean();
                    }
                    break;
                case "before":
                    if (!present) {
                        return false;
                    }
                    Instant a = raw instanceof Instant i ? i : instant(fields.node(raw));
                    Object other = fields.value(operand.asText());
                    Instant b = other instanceof Instant i ? i : instant(fields.node(other));
                    return a != null && b != null && a.isBefore(b);
                default:
                    break;
            }
            if (!present) {
                return false;
            }
            JsonNode v = fields.node(raw);
            switch (op) {
                case "eq":
                    return equal(v, operand);
                case "in":
                case "notIn": {
                    boolean found = false;
                    for (JsonNode o : operand) {
                        if (equal(v, o)) {
                            found = true;
                            break;
                        }
                    }
                    return op.equals("in") == found;
                }
                case "lt":
                    return v.isNumber() && v.asDouble() < operand.asDouble();
                case "lte":
                    return v.isNumber() && v.asDouble() <= operand.asDouble();
                case "gt":
                    return v.isNumber() && v.asDouble() > operand.asDouble();
                case "gte":
                    return v.isNumber() && v.asDouble() >= operand.asDouble();
                case "public":
                    return isPublic(v.asText()) == operand.asBoolean();
                default:
                    throw new IllegalStateException("unknown operator " + op);
            }
        }

        private static boolean equal(JsonNode v, JsonNode o) {
            if (v.isNumber() && o.isNumber()) {
                return v.asDouble() == o.asDouble();
            }
            if (v.isBoolean() || o.isBoolean()) {
                return v.isBoolean() && o.isBoolean() && v.asBoolean() == o.asBoolean();
            }
            return v.asText().equalsIgnoreCase(o.asText());
        }
    }

    static final List<String> OPERATORS = List.of("eq", "in", "notIn", "lt", "lte", "gt", "gte", "exists", "notEmpty", "public", "before");

    /** True when every condition holds. */
    public boolean matches(JsonNode observation) {
        return matches(ObservationFields.of(observation));
    }

    boolean matches(ObservationFields observation) {
        for (Condition c : when) {
            if (!c.test(observation)) {
                return false;
            }
        }
        return true;
    }

    /** A field by dotted path ("flow.server"), or null. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode cur = node;
        for (String part : path.split("\\.")) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(part);
        }
        return cur;
    }

    static boolean isPublic(String ip) {
        try {
            return isPublic(IpAddress.parse(ip));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean isPublic(IpAddress a) {
        if (a.isPrivate() || a.isMulticast() || a.isBroadcast()) {
            return false;
        }
        if (!a.v6()) {
            int first = (int) (a.lo() >>> 24) & 0xFF;
            // 240.0.0.0/4 reserved; 192.0.2/24, 198.51.100/24, 203.0.113/24 documentation (RFC 5737)
            long lo = a.lo();
            if (first >= 240 || (lo >>> 8) == 0xC00002L || (lo >>> 8) == 0xC63364L || (lo >>> 8) == 0xCB0071L) {
                return false;
            }
            // 198.18.0.0/15 benchmarking (RFC 2544)
            return (lo >>> 17) != (0xC612L >>> 1);
        }
        // 2001:db8::/32 documentation (RFC 3849)
        return (a.hi() >>> 32) != 0x20010DB8L;
    }

    private static Instant instant(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses the {@code when} object of a rule. */
    static List<Condition> conditions(JsonNode when, String ruleId) {
        List<Condition> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = when.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode spec = e.getValue();
            if (spec.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> ops = spec.fields();
                while (ops.hasNext()) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!OPERATORS.contains(op.getKey())) {
                        throw new IllegalStateException("weakness rule " + ruleId + ": unknown operator " + op.getKey());
                    }
                    out.add(new Condition(e.getKey(), op.getKey(), op.getValue()));
                }
            } else {
                out.add(new Condition(e.getKey(), "eq", spec));
            }
        }
        return out;
    }
}
