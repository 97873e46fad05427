package org.wardwatch.sim.wire;

/** Address helpers: IPv4 as int, MAC as the low 48 bits of a long. */
public final class Addr {
    public static final long BROADCAST_MAC = 0xffff_ffff_ffffL;
    public static final int BROADCAST_IP = 0xffff_ffff;

    private Addr() {
    }

    public static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    public static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        return ip(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    }

    public static String ipString(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    public static String macString(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (mac >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** RFC 1112 section 6.4: 01:00:5e + the low 23 bits of the group address. */
    public static long multicastMac(int groupIp) {
        return 0x0100_5e00_0000L | (groupIp & 0x7f_ffff);
    }

    public static boolean isMulticast(int ip) {
        return (ip >>> 28) == 0xe;
    }
}
