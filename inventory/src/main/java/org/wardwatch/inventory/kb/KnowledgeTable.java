package org.wardwatch.inventory.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A knowledge table: tab-separated rows with a header, {@code #} comment lines. Columns:
 * <dl>
 *   <dt>{@code key}</dt><dd>what is matched against the observed value</dd>
 *   <dt>{@code match}</dt><dd>optional, default {@code exact}: {@code exact}, {@code iexact} (any case),
 *       {@code prefix}, {@code iprefix}, {@code contains}, {@code icontains}, {@code regex} (Java syntax; add
 *       {@code (?i)} for any case; {@code $1}... in outputs are its groups), {@code all_of} (key is a comma list,
 *       the observed value a comma list that must contain every item: offered-service sets)</dd>
 *   <dt>{@code weight}</dt><dd>optional: how much one match should be believed (0..1)</dd>
 *   <dt>{@code source}</dt><dd>required, non-empty: the public source of the row (DOMAIN.md reference, URL, document)</dd>
 *   <dt>any other column</dt><dd>an output: an attribute ({@code category}, {@code vendor}, {@code model}, {@code os},
 *       {@code firmware}, {@code serial}) or another output the rule uses ({@code software}, {@code version}, {@code role})</dd>
 * </dl>
 * Lookup order: exact rows, then the longest matching prefix, then the other kinds in file order.
 */
public final class KnowledgeTable implements Lookup {

    private record Row(int line, String key, String match, Pattern regex, Set<String> items,
                       Map<String, String> outputs, Double weight, String source) {
    }

    private static final Set<String> MATCHES = Set.of("exact", "iexact", "prefix", "iprefix", "contains", "icontains", "regex", "all_of");

    private final String name;
    private final List<String> outputColumns;
    private final Map<String, Row> exact = new HashMap<>();
    private final Map<String, Row> iexact = new HashMap<>();
    private final List<Row> prefixes = new ArrayList<>();
    private final List<Row> others = new ArrayList<>();
    private int size;
    /** Answers of the prefix and pattern rows by value (values repeat: the same user agent on every request). */
    private final Map<String, java.util.Optional<Hit>> memo = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MEMO_CAP = 20_000;

    private KnowledgeTable(String name, List<String> outputColumns) {
        this.name = name;
        this.outputColumns = List.copyOf(outputColumns);
    }

    public String name() {
        return name;
    }

    public List<String> outputColumns() {
        return outputColumns;
    }

    public int size() {
        return size;
    }

    public static KnowledgeTable parse(String name, InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int no = 0;
        String[] header = null;
        KnowledgeTable t = null;
        int keyCol = -1, matchCol = -1, weightCol = -1, sourceCol = -1;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (header == null) {
                header = cells;
                List<String> h = Arrays.asList(header);
                keyCol = h.indexOf("key");
                matchCol = h.indexOf("match");
                weightCol = h.indexOf("weight");
                sourceCol = h.indexOf("source");
                if (keyCol < 0 || sourceCol < 0) {
                    throw new IOException(name + ": header needs key and source columns");
                }
                List<String> outs = new ArrayList<>();
                for (int i = 0; i < header.length; i++) {
                    if (i != keyCol && i != matchCol && i != weightCol && i != sourceCol) {
                        outs.add(header[i]);
                    }
                }
                t = new KnowledgeTable(name, outs);
                continue;
            }
            if (cells.length > header.length) {
                throw new IOException(name + ":" + no + ": " + cells.length + " cells, header has " + header.length);
            }
            String key = cells[keyCol].trim();
            String match = matchCol >= 0 && matchCol < cells.length && !cells[matchCol].isBlank() ? cells[matchCol].trim() : "exact";
            String source = sourceCol < cells.length ? cells[sourceCol].trim() : "";
            if (key.isEmpty() || source.isEmpty()) {
                throw new IOException(name + ":" + no + ": every row needs a key and a source");
            }
            if (!MATCHES.contains(match)) {
                throw new IOException(name + ":" + no + ": unknown match " + match);
            }
            Double weight = null;
            if (weightCol >= 0 && weightCol < cells.length && !cells[weightCol].isBlank()) {
                weight = Double.parseDouble(cells[weightCol].trim());
                if (weight < 0 || weight > 1) {
                    throw new IOException(name + ":" + no + ": weight outside 0..1");
                }
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                if (i != keyCol && i != matchCol && i != weightCol && i != sourceCol && i < cells.length && !cells[i].isBlank()) {
                    outputs.put(header[i], cells[i].trim());
                }
            }
            Pattern regex = match.equals("regex") ? Pattern.compile(key) : null;
            Set<String> items = match.equals("all_of") ? new HashSet<>(Arrays.asList(key.split("\\s*,\\s*"))) : null;
            t.add(new Row(no, key, match, regex, items, Collections.unmodifiableMap(outputs), weight, source));
        }
        if (t == null) {
            throw new IOException(name + ": no header");
        }
        return t;
    }

    private void add(Row row) {
        size++;
        switch (row.match()) {
            case "exact" -> exact.putIfAbsent(row.key(), row);
            case "iexact" -> iexact.putIfAbsent(row.key().toLowerCase(Locale.ROOT), row);
            case "prefix", "iprefix" -> prefixes.add(row);
            default -> others.add(row);
        }
    }

    /** The best row for {@code value}, or null. */
    @Override
    public Hit lookup(String value) {
        if (value == null) {
            return null;
        }
        Row r = exact.get(value);
        if (r == null) {
            r = iexact.get(value.toLowerCase(Locale.ROOT));
        }
        if (r != null) {
            return hit(r, null);
        }
        if (prefixes.isEmpty() && others.isEmpty()) {
            return null;
        }
        java.util.Optional<Hit> known = memo.get(value);
        if (known != null) {
            return known.orElse(null);
        }
        Hit h = scan(value);
        if (memo.size() >= MEMO_CAP) {
            memo.clear();
        }
        memo.put(value, java.util.Optional.ofNullable(h));
        return h;
    }

    private Hit scan(String value) {
        Row best = null;
        String lower = null;
        for (Row p : prefixes) {
            boolean ok;
            if (p.match().equals("prefix")) {
                ok = value.startsWith(p.key());
            } else {
                if (lower == null) {
                    lower = value.toLowerCase(Locale.ROOT);
                }
                ok = lower.startsWith(p.key().toLowerCase(Locale.ROOT));
            }
            if (ok && (best == null || p.key().length() > best.key().length())) {
                best = p;
            }
        }
        if (best != null) {
            return hit(best, null);
        }
        Set<String> valueItems = null;
        for (Row o : others) {
            switch (o.match()) {
                case "regex" -> {
                    Matcher m = o.regex().matcher(value);
                    if (m.find()) {
                        return hit(o, m);
                    }
                }
                case "contains" -> {
                    if (value.contains(o.key())) {
                        return hit(o, null);
                    }
                }
                case "icontains" -> {
                    if (lower == null) {
                        lower = value.toLowerCase(Locale.ROOT);
                    }
                    if (lower.contains(o.key().toLowerCase(Locale.ROOT))) {
                        return hit(o, null);
                    }
                }
                case "all_of" -> {
                    if (valueItems == null) {
                        valueItems = new HashSet<>(Arrays.asList(value.split("\\s*,\\s*")));
                    }
                    if (valueItems.containsAll(o.items())) {
                        return hit(o, null);
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    private Hit hit(Row r, Matcher m) {
        Map<String, String> outs = r.outputs();
        if (m != null && m.groupCount() > 0) {
            Map<String, String> sub = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : outs.entrySet()) {
                sub.put(e.getKey(), substitute(e.getValue(), m));
            }
            outs = sub;
        }
        return new Hit(name, r.line(), r.key(), outs, r.weight(), r.source());
    }

    private static String substitute(String template, Matcher m) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int g = template.charAt(i + 1) - '0';
                String v = g <= m.groupCount() ? m.group(g) : null;
                sb.append(v == null ? "" : v.trim());
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString().trim();
    }
}
