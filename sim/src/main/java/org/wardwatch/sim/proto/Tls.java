package org.wardwatch.sim.proto;

import java.util.SplittableRandom;
import org.wardwatch.sim.wire.Payload;

/**
 * TLS 1.3 handshake as seen on the wire (RFC 8446): a ClientHello offering TLS 1.3 and 1.2 with SNI
 * and an X25519 key share, a ServerHello selecting TLS_AES_128_GCM_SHA256, the middlebox-compatibility
 * ChangeCipherSpec (RFC 8446 D.4), then encrypted records (content type 23) whose contents are noise.
 *
 * <p>The ClientHello is generic: its cipher and extension lists are not any real client's, so it
 * must not be read as a JA3/JA4 fingerprint of a product.
 */
public final class Tls {
    private static final int[] CIPHERS = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8};

    private Tls() {
    }

    public static byte[] clientHello(SplittableRandom rng, String serverName, String alpn) {
        Bytes hs = new Bytes(512);
        hs.u16(0x0303);
        random(hs, rng, 32);
        hs.u8(32);
        random(hs, rng, 32);
        hs.u16(CIPHERS.length * 2);
        for (int c : CIPHERS) {
            hs.u16(c);
        }
        hs.u8(1).u8(0);
        Bytes ext = new Bytes(256);
        if (serverName != null) {
            byte[] n = serverName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ext.u16(0).u16(n.length + 5).u16(n.length + 3).u8(0).u16(n.length).bytes(n);
        }
        ext.u16(10).u16(6).u16(4).u16(0x001d).u16(0x0017); // supported_groups: x25519, secp256r1
        ext.u16(11).u16(2).u8(1).u8(0); // ec_point_formats: uncompressed
        ext.u16(13).u16(10).u16(8).u16(0x0403).u16(0x0804).u16(0x0401).u16(0x0503); // signature_algorithms
        if (alpn != null) {
            byte[] a = alpn.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ext.u16(16).u16(a.length + 3).u16(a.length + 1).u8(a.length).bytes(a);
        }
        ext.u16(43).u16(5).u8(4).u16(0x0304).u16(0x0303); // supported_versions
        ext.u16(45).u16(2).u8(1).u8(1); // psk_key_exchange_modes: psk_dhe_ke
        ext.u16(51).u16(38).u16(36).u16(0x001d).u16(32); // key_share: one X25519 share
        random(ext, rng, 32);
        byte[] e = ext.toArray();
        hs.u16(e.length).bytes(e);
        return record(0x16, 0x0301, handshake(1, hs.toArray()));
    }

    /** ServerHello + ChangeCipherSpec + one encrypted record standing for EncryptedExtensions..Finished. */
    public static byte[] serverFlight(SplittableRandom rng, byte[] clientHello, int encryptedLength) {
        Bytes hs = new Bytes(128);
        hs.u16(0x0303);
        random(hs, rng, 32);
        hs.u8(32);
        // echo the client's legacy_session_id (RFC 8446 4.1.3): record 5 + handshake 4 + version 2 + random 32 + length 1
        hs.bytes(clientHello, 5 + 4 + 2 + 32 + 1, 32);
        hs.u16(0x1301).u8(0);
        Bytes ext = new Bytes(64);
        ext.u16(43).u16(2).u16(0x0304);
        ext.u16(51).u16(36).u16(0x001d).u16(32);
        random(ext, rng, 32);
        byte[] e = ext.toArray();
        hs.u16(e.length).bytes(e);
        Bytes out = new Bytes(200 + encryptedLength);
        out.bytes(record(0x16, 0x0303, handshake(2, hs.toArray())));
        out.bytes(changeCipherSpec());
        out.bytes(applicationData(rng, encryptedLength));
        return out.toArray();
    }

    /** The client's ChangeCipherSpec + encrypted Finished. */
    public static byte[] clientFinished(SplittableRandom rng) {
        Bytes out = new Bytes(80);
        out.bytes(changeCipherSpec());
        out.bytes(applicationData(rng, 53));
        return out.toArray();
    }

    /** An encrypted record of {@code length} bytes (at most 2^14 + 256, RFC 8446 5.2). */
    public static byte[] applicationData(SplittableRandom rng, int length) {
        int n = Math.min(length, 16384 + 256);
        Bytes b = new Bytes(n);
        random(b, rng, n);
        return record(0x17, 0x0303, b.toArray());
    }

    /** Encrypted records totalling about {@code length} bytes, each at most 16 KiB. */
    public static byte[] applicationDataRecords(SplittableRandom rng, int length) {
        Bytes out = new Bytes(length + 64);
        int left = Math.max(1, length);
        while (left > 0) {
            int n = Math.min(left, 16384);
            out.bytes(applicationData(rng, n));
            left -= n;
        }
        return out.toArray();
    }

    private static byte[] changeCipherSpec() {
        return new byte[] {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    }

    private static byte[] handshake(int type, byte[] body) {
        return new Bytes(body.length + 4).u8(type).u24(body.length).bytes(body).toArray();
    }

    private static byte[] record(int type, int version, byte[] body) {
        return new Bytes(body.length + 5).u8(type).u16(version).u16(body.length).bytes(body).toArray();
    }

    private static void random(Bytes b, SplittableRandom rng, int n) {
        byte[] r = new byte[n];
        for (int i = 0; i < n; i += 8) {
            long v = rng.nextLong();
            for (int k = 0; k < 8 && i + k < n; k++) {
                r[i + k] = (byte) (v >>> (8 * k));
            }
        }
        b.bytes(r);
    }

    /**
     * A lazily produced run of full-size encrypted records totalling {@code length} bytes (headers
     * included): bulk uploads and downloads cost no memory.
     */
    public static Payload encryptedStream(long seed, int requested) {
        final int full = 5 + 16384;
        int rem = Math.max(6, requested) % full;
        final int length = Math.max(6, requested) + (rem > 0 && rem <= 5 ? 6 - rem : 0); // no record without a body
        Payload noise = Payload.noise(seed, length);
        return new Payload() {
            @Override
            public int length() {
                return length;
            }

            @Override
            public void copy(int from, byte[] dst, int at, int len) {
                noise.copy(from, dst, at, len);
                // overwrite the 5-byte record headers that fall inside [from, from + len)
                int first = from / full;
                int last = (from + len - 1) / full;
                for (int r = first; r <= last; r++) {
                    int start = r * full;
                    int bodyLen = Math.min(16384, length - start - 5);
                    byte[] h = {0x17, 0x03, 0x03, (byte) (bodyLen >>> 8), (byte) bodyLen};
                    for (int k = 0; k < 5; k++) {
                        int pos = start + k;
                        if (pos >= from && pos < from + len) {
                            dst[at + pos - from] = h[k];
                        }
                    }
                }
            }
        };
    }
}
