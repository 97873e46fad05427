package org.wardwatch.protocols.arp;

/**
 * Remembers which (MAC, IP, VLAN, source) bindings were reported recently, so that the ARP and NDP
 * analyzers report a binding when it is new and then once per {@code refreshNanos} while it lasts,
 * rather than once per frame (a busy segment repeats the same ARP replies all day).
 *
 * <p>Open addressing over a 64-bit hash of the binding, fixed capacity; when the table is three
 * quarters full it is cleared (the next frame of each binding is reported again). Collisions of the
 * 64-bit hash would suppress one report until the refresh interval: acceptable for inventory data.
 * A packet time at or before the last report (a new capture, or the same capture analyzed again by
 * the same registry instance) reports the binding again, so results do not depend on what ran before.
 * Not thread-safe (frame analyzers run on the engine's thread).
 */
public final class AddressBindingTable {
    private static final long EMPTY = 0L;
    private final long[] keys;
    private final long[] lastReported;
    private final int mask;
    private final long refreshNanos;
    private int size;
    private long clears;

    /** @param capacity a power of two */
    public AddressBindingTable(int capacity, long refreshNanos) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.keys = new long[capacity];
        this.lastReported = new long[capacity];
        this.mask = capacity - 1;
        this.refreshNanos = refreshNanos;
    }

    /**
     * Whether the binding should be reported now; records it as reported when so.
     */
    public boolean shouldReport(long mac, long ipHi, long ipLo, int vlan, int sourceCode, long tsNanos) {
        long key = hash(mac, ipHi, ipLo, vlan, sourceCode);
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (true) {
            long k = keys[i];
            if (k == EMPTY) {
                if (size >= keys.length - (keys.length >> 2)) {
                    clear();
                    return shouldReport(mac, ipHi, ipLo, vlan, sourceCode, tsNanos);
                }
                keys[i] = key;
                lastReported[i] = tsNanos;
                size++;
                return true;
            }
            if (k == key) {
                // Time that does not move forward means another capture (or the same one again: frame
                // analyzers live as long as the registry), so the binding is reported again.
                if (tsNanos <= lastReported[i] || tsNanos - lastReported[i] >= refreshNanos) {
                    lastReported[i] = tsNanos;
                    return true;
                }
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** How many times the table filled up and was cleared. */
    public long clears() {
        return clears;
    }

    private void clear() {
        java.util.Arrays.fill(keys, EMPTY);
        size = 0;
        clears++;
    }

    private static long hash(long mac, long ipHi, long ipLo, int vlan, int sourceCode) {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h ^ mac);
        h = mix(h ^ ipHi);
        h = mix(h ^ ipLo);
        h = mix(h ^ (((long) vlan << 8) | sourceCode));
        return h == EMPTY ? 1 : h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
