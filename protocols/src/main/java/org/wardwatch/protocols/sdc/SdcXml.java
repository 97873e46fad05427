package org.wardwatch.protocols.sdc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pattern-based reads of SOAP/XML text (no XML parser: no entities, no DTDs, bounded input). */
final class SdcXml {
    private SdcXml() {
    }

    /** Text content of every element with this local name (any prefix), at most {@code max}. */
    static List<String> texts(String xml, String localName, int max) {
        Pattern p = Pattern.compile("<(?:[A-Za-z0-9_.-]+:)?" + localName + "(?:\\s[^>]*)?>([^<]{0,2048})</(?:[A-Za-z0-9_.-]+:)?"
                + localName + ">");
        Matcher m = p.matcher(xml);
        List<String> out = new ArrayList<>();
        while (m.find() && out.size() < max) {
            String v = clean(m.group(1));
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    static String text(String xml, String localName) {
        List<String> t = texts(xml, localName, 1);
        return t.isEmpty() ? null : t.get(0);
    }

    static String clean(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        Matcher num = Pattern.compile("&#([0-9]{1,6});").matcher(v.strip());
        StringBuilder decoded = new StringBuilder();
        while (num.find()) {
            num.appendReplacement(decoded, Matcher.quoteReplacement(new String(Character.toChars(
                    Math.min(Integer.parseInt(num.group(1)), Character.MAX_CODE_POINT)))));
        }
        num.appendTail(decoded);
        String t = decoded.toString().replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length() && sb.length() < 256; i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
