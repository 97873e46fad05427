package org.wardwatch.protocols.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds DICOM upper-layer PDUs, DIMSE command sets and data sets from the specification
 * (PS3.8 9.3, PS3.7 9.3, PS3.5 7.1) for tests. Values are written exactly as given: tests use it to
 * make hostile bytes too.
 */
final class DicomBytes {
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

    record Pc(int id, String abstractSyntax, List<String> transferSyntaxes) {
    }

    record PcResult(int id, int result, String transferSyntax) {
    }

    private DicomBytes() {
    }

    static byte[] associateRq(String called, String calling, List<Pc> pcs, String implUid, String implVersion,
                              long maxPdu, int userIdentityType) {
        Buf items = new Buf();
        items.item(0x10, ascii("1.2.840.10008.3.1.1.1"));
        for (Pc pc : pcs) {
            Buf sub = new Buf();
            sub.u8(pc.id()).u8(0).u8(0).u8(0);
            sub.item(0x30, ascii(pc.abstractSyntax()));
            for (String ts : pc.transferSyntaxes()) {
                sub.item(0x40, ascii(ts));
            }
            items.item(0x20, sub.bytes());
        }
        items.item(0x50, userInfo(implUid, implVersion, maxPdu, userIdentityType, false));
        return associate(1, called, calling, items.bytes());
    }

    static byte[] associateAc(String called, String calling, List<PcResult> results, String implUid, String implVersion,
                              long maxPdu) {
        Buf items = new Buf();
        items.item(0x10, ascii("1.2.840.10008.3.1.1.1"));
        for (PcResult r : results) {
            Buf sub = new Buf();
            sub.u8(r.id()).u8(0).u8(r.result()).u8(0);
            sub.item(0x40, ascii(r.transferSyntax()));
            items.item(0x21, sub.bytes());
        }
        items.item(0x50, userInfo(implUid, implVersion, maxPdu, -1, false));
        return associate(2, called, calling, items.bytes());
    }

    private static byte[] userInfo(String implUid, String implVersion, long maxPdu, int userIdentityType, boolean ac) {
        Buf ui = new Buf();
        Buf max = new Buf();
        max.u32((int) maxPdu);
        ui.item(0x51, max.bytes());
        ui.item(0x52, ascii(implUid));
        if (implVersion != null) {
            ui.item(0x55, ascii(implVersion));
        }
        if (userIdentityType > 0) {
            Buf id = new Buf();
            byte[] secretUser = ascii("SECRET-USER");
            byte[] secretPass = ascii("SECRET-PASS");
            id.u8(userIdentityType).u8(1).u16(secretUser.length).raw(secretUser).u16(secretPass.length).raw(secretPass);
            ui.item(0x58, id.bytes());
        }
        return ui.bytes();
    }

    private static byte[] associate(int type, String called, String calling, byte[] items) {
        Buf b = new Buf();
        b.u16(1).u16(0).raw(pad(called, 16)).raw(pad(calling, 16)).raw(new byte[32]).raw(items);
        return pdu(type, b.bytes());
    }

    static byte[] pdu(int type, byte[] body) {
        Buf b = new Buf();
        b.u8(type).u8(0).u32(body.length).raw(body);
        return b.bytes();
    }

    static byte[] reject(int result, int source, int reason) {
        return pdu(3, new byte[] {0, (byte) result, (byte) source, (byte) reason});
    }

    static byte[] releaseRq() {
        return pdu(5, new byte[4]);
    }

    static byte[] releaseRp() {
        return pdu(6, new byte[4]);
    }

    static byte[] abort(int source, int reason) {
        return pdu(7, new byte[] {0, 0, (byte) source, (byte) reason});
    }

    /** One P-DATA-TF with one PDV. */
    static byte[] pdata(int contextId, boolean command, boolean last, byte[] value) {
        Buf b = new Buf();
        b.u32(value.length + 2).u8(contextId).u8((command ? 1 : 0) | (last ? 2 : 0)).raw(value);
        return pdu(4, b.bytes());
    }

    /** A data set cut into PDVs of at most {@code fragment} bytes, each in its own P-DATA-TF. */
    static byte[] pdataFragments(int contextId, byte[] dataSet, int fragment) {
        Buf b = new Buf();
        for (int i = 0; i < dataSet.length; i += fragment) {
            int n = Math.min(fragment, dataSet.length - i);
            byte[] part = java.util.Arrays.copyOfRange(dataSet, i, i + n);
            b.raw(pdata(contextId, false, i + n >= dataSet.length, part));
        }
        return b.bytes();
    }

    /** Implicit VR Little Endian command set (PS3.7 6.3.1) with its group length. */
    static final class Command {
        private final Buf body = new Buf();

