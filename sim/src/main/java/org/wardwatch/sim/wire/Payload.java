package org.wardwatch.sim.wire;

/** Application bytes a TCP message carries, produced on demand so bulk transfers cost no memory. */
public interface Payload {
    int length();

    /** Copies {@code len} bytes starting at {@code from} into {@code dst} at {@code at}. */
    void copy(int from, byte[] dst, int at, int len);

    static Payload of(byte[] bytes) {
        return new Payload() {
            @Override
            public int length() {
                return bytes.length;
            }

            @Override
            public void copy(int from, byte[] dst, int at, int len) {
                System.arraycopy(bytes, from, dst, at, len);
            }
        };
    }

    /**
     * {@code length} bytes that look like ciphertext or compressed data: a SplitMix64 stream keyed by
     * {@code seed}, so the same seed yields the same bytes at every offset without storing them.
     */
    static Payload noise(long seed, int length) {
        return new Payload() {
            @Override
            public int length() {
                return length;
            }

            @Override
            public void copy(int from, byte[] dst, int at, int len) {
                int i = 0;
                while (i < len) {
                    int pos = from + i;
                    long z = mix(seed + (pos >>> 3) * 0x9E3779B97F4A7C15L);
                    for (int k = pos & 7; k < 8 && i < len; k++, i++) {
                        dst[at + i] = (byte) (z >>> (k * 8));
                    }
                }
            }
        };
    }

    /** {@code head} followed by {@code tail}. */
    static Payload concat(Payload head, Payload tail) {
        return new Payload() {
            @Override
            public int length() {
                return head.length() + tail.length();
            }

            @Override
            public void copy(int from, byte[] dst, int at, int len) {
                int h = head.length();
                if (from < h) {
                    int n = Math.min(len, h - from);
                    head.copy(from, dst, at, n);
                    if (n < len) {
                        tail.copy(0, dst, at + n, len - n);
                    }
                } else {
                    tail.copy(from - h, dst, at, len);
                }
            }
        };
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
