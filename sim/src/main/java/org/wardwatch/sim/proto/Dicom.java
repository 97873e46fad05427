package org.wardwatch.sim.proto;

import java.util.List;

/**
 * DICOM upper layer PDUs (PS3.8 section 9.3) and DIMSE messages (PS3.7 section 9, command sets in
 * Implicit VR Little Endian as PS3.7 6.3.1 requires). Data sets are Explicit VR Little Endian
 * (transfer syntax 1.2.840.10008.1.2.1), the one context this simulator negotiates for data.
 * Strings are padded to even length with a space, UIDs with a NUL (PS3.5 6.2).
 */
public final class Dicom {
    public static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    public static final String VERIFICATION = "1.2.840.10008.1.1";
    public static final String MWL_FIND = "1.2.840.10008.5.1.4.31";
    public static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    public static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    public static final String PATIENT_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.1.1";

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_FIND_RSP = 0x8020;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_MOVE_RSP = 0x8021;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int NO_DATASET = 0x0101;
    public static final int HAS_DATASET = 0x0000;

    private Dicom() {
    }

    /** One proposed presentation context: id (odd), abstract syntax, transfer syntaxes. */
    public record Context(int id, String abstractSyntax, List<String> transferSyntaxes) {
    }

    public static byte[] associateRq(String calledAe, String callingAe, List<Context> contexts, String implClassUid,
                                     String implVersionName) {
        Bytes b = new Bytes(512);
        b.u8(0x01).u8(0).u32(0);
        b.u16(1).u16(0);
        b.ascii(ae(calledAe)).ascii(ae(callingAe)).zeros(32);
        uidItem(b, 0x10, APPLICATION_CONTEXT);
        for (Context c : contexts) {
            int at = b.length();
            b.u8(0x20).u8(0).u16(0).u8(c.id()).u8(0).u8(0).u8(0);
            uidItem(b, 0x30, c.abstractSyntax());
            for (String ts : c.transferSyntaxes()) {
                uidItem(b, 0x40, ts);
            }
            b.setU16(at + 2, b.length() - at - 4);
        }
        userInfo(b, implClassUid, implVersionName);
        byte[] out = b.toArray();
        setLength(out);
        return out;
    }

    /** A-ASSOCIATE-AC accepting each context with the given transfer syntax (null = reject as abstract syntax not supported). */
    public static byte[] associateAc(String calledAe, String callingAe, List<Context> proposed, List<String> accepted,
                                     String implClassUid, String implVersionName) {
        Bytes b = new Bytes(256);
        b.u8(0x02).u8(0).u32(0);
        b.u16(1).u16(0);
        b.ascii(ae(calledAe)).ascii(ae(callingAe)).zeros(32);
        uidItem(b, 0x10, APPLICATION_CONTEXT);
        for (int i = 0; i < proposed.size(); i++) {
            String ts = accepted.get(i);
            int at = b.length();
            b.u8(0x21).u8(0).u16(0).u8(proposed.get(i).id()).u8(0).u8(ts == null ? 3 : 0).u8(0);
            uidItem(b, 0x40, ts == null ? proposed.get(i).transferSyntaxes().get(0) : ts);
            b.setU16(at + 2, b.length() - at - 4);
        }
        userInfo(b, implClassUid, implVersionName);
        byte[] out = b.toArray();
        setLength(out);
        return out;
    }

    /** A-ASSOCIATE-RJ (PS3.8 9.3.4): result 1 permanent, source 1 service-user, reason 3 calling AE not recognized. */
    public static byte[] associateRj(int result, int source, int reason) {
        return new Bytes(10).u8(0x03).u8(0).u32(4).u8(0).u8(result).u8(source).u8(reason).toArray();
    }

    public static byte[] releaseRq() {
        return new Bytes(10).u8(0x05).u8(0).u32(4).u32(0).toArray();
    }

    public static byte[] releaseRp() {
        return new Bytes(10).u8(0x06).u8(0).u32(4).u32(0).toArray();
    }

    /** P-DATA-TF with one PDV holding a whole command set (last fragment). */
    public static byte[] pdataCommand(int contextId, byte[] command) {
        return pdata(contextId, command, 0x03);
    }

    /** P-DATA-TF with one PDV holding a whole data set (last fragment). */
    public static byte[] pdataDataset(int contextId, byte[] dataset) {
        return pdata(contextId, dataset, 0x02);
    }

    private static byte[] pdata(int contextId, byte[] value, int control) {
        Bytes b = new Bytes(value.length + 12);
        b.u8(0x04).u8(0).u32(value.length + 6);
        b.u32(value.length + 2).u8(contextId).u8(control).bytes(value);
        return b.toArray();
    }

