package org.wardwatch.protocols.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wardwatch.protocols.http.Ascii;

/**
 * What a hello reports apart from its per-connection parts, remembered per distinct hello
 * <em>shape</em>: a client TLS stack sends the same version, cipher suites, extension types, groups,
 * point formats, signature algorithms, supported versions and ALPN list on every connection, so its
 * report lists (boxed, immutable) and its JA3 / JA3-hash / JA4 strings are built once and shared by
 * every later ClientHello of that shape; likewise ServerHello lists, ALPN and JA3S. Only the SNI
 * changes per connection, and host names repeat too: they are remembered by their bytes
 * ({@value #NAME_SLOTS} names). A new shape is fingerprinted with reused buffers ({@link Fingerprinter})
 * and shares the boxed lists it has in common with earlier shapes.
 *
 * <p>Each analysis thread has its own instance ({@link #forThisThread()}) holding the reusable
 * {@link HelloFields} and small 2-way set-associative tables, so look-ups take no lock and a hit
 * allocates nothing. A shape is the exact sequence of the fields above
 * (compared in full, never by hash alone); shapes longer than
 * {@value #MAX_KEY} ints (a real hello's is 50-200) are computed and not kept, which bounds the tables
 * to a few MiB per thread even for hostile input (a few hundred KiB for real traffic).
 *
 * <p>A remembered value is what a fresh computation gives for the same fields, since the key holds
 * every field the values are computed from.
 */
final class HelloShapes {
    static final int SLOTS = 256;
    static final int NAME_SLOTS = 2048;
    static final int MAX_KEY = 512;
    private static final ThreadLocal<HelloShapes> PER_THREAD = ThreadLocal.withInitial(HelloShapes::new);

    final HelloFields fields = new HelloFields();
    /** The shape of the hello in {@link #fields}, built by {@link #clientKey} / {@link #serverKey}. */
    private int[] key = new int[MAX_KEY];
    private int keyLength;
    private final ClientShape[] clients = new ClientShape[SLOTS];
    private final ServerShape[] servers = new ServerShape[SLOTS];
    private final Name[] names = new Name[NAME_SLOTS];
    private final Boxed[] lists = new Boxed[SLOTS];
    private final Fingerprinter fingerprinter = new Fingerprinter();

    static HelloShapes forThisThread() {
        return PER_THREAD.get();
    }

    /** A hello shape as kept in a two-way set: its key (the hello's fields) and the key's hash. */
    private interface Shape {
        int[] key();

        int hash();
    }

    /** The report lists and fingerprints of a ClientHello shape. */
    record ClientShape(int[] key, int hash, List<Integer> supportedVersions, List<Integer> ciphers,
                       List<Integer> extensions, List<Integer> groups, List<Integer> pointFormats,
                       List<Integer> signatureAlgorithms, List<String> alpn, String ja3, String ja3Hash, String ja4) implements Shape {
    }

    /** The report list, ALPN and JA3S of a ServerHello shape. */
    record ServerShape(int[] key, int hash, List<Integer> extensions, String alpn, String ja3s, String ja3sHash)
            implements Shape {
    }

    /** A boxed report list and its values. */
    private record Boxed(int[] values, int hash, List<Integer> list) {
    }

    /** A host name's bytes and its text. */
    private record Name(byte[] bytes, int hash, String text) {
    }

    // ---------------------------------------------------------------- look-ups (hot)

    /*
     * Tables are 2-way set associative: a set is the entries 2s (most recently used) and 2s + 1; a hit
     * in the second way swaps the two, a new entry goes first and pushes the older one out of the
     * second. Two hot entries landing in one set both stay.
     */

    /** The shape of the ClientHello just read into {@link #fields} from {@code b}. */
    ClientShape client(byte[] b) {
        clientKey(b);
        int hash = hash(key, keyLength);
        int i = way0(hash, SLOTS);
        ClientShape found = find(clients, i, hash);
        return found != null ? found : newClientShape(b, hash, i);
    }

    /** The shape of the ServerHello just read into {@link #fields} from {@code b}. */
    ServerShape server(byte[] b, int cipher) {
        serverKey(b, cipher);
        int hash = hash(key, keyLength);
        int i = way0(hash, SLOTS);
        ServerShape found = find(servers, i, hash);
        return found != null ? found : newServerShape(b, cipher, hash, i);
    }

