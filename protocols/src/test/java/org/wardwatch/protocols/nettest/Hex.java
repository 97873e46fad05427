package org.wardwatch.protocols.nettest;

/** Hex text to bytes and back, ignoring whitespace and colons. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        String h = hex.replaceAll("[\\s:]", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    public static String of(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
