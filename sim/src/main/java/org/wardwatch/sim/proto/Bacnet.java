package org.wardwatch.sim.proto;

/**
 * BACnet/IP (ASHRAE 135 Annex J) unconfirmed discovery: Who-Is broadcast by a building-management
 * head end and the I-Am each controller answers with its device instance and BACnet vendor id.
 */
public final class Bacnet {
    private Bacnet() {
    }

    /** BVLC Original-Broadcast-NPDU carrying a global Who-Is (no range). */
    public static byte[] whoIs() {
        Bytes b = new Bytes(16);
        b.u8(0x81).u8(0x0b).u16(12);
        b.u8(0x01).u8(0x20).u16(0xffff).u8(0x00).u8(0xff); // NPDU: version 1, DNET present, global broadcast, hop count 255
        b.u8(0x10).u8(0x08); // APDU unconfirmed request, service Who-Is
        return b.toArray();
    }

    /** BVLC Original-Broadcast-NPDU carrying I-Am (device {@code instance}, max APDU 1476, no segmentation). */
    public static byte[] iAm(int instance, int vendorId) {
        Bytes b = new Bytes(32);
        b.u8(0x81).u8(0x0b).u16(0);
        b.u8(0x01).u8(0x00); // NPDU: version 1, no routing information
        b.u8(0x10).u8(0x00); // unconfirmed request, service I-Am
        b.u8(0xc4).u32((8L << 22) | (instance & 0x3fffff)); // application tag 12 (object identifier), device object
        b.u8(0x22).u16(1476); // application tag 2 (unsigned), 2 bytes
        b.u8(0x91).u8(0x03); // application tag 9 (enumerated): no-segmentation
        if (vendorId < 256) {
            b.u8(0x21).u8(vendorId);
        } else {
            b.u8(0x22).u16(vendorId);
        }
        byte[] out = b.toArray();
        out[2] = (byte) (out.length >>> 8);
        out[3] = (byte) out.length;
        return out;
    }
}