        Command ui(int element, String uid) {
            byte[] v = uidBytes(uid);
            body.u16le(0).u16le(element).u32le(v.length).raw(v);
            return this;
        }

        Command ae(int element, String ae) {
            byte[] v = pad(ae, 16);
            body.u16le(0).u16le(element).u32le(v.length).raw(v);
            return this;
        }

        Command us(int element, int value) {
            body.u16le(0).u16le(element).u32le(2).u16le(value);
            return this;
        }

        byte[] bytes() {
            byte[] b = body.bytes();
            Buf out = new Buf();
            out.u16le(0).u16le(0).u32le(4).u32le(b.length).raw(b);
            return out.bytes();
        }
    }

    static byte[] cStoreRq(int messageId, String sopClass, String sopInstance) {
        return new Command().ui(0x0002, sopClass).us(0x0100, 0x0001).us(0x0110, messageId).us(0x0700, 0)
                .us(0x0800, 0x0000).ui(0x1000, sopInstance).bytes();
    }

    static byte[] cStoreRsp(int messageId, String sopClass, String sopInstance, int status) {
        return new Command().ui(0x0002, sopClass).us(0x0100, 0x8001).us(0x0120, messageId).us(0x0800, 0x0101)
                .us(0x0900, status).ui(0x1000, sopInstance).bytes();
    }

    static byte[] cEchoRq(int messageId) {
        return new Command().ui(0x0002, VERIFICATION).us(0x0100, 0x0030).us(0x0110, messageId).us(0x0800, 0x0101).bytes();
    }

    static byte[] cEchoRsp(int messageId) {
        return new Command().ui(0x0002, VERIFICATION).us(0x0100, 0x8030).us(0x0120, messageId).us(0x0800, 0x0101)
                .us(0x0900, 0).bytes();
    }

    /** A data set writer: explicit or implicit VR, little or big endian. */
    static final class DataSet {
        private final Buf b = new Buf();
        private final boolean explicit;
        private final boolean bigEndian;

        DataSet(boolean explicit, boolean bigEndian) {
            this.explicit = explicit;
            this.bigEndian = bigEndian;
        }

        DataSet str(int tag, String vr, String value) {
            byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
            if (v.length % 2 == 1) {
                v = java.util.Arrays.copyOf(v, v.length + 1);
                v[v.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
            }
            return element(tag, vr, v);
        }

        DataSet element(int tag, String vr, byte[] value) {
            header(tag, vr, value.length);
            b.raw(value);
            return this;
        }

        /** An element header with any length (tests lie with it). */
        DataSet header(int tag, String vr, long length) {
            tag(tag);
            if (explicit) {
                b.raw(vr.getBytes(StandardCharsets.US_ASCII));
                if (DicomDataSetScanner.isLongVr((byte) vr.charAt(0), (byte) vr.charAt(1))) {
                    b.u16(0);
                    u32((int) length);
                } else {
                    u16((int) length);
                }
            } else {
                u32((int) length);
            }
            return this;
        }

        DataSet beginSequence(int tag) {
            return header(tag, "SQ", 0xFFFFFFFFL);
        }

        DataSet beginItem() {
            tag(0xFFFEE000);
            u32(0xFFFFFFFF);
            return this;
        }

        DataSet endItem() {
            tag(0xFFFEE00D);
            u32(0);
            return this;
        }

        DataSet endSequence() {
            tag(0xFFFEE0DD);
            u32(0);
            return this;
        }

        DataSet raw(byte[] bytes) {
            b.raw(bytes);
            return this;
        }

        private void tag(int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
        }

        private void u16(int v) {
            if (bigEndian) {
                b.u16(v);
            } else {
                b.u16le(v);
            }
        }

        private void u32(int v) {
            if (bigEndian) {
                b.u32(v);
            } else {
                b.u32le(v);
            }
        }

        byte[] bytes() {
            return b.bytes();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] uidBytes(String uid) {
        byte[] v = ascii(uid);
        return v.length % 2 == 0 ? v : java.util.Arrays.copyOf(v, v.length + 1);
    }

    static byte[] pad(String s, int n) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] v = ascii(s);
        System.arraycopy(v, 0, out, 0, Math.min(n, v.length));
        return out;
    }

    static byte[] concat(byte[]... parts) {
        Buf b = new Buf();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.bytes();
    }

    /** Big-endian by default (the upper layer's byte order), little-endian helpers for DIMSE. */
    static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u8(int v) {
            out.write(v);
            return this;
        }

        Buf u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Buf u32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Buf u16le(int v) {
            out.write(v);
            out.write(v >>> 8);
            return this;
        }

        Buf u32le(int v) {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
            return this;
        }

        Buf raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Buf item(int type, byte[] value) {
            return u8(type).u8(0).u16(value.length).raw(value);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
