package org.wardwatch.protocols.lldp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per sender, a digest of the last advertisement reported, so that a neighbor re-sending
 * the same frame every 30 seconds is reported once (and again when something changes). Bounded: the
 * least recently seen sender is forgotten past {@code capacity}.
 */
public final class NeighborTable {
    private final int capacity;
    private final Map<Long, Integer> last;

    public NeighborTable(int capacity) {
        this.capacity = capacity;
        this.last = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
                return size() > NeighborTable.this.capacity;
            }
        };
    }

    /** Whether this sender's advertisement is new or changed; records it. */
    public synchronized boolean changed(long sender, int digest) {
        Integer previous = last.put(sender, digest);
        return previous == null || previous != digest;
    }

    /** FNV-1a over the bytes (the TTL and checksum fields excluded by the caller). */
    public static int digest(byte[] b, int off, int len, int seed) {
        int h = 0x811C9DC5 ^ seed;
        for (int i = off; i < off + len; i++) {
            h ^= b[i] & 0xFF;
            h *= 0x01000193;
        }
        return h;
    }
}