    /**
     * The shape with the current key in the set at {@code i} of {@code table}, or null; a hit in the second
     * way swaps the two ways (the set's most recent entry goes first).
     */
    private <S extends Shape> S find(S[] table, int i, int hash) {
        S first = table[i];
        if (first != null && first.hash() == hash && sameKey(first.key())) {
            return first;
        }
        S second = table[i + 1];
        if (second != null && second.hash() == hash && sameKey(second.key())) {
            table[i] = second;
            table[i + 1] = first;
            return second;
        }
        return null;
    }

    private boolean sameKey(int[] stored) {
        return Arrays.equals(stored, 0, stored.length, key, 0, keyLength);
    }

    /** The SNI text (as {@link Ascii#textWithNul}, at most 255 characters) of the hello in {@link #fields}. */
    String serverName(byte[] b) {
        HelloFields f = fields;
        if (f.sniOff < 0) {
            return null;
        }
        int off = f.sniOff;
        int len = Math.min(f.sniLen, 255); // the text is capped at 255 characters: longer names share it
        int h = len;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        int i = way0(h, NAME_SLOTS);
        Name first = names[i];
        if (first != null && first.hash == h && Arrays.equals(first.bytes, 0, first.bytes.length, b, off, off + len)) {
            return first.text;
        }
        Name second = names[i + 1];
        if (second != null && second.hash == h && Arrays.equals(second.bytes, 0, second.bytes.length, b, off, off + len)) {
            names[i] = second;
            names[i + 1] = first;
            return second.text;
        }
        return newName(b, off, len, h, i);
    }

    /** The first entry of the set of {@code hash} in a table of {@code slots} entries. */
    private static int way0(int hash, int slots) {
        return ((hash ^ (hash >>> 16)) & (slots / 2 - 1)) * 2;
    }

    /** Puts a new entry first in its set, the previous first moving to the second way. */
    private static <T> void insert(T[] table, int i, T entry) {
        table[i + 1] = table[i];
        table[i] = entry;
    }

    // ---------------------------------------------------------------- misses (cold)

    private ClientShape newClientShape(byte[] b, int hash, int i) {
        HelloFields f = fields;
        List<Integer> ciphers = boxed(f.ciphers);
        List<Integer> extensions = boxed(f.types);
        List<Integer> groups = boxed(f.groups);
        List<Integer> pointFormats = boxed(f.pointFormats);
        String ja3 = fingerprinter.ja3(f.version, f.ciphers.values, f.ciphers.size, f.types.values, f.types.size, f.groups.values,
                f.groups.size, f.pointFormats.values, f.pointFormats.size);
        String ja4 = fingerprinter.ja4(f.version, f.supportedVersions.values, f.supportedVersions.size, f.ciphers.values,
                f.ciphers.size, f.types.values, f.types.size, f.sniOff >= 0, b, f.firstAlpnOff, f.firstAlpnOff < 0 ? -1 : f.firstAlpnLen,
                f.signatureAlgorithms.values, f.signatureAlgorithms.size);
        ClientShape s = new ClientShape(Arrays.copyOf(key, keyLength), hash, boxed(f.supportedVersions), ciphers, extensions,
                groups, pointFormats, boxed(f.signatureAlgorithms), alpnList(f, b), ja3, fingerprinter.md5HexOfAscii(ja3), ja4);
        if (keyLength <= MAX_KEY) {
            insert(clients, i, s);
        }
        return s;
    }

    private ServerShape newServerShape(byte[] b, int cipher, int hash, int i) {
        HelloFields f = fields;
        String alpn = f.alpnPresent && f.alpnCount > 0 ? Ascii.textWithNul(b, f.alpnOff[0], f.alpnLen[0], 255) : null;
        String ja3s = fingerprinter.ja3s(f.version, cipher, f.types.values, f.types.size);
        ServerShape s = new ServerShape(Arrays.copyOf(key, keyLength), hash, boxed(f.types), alpn, ja3s,
                fingerprinter.md5HexOfAscii(ja3s));
        if (keyLength <= MAX_KEY) {
            insert(servers, i, s);
        }
        return s;
    }

