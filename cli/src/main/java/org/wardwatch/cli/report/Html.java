package org.wardwatch.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * Building blocks for report sections: escaping (every string that came from packets, files or users
 * is hostile: always pass it through {@link #text} or {@link #attr}), tables, and inline SVG charts
 * that need no script and no external resource.
 */
public final class Html {
    private Html() {
    }

    /** Escapes text content: {@code & < > " '}; null becomes "". Control characters become U+FFFD. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Escapes an attribute value (same rules as {@link #text}; always quote attributes with "). */
    public static String attr(Object value) {
        return text(value);
    }

    public static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 1,536 -> "1.5 KiB". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A table: header cells and rows of already-escaped cell HTML. */
    public static String table(List<String> headers, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        for (String h : headers) {
            sb.append("<th>").append(text(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String cell : row) {
                sb.append("<td>").append(cell).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    /** Key figures as a row of tiles: label and value, both plain text (escaped here). */
    public static String tiles(List<String[]> labelValue) {
        StringBuilder sb = new StringBuilder("<div class=\"tiles\">");
        for (String[] lv : labelValue) {
            sb.append("<div class=\"tile\"><div class=\"v\">").append(text(lv[1])).append("</div><div class=\"k\">")
                    .append(text(lv[0])).append("</div></div>");
        }
        return sb.append("</div>").toString();
    }

    /** A horizontal bar chart: one bar per label, values shown at the bar's end. Labels are escaped here. */
    public static String barChart(String title, List<String> labels, List<Long> values, boolean asBytes) {
        int n = Math.min(labels.size(), values.size());
        long max = 1;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, values.get(i));
        }
        int rowH = 22;
        int labelW = 170;
        int barW = 420;
        int h = n * rowH + 28;
        StringBuilder sb = new StringBuilder();
        sb.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(labelW + barW + 110)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(labelW + barW + 110).append(' ').append(h)
                .append("\"><title>").append(text(title)).append("</title>");
        for (int i = 0; i < n; i++) {
            int y = 8 + i * rowH;
            long v = values.get(i);
            int w = (int) Math.max(1, Math.round(barW * (double) v / max));
            String label = labels.get(i);
            if (label.length() > 26) {
                label = label.substring(0, 25) + "\u2026";
            }
            sb.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
                    .append(text(label)).append("</text>");
            sb.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 2).append("\" width=\"").append(w)
                    .append("\" height=\"").append(rowH - 6).append("\" class=\"bar\"/>");
            sb.append("<text x=\"").append(labelW + w + 6).append("\" y=\"").append(y + 14).append("\">")
                    .append(text(asBytes ? bytes(v) : number(v))).append("</text>");
        }
        sb.append("</svg><figcaption>").append(text(title)).append("</figcaption></figure>");
        return sb.toString();
    }

    /** Columns over time: {@code values[i]} for the i-th bucket; first and last labels under the axis. */
    public static String timeChart(String title, long[] values, String firstLabel, String lastLabel) {
        int w = 720;
        int h = 160;
        int n = Math.max(1, values.length);
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        double colW = (double) (w - 60) / n;
        StringBuilder sb = new StringBuilder();
        sb.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(w).append("\" height=\"")
                .append(h + 30).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h + 30).append("\"><title>")
                .append(text(title)).append("</title>");
        sb.append("<line x1=\"50\" y1=\"").append(h).append("\" x2=\"").append(w - 10).append("\" y2=\"").append(h)
                .append("\" class=\"axis\"/>");
        sb.append("<text x=\"46\" y=\"14\" text-anchor=\"end\">").append(text(number(max))).append("</text>");
        sb.append("<text x=\"46\" y=\"").append(h).append("\" text-anchor=\"end\">0</text>");
        for (int i = 0; i < values.length; i++) {
            int bh = (int) Math.round((h - 10) * (double) values[i] / max);
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"bar\"/>",
                    50 + i * colW, h - bh, Math.max(1, colW - 1), bh));
        }
        sb.append("<text x=\"50\" y=\"").append(h + 18).append("\">").append(text(firstLabel)).append("</text>");
        sb.append("<text x=\"").append(w - 10).append("\" y=\"").append(h + 18).append("\" text-anchor=\"end\">")
                .append(text(lastLabel)).append("</text>");
        sb.append("</svg><figcaption>").append(text(title)).append("</figcaption></figure>");
        return sb.toString();
    }
}
