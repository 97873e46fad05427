package org.wardwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A 48-bit IEEE MAC address held in the low bits of a long. */
public record MacAddress(long value) implements Comparable<MacAddress> {
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
    public static final MacAddress ZERO = new MacAddress(0L);

    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits");
        }
    }

    public static MacAddress of(long value) {
        return new MacAddress(value & 0xFFFF_FFFF_FFFFL);
    }

    /** Reads six bytes at {@code off}. */
    public static MacAddress of(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return new MacAddress(v);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}, {@code aa-bb-...} or {@code aabb.ccdd.eeff}. */
    @JsonCreator
    public static MacAddress parse(String text) {
        String hex = text.replaceAll("[:\\-.]", "");
        if (hex.length() != 12) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        return new MacAddress(Long.parseLong(hex, 16));
    }

    /** The 24-bit organizationally unique identifier (first three octets). */
    public int oui() {
        return (int) (value >>> 24);
    }

    /** Group (multicast or broadcast) bit of the first octet. */
    public boolean isMulticast() {
        return ((value >>> 40) & 0x01) != 0;
    }

    /** Locally administered bit: randomized MACs of phones and laptops set it. */
    public boolean isLocallyAdministered() {
        return ((value >>> 40) & 0x02) != 0;
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (value >>> (40 - 8 * i));
        }
        return b;
    }

    @JsonValue
    @Override
    public String toString() {
        char[] out = new char[17];
        final String digits = "0123456789abcdef";
        for (int i = 0; i < 6; i++) {
            int octet = (int) (value >>> (40 - 8 * i)) & 0xFF;
            out[i * 3] = digits.charAt(octet >>> 4);
            out[i * 3 + 1] = digits.charAt(octet & 0xF);
            if (i < 5) {
                out[i * 3 + 2] = ':';
            }
        }
        return new String(out);
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(value, o.value);
    }
}