    private String newName(byte[] b, int off, int len, int hash, int i) {
        String text = Ascii.textWithNul(b, off, len, 255);
        insert(names, i, new Name(Arrays.copyOfRange(b, off, off + len), hash, text));
        return text;
    }

    private List<Integer> boxed(HelloFields.IntList list) {
        return list.present ? boxed(list.values, list.size) : null;
    }

    /**
     * The immutable boxed list of {@code values[0, n)}: shapes differing in one list (a client that
     * shuffles its extension order per connection, as Chrome does) share their other lists.
     */
    private List<Integer> boxed(int[] values, int n) {
        int hash = hash(values, n);
        int slot = slot(hash);
        Boxed hit = lists[slot];
        if (hit != null && hit.hash == hash && Arrays.equals(hit.values, 0, hit.values.length, values, 0, n)) {
            return hit.list;
        }
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(values[i]);
        }
        List<Integer> list = List.copyOf(out);
        lists[slot] = new Boxed(Arrays.copyOf(values, n), hash, list);
        return list;
    }

    private static List<String> alpnList(HelloFields f, byte[] b) {
        if (!f.alpnPresent) {
            return null;
        }
        List<String> out = new ArrayList<>(f.alpnCount);
        for (int i = 0; i < f.alpnCount; i++) {
            out.add(Ascii.textWithNul(b, f.alpnOff[i], f.alpnLen[i], 255));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- keys

    /**
     * version, SNI presence, each list as its length (-1 when absent) and values, the last ALPN
     * extension's protocol entries and JA4's first ALPN protocol as a length (-1 when absent) and bytes.
     */
    private void clientKey(byte[] b) {
        HelloFields f = fields;
        int alpnBytes = f.alpnPresent ? f.alpnTo - f.alpnFrom : 0;
        ensure(2 + f.clientLists.length * (1 + TlsAnalyzer.MAX_LIST) + 1 + alpnBytes + 1 + f.firstAlpnLen);
        int[] k = key;
        int n = 0;
        k[n++] = f.version;
        k[n++] = f.sniOff >= 0 ? 1 : 0;
        for (HelloFields.IntList list : f.clientLists) {
            if (list.present) {
                k[n++] = list.size;
                System.arraycopy(list.values, 0, k, n, list.size);
                n += list.size;
            } else {
                k[n++] = -1;
            }
        }
        n = f.alpnPresent ? putBytes(k, n, b, f.alpnFrom, alpnBytes) : put(k, n, -1);
        n = f.firstAlpnOff >= 0 ? putBytes(k, n, b, f.firstAlpnOff, f.firstAlpnLen) : put(k, n, -1);
        keyLength = n;
    }

    /** version, cipher, selected version, extension types, the first ALPN protocol's bytes. */
    private void serverKey(byte[] b, int cipher) {
        HelloFields f = fields;
        boolean alpn = f.alpnPresent && f.alpnCount > 0;
        ensure(4 + 1 + f.types.size + 1 + (alpn ? f.alpnLen[0] : 0));
        int[] k = key;
        int n = 0;
        k[n++] = f.version;
        k[n++] = cipher;
        k[n++] = f.selectedVersion;
        k[n++] = f.types.size;
        System.arraycopy(f.types.values, 0, k, n, f.types.size);
        n += f.types.size;
        n = alpn ? putBytes(k, n, b, f.alpnOff[0], f.alpnLen[0]) : put(k, n, -1);
        keyLength = n;
    }

    private void ensure(int n) {
        if (key.length < n) {
            key = new int[n];
        }
    }

    private static int put(int[] k, int n, int value) {
        k[n] = value;
        return n + 1;
    }

    private static int putBytes(int[] k, int n, byte[] b, int off, int len) {
        k[n++] = len;
        for (int i = 0; i < len; i++) {
            k[n + i] = b[off + i];
        }
        return n + len;
    }

    private static int hash(int[] k, int n) {
        int h = 1;
        for (int i = 0; i < n; i++) {
            h = 31 * h + k[i];
        }
        return h;
    }

    private static int slot(int hash) {
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
