package org.wardwatch.inventory.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.wardwatch.model.MacAddress;

/**
 * MAC address block → registered organization ({@code kb/oui.tsv}, derived from the IEEE registries).
 * Longest prefix wins: a 36-bit MA-S/IAB block, then a 28-bit MA-M block, then the 24-bit MA-L.
 */
public final class OuiTable {
    /** A registry hit: the prefix as registered, the registry (MA-L, MA-M, MA-S, IAB) and the organization. */
    public record Entry(String prefix, String registry, String organization) {
        public String citation() {
            return "IEEE " + registry + " " + prefix;
        }
    }

    private final Map<Long, Entry> ma36 = new HashMap<>();
    private final Map<Long, Entry> ma28 = new HashMap<>();
    private final Map<Long, Entry> ma24 = new HashMap<>();

    public static OuiTable load() {
        try (InputStream in = OuiTable.class.getResourceAsStream("oui.tsv")) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OuiTable parse(InputStream in) throws IOException {
        OuiTable t = new OuiTable();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        boolean header = true;
        while ((line = r.readLine()) != null) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            int a = line.indexOf('\t');
            int b = line.indexOf('\t', a + 1);
            if (a < 0 || b < 0) {
                throw new IOException("oui.tsv: bad line " + line);
            }
            String prefix = line.substring(0, a);
            Entry e = new Entry(prefix, line.substring(a + 1, b), line.substring(b + 1));
            long v = Long.parseLong(prefix, 16);
            switch (prefix.length()) {
                case 6 -> t.ma24.put(v, e);
                case 7 -> t.ma28.put(v, e);
                case 9 -> t.ma36.put(v, e);
                default -> throw new IOException("oui.tsv: bad prefix " + prefix);
            }
        }
        return t;
    }

    /** The registry entry for a MAC, or null (unregistered, or a locally administered address). */
    public Entry lookup(MacAddress mac) {
        long v = mac.value();
        Entry e = ma36.get(v >>> 12);
        if (e == null) {
            e = ma28.get(v >>> 20);
        }
        if (e == null) {
            e = ma24.get(v >>> 24);
        }
        return e;
    }

    /** The entry for a 24-bit OUI written as hex (e.g. the first six digits of an EUI-64), or null. */
    public Entry lookupOui(String hex6) {
        if (hex6 == null || hex6.length() < 6) {
            return null;
        }
        try {
            return ma24.get(Long.parseLong(hex6.substring(0, 6), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public int size() {
        return ma24.size() + ma28.size() + ma36.size();
    }
}
