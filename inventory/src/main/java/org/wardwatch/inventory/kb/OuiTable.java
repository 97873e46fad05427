package org.wardwatch.inventory.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * The file's bytes; the tables map a prefix to the offset of its line, and an {@link Entry} is made of the line
     * when first looked up (about 46 000 lines are read at every start, a few dozen looked up).
     */
    private final byte[] text;
    private final PrefixIndex ma36 = new PrefixIndex();
    private final PrefixIndex ma28 = new PrefixIndex();
    private final PrefixIndex ma24 = new PrefixIndex();
    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();

    private OuiTable(byte[] text) {
        this.text = text;
    }

    public static OuiTable load() {
        try (InputStream in = OuiTable.class.getResourceAsStream("oui.tsv")) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code prefix<TAB>registry<TAB>organization} lines (UTF-8) after a header line; {@code #} lines and empty
     * lines are skipped. Lines end with LF or CRLF. A later line for the same prefix wins.
     */
    public static OuiTable parse(InputStream in) throws IOException {
        byte[] b = in.readAllBytes();
        OuiTable t = new OuiTable(b);
        boolean header = true;
        int n = b.length;
        int line = 0;
        while (line < n) {
            int eol = line;
            while (eol < n && b[eol] != '\n') {
                eol++;
            }
            int end = eol > line && b[eol - 1] == '\r' ? eol - 1 : eol;
            int next = eol + 1;
            if (end == line || b[line] == '#') {
                line = next;
                continue;
            }
            if (header) {
                header = false;
                line = next;
                continue;
            }
            int a = indexOf(b, '\t', line, end);
            int c = a < 0 ? -1 : indexOf(b, '\t', a + 1, end);
            if (a < 0 || c < 0) {
                throw new IOException("oui.tsv: bad line " + new String(b, line, end - line, StandardCharsets.UTF_8));
            }
            long v = hex(b, line, a);
            switch (a - line) {
                case 6 -> t.ma24.put(v, line);
                case 7 -> t.ma28.put(v, line);
                case 9 -> t.ma36.put(v, line);
                default -> throw new IOException("oui.tsv: bad prefix " + new String(b, line, a - line, StandardCharsets.UTF_8));
            }
            line = next;
        }
        return t;
    }

    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The prefix's value, as {@link Long#parseLong(String, int)} with radix 16 reads it (and fails as it does). */
    private static long hex(byte[] b, int from, int to) {
        if (to - from > 15) {
            return Long.parseLong(new String(b, from, to - from, StandardCharsets.UTF_8), 16);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0 || b[i] < 0) {
                return Long.parseLong(new String(b, from, to - from, StandardCharsets.UTF_8), 16);
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The entry of the line at {@code offset} (made once per line). */
    private Entry entry(int offset) {
        if (offset < 0) {
            return null;
        }
        return entries.computeIfAbsent(offset, at -> {
            int n = text.length;
            int a = indexOf(text, '\t', at, n);
            int c = indexOf(text, '\t', a + 1, n);
            int eol = indexOf(text, '\n', c + 1, n);
            int end = eol < 0 ? n : eol;
            if (end > c + 1 && text[end - 1] == '\r') {
                end--;
            }
            return new Entry(new String(text, at, a - at, StandardCharsets.UTF_8),
                    new String(text, a + 1, c - a - 1, StandardCharsets.UTF_8),
                    new String(text, c + 1, end - c - 1, StandardCharsets.UTF_8));
        });
    }

    /** Prefix value → line offset, open addressing (no boxed keys for 46 000 lines). */
    private static final class PrefixIndex {
        private long[] keys = new long[16];
        private int[] offsets = new int[16];
        private boolean[] used = new boolean[16];
        private int size;

        void put(long key, int offset) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int i = slot(key);
            if (!used[i]) {
                used[i] = true;
                keys[i] = key;
                size++;
            }
            offsets[i] = offset;
        }

        /** The offset for the key, or -1. */
        int get(long key) {
            int i = slot(key);
            return used[i] ? offsets[i] : -1;
        }

        private int slot(long key) {
            int mask = keys.length - 1;
            int i = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
            while (used[i] && keys[i] != key) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldOffsets = offsets;
            boolean[] oldUsed = used;
            keys = new long[oldKeys.length * 2];
            offsets = new int[keys.length];
            used = new boolean[keys.length];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldUsed[i]) {
                    put(oldKeys[i], oldOffsets[i]);
                }
            }
        }

        int size() {
            return size;
        }
    }

    /** The registry entry for a MAC, or null (unregistered, or a locally administered address). */
    public Entry lookup(MacAddress mac) {
        long v = mac.value();
        int at = ma36.get(v >>> 12);
        if (at < 0) {
            at = ma28.get(v >>> 20);
        }
        if (at < 0) {
            at = ma24.get(v >>> 24);
        }
        return entry(at);
    }

    /** The entry for a 24-bit OUI written as hex (e.g. the first six digits of an EUI-64), or null. */
    public Entry lookupOui(String hex6) {
        if (hex6 == null || hex6.length() < 6) {
            return null;
        }
        try {
            return entry(ma24.get(Long.parseLong(hex6.substring(0, 6), 16)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The 24-bit (MA-L) entry for an OUI value, or null. */
    public Entry lookupOui(long oui24) {
        return entry(ma24.get(oui24));
    }

    public int size() {
        return ma24.size() + ma28.size() + ma36.size();
    }
}
