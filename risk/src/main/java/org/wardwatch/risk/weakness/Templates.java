package org.wardwatch.risk.weakness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wardwatch.model.FlowId;

/** Fills "{field}" placeholders of a rule's texts with an observation's field values. */
final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)\\}");
    private static final int MAX_VALUE = 160;
    /** Parsed templates: literal text at even indexes, field paths at odd ones. */
    private static final Map<String, String[]> PARSED = new ConcurrentHashMap<>();

    private Templates() {
    }

    static String fill(String template, ObservationFields obs) {
        String[] parts = PARSED.computeIfAbsent(template, Templates::parse);
        StringBuilder sb = new StringBuilder(template.length() + 32);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 0) {
                sb.append(parts[i]);
            } else if (parts[i].equals("flow")) {
                Object flow = obs.value("flow");
                sb.append(flow instanceof FlowId f ? flow(f) : flow(obs.node(flow)));
            } else {
                sb.append(text(obs.node(parts[i])));
            }
        }
        return sb.toString();
    }

    private static String[] parse(String template) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            parts.add(template.substring(at, m.start()));
            parts.add(m.group(1));
            at = m.end();
        }
        parts.add(template.substring(at));
        return parts.toArray(String[]::new);
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
        s = controlsAsSpaces(s);
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "…" : s;
    }

    /** Each control character ({@code \\p{Cntrl}}: U+0000..U+001F, U+007F) as a space; the text itself when it has none. */
    static String controlsAsSpaces(String s) {
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (; i < chars.length; i++) {
            if (isControl(chars[i])) {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    /** "tcp 10.0.0.1:49152 > 10.0.0.2:23 vlan 20", like FlowId.toString. */
    static String flow(JsonNode f) {
        if (f == null || !f.isObject()) {
            return "?";
        }
        return flow(f.path("protocol").asInt(), f.path("client").asText("?"), f.path("clientPort").asInt(),
                f.path("server").asText("?"), f.path("serverPort").asInt(), f.path("vlan").asInt(0));
    }

    /** The same text from the record itself. */
    static String flow(FlowId f) {
        return flow(f.protocol(), f.client() == null ? "?" : f.client().toString(), f.clientPort(),
                f.server() == null ? "?" : f.server().toString(), f.serverPort(), f.vlan());
    }

    private static String flow(int proto, String c, int clientPort, String s, int serverPort, int vlan) {
        String p = switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            default -> Integer.toString(proto);
        };
        if (c.contains(":")) {
            c = "[" + c + "]";
        }
        if (s.contains(":")) {
            s = "[" + s + "]";
        }
        return p + " " + c + ":" + clientPort + " > " + s + ":" + serverPort + (vlan != 0 ? " vlan " + vlan : "");
    }
}
