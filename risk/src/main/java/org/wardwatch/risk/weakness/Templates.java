package org.wardwatch.risk.weakness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills "{field}" placeholders of a rule's texts with an observation's field values. */
final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)\\}");
    private static final int MAX_VALUE = 160;

    private Templates() {
    }

    static String fill(String template, ObservationFields obs) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String path = m.group(1);
            String value = path.equals("flow") ? flow(obs.node("flow")) : text(obs.node(path));
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "?";
        }
        String s;
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            s = String.join(", ", parts);
        } else {
            s = v.asText();
        }
        s = s.replaceAll("[\\p{Cntrl}]", " ");
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "…" : s;
    }

    /** "tcp 10.0.0.1:49152 > 10.0.0.2:23 vlan 20", like FlowId.toString. */
    static String flow(JsonNode f) {
        if (f == null || !f.isObject()) {
            return "?";
        }
        int proto = f.path("protocol").asInt();
        String p = switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            default -> Integer.toString(proto);
        };
        String c = f.path("client").asText("?");
        String s = f.path("server").asText("?");
        if (c.contains(":")) {
            c = "[" + c + "]";
        }
        if (s.contains(":")) {
            s = "[" + s + "]";
        }
        int vlan = f.path("vlan").asInt(0);
        return p + " " + c + ":" + f.path("clientPort").asInt() + " > " + s + ":" + f.path("serverPort").asInt()
                + (vlan != 0 ? " vlan " + vlan : "");
    }
}
