package org.wardwatch.inventory.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wardwatch.inventory.io.Csv;
import org.wardwatch.model.MacAddress;

/**
 * What the devices really are. Two formats:
 * <ul>
 *   <li>the simulator's {@code FILE.truth.json} ({@code "format": "wardwatch-sim-truth/1"}, docs/simulator.md):
 *       devices with mac, ips, category, function, and vendor/model/os facts ({@code {"value": ...}});</li>
 *   <li>a labelled CSV for real captures: a header with {@code mac} and/or {@code ip}, and any of
 *       {@code category}, {@code vendor}, {@code model}, {@code os}, {@code label} (free text: where the label comes from).</li>
 * </ul>
 */
public record Truth(String source, List<Device> devices) {
    /** One labelled device; null attributes are not scored. */
    public record Device(String label, MacAddress mac, List<String> ips, String category, String function, String vendor,
                         String model, String os) {
        /**
         * The taxonomy id a right answer must equal or refine: the category, or the function when it names a
         * category that refines it (a server whose function is a PACS) or when the category is a plain server
         * (a central station application on a server). Null when neither resolves.
         */
        public String expectedCategory(org.wardwatch.inventory.kb.Taxonomy taxonomy) {
            String c = category == null ? null : taxonomy.resolveName(category);
            String f = function == null ? null : taxonomy.resolveName(function);
            if (f != null && (c == null || taxonomy.refines(f, c) || c.equals("server"))) {
                return f;
            }
            return c;
        }
    }

    public static Truth read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return readCsv(file.toString(), r);
            }
        }
        return readSimulator(file);
    }

    static Truth readSimulator(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        String format = root.path("format").asText("");
        if (!format.startsWith("wardwatch-sim-truth/")) {
            throw new IOException(file + ": not a simulator truth file (format \"" + format + "\")");
        }
        List<Device> out = new ArrayList<>();
        for (JsonNode d : root.path("devices")) {
            List<String> ips = new ArrayList<>();
            d.path("ips").forEach(n -> ips.add(n.asText()));
            MacAddress mac = null;
            if (d.hasNonNull("mac")) {
                try {
                    mac = MacAddress.parse(d.get("mac").asText());
                } catch (IllegalArgumentException e) {
                    mac = null;
                }
            }
            out.add(new Device(d.path("id").asText(null), mac, ips, text(d, "category"), text(d, "function"),
                    fact(d, "vendor"), fact(d, "model"), fact(d, "os")));
        }
        return new Truth(file.toString(), out);
    }

    private static String text(JsonNode d, String field) {
        JsonNode n = d.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    private static String fact(JsonNode d, String field) {
        JsonNode n = d.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            JsonNode v = n.get("value");
            return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
        }
        return n.asText().isBlank() ? null : n.asText();
    }

    public static Truth readCsv(String source, Reader r) throws IOException {
        List<List<String>> rows = Csv.read(r);
        if (rows.isEmpty()) {
            throw new IOException(source + ": empty truth file");
        }
        Map<String, Integer> col = new HashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        if (!col.containsKey("mac") && !col.containsKey("ip")) {
            throw new IOException(source + ": truth CSV needs a mac or an ip column");
        }
        List<Device> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.isEmpty() || row.stream().allMatch(String::isBlank) || row.get(0).startsWith("#")) {
                continue;
            }
            String macText = cell(row, col.get("mac"));
            MacAddress mac;
            try {
                mac = macText == null ? null : MacAddress.parse(macText);
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ":" + (i + 1) + ": not a MAC address: " + macText);
            }
            String ip = cell(row, col.get("ip"));
            out.add(new Device(cell(row, col.get("label")), mac, ip == null ? List.of() : List.of(ip.split("\\s+")),
                    cell(row, col.get("category")), cell(row, col.get("function")), cell(row, col.get("vendor")),
                    cell(row, col.get("model")), cell(row, col.get("os"))));
        }
        return new Truth(source, out);
    }

    private static String cell(List<String> row, Integer i) {
        if (i == null || i >= row.size()) {
            return null;
        }
        String v = row.get(i).trim();
        return v.isEmpty() ? null : v;
    }
}
