package org.wardwatch.protocols.netbios;

import org.wardwatch.model.obs.netbios.NetbiosName;

/**
 * NetBIOS names as the name service (RFC 1002 4.1) and the datagram service (RFC 1002 4.4) carry them:
 * 16 bytes (15 characters padded with spaces, then the suffix byte) in first-level encoding (RFC 1001
 * 14.1: each half-byte as a letter 'A'..'P', a 32-character label), followed by scope labels.
 */
public final class NetbiosNames {
    private NetbiosNames() {
    }

    /**
     * The first-level encoded name at {@code pos} and its scope labels; null when malformed or cut.
     * {@code next[0]} receives the offset after the name.
     */
    public static NetbiosName read(byte[] d, int pos, int end, int[] next, boolean group) {
        if (pos + 33 > end || (d[pos] & 0xFF) != 32) {
            return null;
        }
        byte[] raw = new byte[16];
        for (int i = 0; i < 16; i++) {
            int hi = (d[pos + 1 + 2 * i] & 0xFF) - 'A';
            int lo = (d[pos + 2 + 2 * i] & 0xFF) - 'A';
            if (hi < 0 || hi > 15 || lo < 0 || lo > 15) {
                return null;
            }
            raw[i] = (byte) ((hi << 4) | lo);
        }
        int p = pos + 33;
        // scope labels, then the root label
        while (true) {
            if (p >= end) {
                return null;
            }
            int l = d[p] & 0xFF;
            if (l == 0) {
                p++;
                break;
            }
            if ((l & 0xC0) != 0 || p + 1 + l > end) {
                return null;
            }
            p += 1 + l;
        }
        next[0] = p;
        return new NetbiosName(text(raw, 0), raw[15] & 0xFF, group);
    }

    /** The 15 name characters at {@code off} without their space padding; other bytes than printable ASCII as {@code <xx>}. */
    public static String text(byte[] b, int off) {
        int len = 15;
        while (len > 0 && b[off + len - 1] == ' ') {
            len--;
        }
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 || c >= 0x7F) {
                sb.append('<').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16)).append('>');
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
