package org.wardwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An IPv4 or IPv6 address as two longs, without {@link java.net.InetAddress} (which may resolve
 * names). IPv4 addresses keep {@code hi == 0} and the address in the low 32 bits of {@code lo}.
 */
public record IpAddress(long hi, long lo, boolean v6) implements Comparable<IpAddress> {

    public static IpAddress ofV4(int address) {
        return new IpAddress(0, address & 0xFFFF_FFFFL, false);
    }

    public static IpAddress ofV6(long hi, long lo) {
        return new IpAddress(hi, lo, true);
    }

    /** Reads 4 (IPv4) or 16 (IPv6) bytes at {@code off}. */
    public static IpAddress of(byte[] b, int off, int len) {
        if (len == 4) {
            return ofV4(((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF));
        }
        if (len == 16) {
            long h = 0, l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (b[off + i] & 0xFF);
                l = (l << 8) | (b[off + 8 + i] & 0xFF);
            }
            return ofV6(h, l);
        }
        throw new IllegalArgumentException("address length " + len);
    }

    @JsonCreator
    public static IpAddress parse(String text) {
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            int v = 0;
            for (String p : parts) {
                int o = Integer.parseInt(p);
                if (o < 0 || o > 255) {
                    throw new IllegalArgumentException("not an IP address: " + text);
                }
                v = (v << 8) | o;
            }
            return ofV4(v);
        }
        String s = text;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        int[] groups = new int[8];
        int dbl = s.indexOf("::");
        String[] head;
        String[] tail;
        if (dbl >= 0) {
            String h = s.substring(0, dbl);
            String t = s.substring(dbl + 2);
            head = h.isEmpty() ? new String[0] : h.split(":");
            tail = t.isEmpty() ? new String[0] : t.split(":");
        } else {
            head = s.split(":");
            tail = new String[0];
        }
        int[] hv = groupsOf(head, text);
        int[] tv = groupsOf(tail, text);
        if (hv.length + tv.length > 8 || (dbl < 0 && hv.length != 8)) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        System.arraycopy(hv, 0, groups, 0, hv.length);
        System.arraycopy(tv, 0, groups, 8 - tv.length, tv.length);
        long h = 0, l = 0;
        for (int i = 0; i < 4; i++) {
            h = (h << 16) | groups[i];
            l = (l << 16) | groups[4 + i];
        }
        return ofV6(h, l);
    }

    private static int[] groupsOf(String[] parts, String text) {
        // an embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                long v4 = parse(p).lo;
                out.add((int) (v4 >>> 16));
                out.add((int) (v4 & 0xFFFF));
            } else {
                int g = Integer.parseInt(p, 16);
                if (p.length() > 4 || g < 0 || g > 0xFFFF) {
                    throw new IllegalArgumentException("not an IP address: " + text);
                }
                out.add(g);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public byte[] toBytes() {
        if (!v6) {
            return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public int v4() {
        return (int) lo;
    }

    /** RFC 1918 / RFC 4193 / link-local / loopback: not on the internet. */
    public boolean isPrivate() {
        if (!v6) {
            int a = (int) (lo >>> 24) & 0xFF, b = (int) (lo >>> 16) & 0xFF;
            return a == 10 || a == 127 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                    || (a == 169 && b == 254) || (a == 100 && b >= 64 && b <= 127) || a == 0;
        }
        int top = (int) (hi >>> 48) & 0xFFFF;
        return (top & 0xFE00) == 0xFC00 || (top & 0xFFC0) == 0xFE80 || (hi == 0 && (lo == 1 || lo == 0));
    }

    public boolean isMulticast() {
        if (!v6) {
            int a = (int) (lo >>> 24) & 0xFF;
            return a >= 224 && a <= 239;
        }
        return (hi >>> 56) == 0xFF;
    }

    public boolean isBroadcast() {
        return !v6 && lo == 0xFFFF_FFFFL;
    }

    @JsonValue
    @Override
    public String toString() {
        if (!v6) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        int run = zeroRun(hi, lo);
        int bestStart = run < 0 ? -1 : run >> 4;
        int bestLen = run & 0xF;
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(hi, lo, i)));
        }
        return sb.toString();
    }

    /**
     * The zero groups RFC 5952 compresses to {@code ::} in an IPv6 address given as its two halves: the
     * first of the longest runs of two or more, as {@code start << 4 | length}, or -1 when there is none.
     */
    public static int zeroRun(long hi, long lo) {
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(hi, lo, i) == 0) {
                int j = i;
                while (j < 8 && group(hi, lo, j) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        return bestStart < 0 ? -1 : bestStart << 4 | bestLen;
    }

    private static int group(long hi, long lo, int i) {
        return (int) ((i < 4 ? hi : lo) >>> (48 - 16 * (i & 3))) & 0xFFFF;
    }

    @Override
    public int compareTo(IpAddress o) {
        if (v6 != o.v6) {
            return v6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }
}
