package org.wardwatch.sim.proto;

import java.util.List;

/**
 * DHCP messages (RFC 2131, options RFC 2132): the client's DISCOVER/REQUEST carry its real
 * parameter request list (option 55), which is what fingerprinting reads; the server's OFFER/ACK
 * carry lease, mask, router, DNS and domain. Padded to the 300-byte BOOTP minimum as most clients do.
 */
public final class Dhcp {
    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int ACK = 5;

    private Dhcp() {
    }

    /** Client message: DISCOVER or REQUEST. {@code ciaddr} is set when renewing; {@code requested} when selecting. */
    public static byte[] client(int type, int xid, int secs, long mac, int ciaddr, int requested, int serverId,
                                String hostname, String vendorClass, List<Integer> parameterRequestList) {
        Bytes b = header(1, xid, secs, ciaddr, 0, 0, mac);
        b.u8(53).u8(1).u8(type);
        b.u8(61).u8(7).u8(1);
        putMac(b, mac);
        if (requested != 0) {
            b.u8(50).u8(4).u32(requested);
        }
        if (serverId != 0) {
            b.u8(54).u8(4).u32(serverId);
        }
        if (hostname != null && !hostname.isEmpty()) {
            byte[] h = hostname.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            b.u8(12).u8(h.length).bytes(h);
        }
        if (vendorClass != null && !vendorClass.isEmpty()) {
            byte[] v = vendorClass.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            b.u8(60).u8(v.length).bytes(v);
        }
        if (parameterRequestList != null && !parameterRequestList.isEmpty()) {
            b.u8(55).u8(parameterRequestList.size());
            for (int o : parameterRequestList) {
                b.u8(o);
            }
        }
        b.u8(255);
        return pad(b);
    }

    /** Server (or relay-forwarded) OFFER or ACK. {@code giaddr} is the relay's address, 0 when direct. */
    public static byte[] server(int type, int xid, long mac, int ciaddr, int yiaddr, int giaddr, int serverId,
                                int leaseSeconds, int mask, int router, int dns, String domain) {
        Bytes b = header(2, xid, 0, ciaddr, yiaddr, giaddr, mac);
        b.u8(53).u8(1).u8(type);
        b.u8(54).u8(4).u32(serverId);
        b.u8(51).u8(4).u32(leaseSeconds);
        b.u8(58).u8(4).u32(leaseSeconds / 2);
        b.u8(59).u8(4).u32(leaseSeconds / 8 * 7);
        b.u8(1).u8(4).u32(mask);
        b.u8(3).u8(4).u32(router);
        b.u8(6).u8(4).u32(dns);
        byte[] d = domain.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.u8(15).u8(d.length).bytes(d);
        b.u8(255);
        return pad(b);
    }

    private static Bytes header(int op, int xid, int secs, int ciaddr, int yiaddr, int giaddr, long mac) {
        Bytes b = new Bytes(320);
        b.u8(op).u8(1).u8(6).u8(0);
        b.u32(xid & 0xffff_ffffL).u16(secs).u16(0);
        b.u32(ciaddr & 0xffff_ffffL).u32(yiaddr & 0xffff_ffffL).u32(0).u32(giaddr & 0xffff_ffffL);
        putMac(b, mac);
        b.zeros(10 + 64 + 128);
        b.u32(0x63825363L);
        return b;
    }

    private static void putMac(Bytes b, long mac) {
        for (int i = 5; i >= 0; i--) {
            b.u8((int) (mac >>> (8 * i)));
        }
    }

    private static byte[] pad(Bytes b) {
        while (b.length() < 300) {
            b.u8(0);
        }
        return b.toArray();
    }
}