    /**
     * A DIMSE command set (Implicit VR LE), elements in tag order: (0000,0002) affected SOP class,
     * (0000,0100) command field, (0000,0110) message id or (0000,0120) id being responded to,
     * (0000,0600) move destination, (0000,0700) priority, (0000,0800) data set type, (0000,0900)
     * status, (0000,1000) affected SOP instance.
     */
    public static byte[] command(String sopClass, int commandField, int messageId, boolean response, String moveDestination,
                                 int dataSetType, int status, String sopInstance) {
        Bytes body = new Bytes(160);
        implicitUid(body, 0x0000, 0x0002, sopClass);
        implicitUs(body, 0x0000, 0x0100, commandField);
        implicitUs(body, 0x0000, response ? 0x0120 : 0x0110, messageId);
        if (moveDestination != null) {
            implicit(body, 0x0000, 0x0600, padText(moveDestination));
        }
        if (!response) {
            implicitUs(body, 0x0000, 0x0700, 0);
        }
        implicitUs(body, 0x0000, 0x0800, dataSetType);
        if (response) {
            implicitUs(body, 0x0000, 0x0900, status);
        }
        if (sopInstance != null) {
            implicitUid(body, 0x0000, 0x1000, sopInstance);
        }
        byte[] rest = body.toArray();
        Bytes b = new Bytes(rest.length + 12);
        b.u16le(0x0000).u16le(0x0000).u32le(4).u32le(rest.length);
        b.bytes(rest);
        return b.toArray();
    }

    /** Explicit VR LE data set writer; callers add elements in ascending tag order. */
    public static final class DataSet {
        private final Bytes b = new Bytes(512);

        public DataSet text(int group, int element, String vr, String value) {
            byte[] v = "UI".equals(vr) ? padUid(value) : padText(value);
            header(group, element, vr, v.length);
            b.bytes(v);
            return this;
        }

        public DataSet us(int group, int element, int value) {
            header(group, element, "US", 2);
            b.u16le(value);
            return this;
        }

        /** Opens a sequence of undefined length (PS3.5 7.5.2); close with {@link #endSequence}. */
        public DataSet sequence(int group, int element) {
            b.u16le(group).u16le(element).ascii("SQ").u16le(0).u32le(0xffff_ffffL);
            return this;
        }

        /** Opens an item of undefined length inside a sequence. */
        public DataSet item() {
            b.u16le(0xfffe).u16le(0xe000).u32le(0xffff_ffffL);
            return this;
        }

        public DataSet endItem() {
            b.u16le(0xfffe).u16le(0xe00d).u32le(0);
            return this;
        }

        public DataSet endSequence() {
            b.u16le(0xfffe).u16le(0xe0dd).u32le(0);
            return this;
        }

        /** Pixel data (7FE0,0010) as OW with a 4-byte length. */
        public DataSet pixels(byte[] data) {
            b.u16le(0x7fe0).u16le(0x0010).ascii("OW").u16le(0).u32le(data.length);
            b.bytes(data);
            return this;
        }

        private void header(int group, int element, String vr, int length) {
            b.u16le(group).u16le(element).ascii(vr).u16le(length);
        }

        public byte[] toArray() {
            return b.toArray();
        }
    }

    private static void implicit(Bytes b, int group, int element, byte[] value) {
        b.u16le(group).u16le(element).u32le(value.length).bytes(value);
    }

    private static void implicitUid(Bytes b, int group, int element, String uid) {
        implicit(b, group, element, padUid(uid));
    }

    private static void implicitUs(Bytes b, int group, int element, int v) {
        b.u16le(group).u16le(element).u32le(2).u16le(v);
    }

    static byte[] padUid(String uid) {
        byte[] u = uid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if ((u.length & 1) == 0) {
            return u;
        }
        byte[] out = java.util.Arrays.copyOf(u, u.length + 1);
        out[u.length] = 0;
        return out;
    }

    static byte[] padText(String s) {
        byte[] u = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if ((u.length & 1) == 0) {
            return u;
        }
        byte[] out = java.util.Arrays.copyOf(u, u.length + 1);
        out[u.length] = ' ';
        return out;
    }

    private static String ae(String title) {
        String t = title.length() > 16 ? title.substring(0, 16) : title;
        return t + " ".repeat(16 - t.length());
    }

    private static void uidItem(Bytes b, int type, String uid) {
        byte[] u = uid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.u8(type).u8(0).u16(u.length).bytes(u); // PS3.8 9.3.2.x: UIDs in items are not padded
    }

    private static void userInfo(Bytes b, String implClassUid, String implVersionName) {
        int at = b.length();
        b.u8(0x50).u8(0).u16(0);
        b.u8(0x51).u8(0).u16(4).u32(16384);
        uidItem(b, 0x52, implClassUid);
        if (implVersionName != null && !implVersionName.isEmpty()) {
            byte[] v = implVersionName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            b.u8(0x55).u8(0).u16(v.length).bytes(v);
        }
        b.setU16(at + 2, b.length() - at - 4);
    }

    private static void setLength(byte[] pdu) {
        int len = pdu.length - 6;
        pdu[2] = (byte) (len >>> 24);
        pdu[3] = (byte) (len >>> 16);
        pdu[4] = (byte) (len >>> 8);
        pdu[5] = (byte) len;
    }
}
