package org.wardwatch.sim.proto;

/** NTPv4 client and server packets (RFC 5905 section 7.3): 48 bytes, no extensions. */
public final class Ntp {
    /** Seconds between 1900-01-01 (NTP era 0) and 1970-01-01. */
    private static final long EPOCH_OFFSET = 2_208_988_800L;

    private Ntp() {
    }

    public static long timestamp(long unixNanos) {
        long secs = Math.floorDiv(unixNanos, 1_000_000_000L) + EPOCH_OFFSET;
        long frac = (Math.floorMod(unixNanos, 1_000_000_000L) << 32) / 1_000_000_000L;
        return (secs << 32) | frac;
    }

    public static byte[] client(long transmitNanos) {
        Bytes b = new Bytes(48);
        b.u8(0x23).u8(0).u8(6).u8(0xec);
        b.u32(0).u32(0).u32(0);
        b.zeros(24);
        long t = timestamp(transmitNanos);
        b.u32(t >>> 32).u32(t);
        return b.toArray();
    }

    /** Reply of a stratum-{@code stratum} server synchronised to {@code refId}. */
    public static byte[] server(int stratum, int refId, long clientTransmitNanos, long receiveNanos, long transmitNanos,
                                long referenceNanos) {
        Bytes b = new Bytes(48);
        b.u8(0x24).u8(stratum).u8(6).u8(0xe9);
        b.u32(0x0000_0200L).u32(0x0000_0400L).u32(refId & 0xffff_ffffL);
        long ref = timestamp(referenceNanos);
        long org = timestamp(clientTransmitNanos);
        long rec = timestamp(receiveNanos);
        long xmt = timestamp(transmitNanos);
        b.u32(ref >>> 32).u32(ref).u32(org >>> 32).u32(org).u32(rec >>> 32).u32(rec).u32(xmt >>> 32).u32(xmt);
        return b.toArray();
    }
}
