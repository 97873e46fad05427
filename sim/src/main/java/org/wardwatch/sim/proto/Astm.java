package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;

/**
 * ASTM E1381 (CLSI LIS1) low-level framing carrying E1394 (LIS2) records, as lab analyzers send
 * results to a LIS: ENQ, then each record in a frame STX FN text ETX C1 C2 CR LF (checksum = sum of
 * FN..ETX mod 256 in two hex digits), each frame acknowledged with ACK, then EOT.
 */
public final class Astm {
    public static final byte ENQ = 0x05;
    public static final byte ACK = 0x06;
    public static final byte EOT = 0x04;

    private Astm() {
    }

    public static byte[] frame(int frameNumber, String record) {
        byte[] text = (record + "\r").getBytes(StandardCharsets.US_ASCII);
        Bytes b = new Bytes(text.length + 8);
        b.u8(0x02);
        int fn = '0' + (frameNumber % 8);
        b.u8(fn).bytes(text).u8(0x03);
        int sum = fn + 0x03;
        for (byte x : text) {
            sum += x & 0xff;
        }
        b.ascii(String.format("%02X", sum & 0xff)).u8('\r').u8('\n');
        return b.toArray();
    }

    /** The records of one result message: header, patient, order, results, terminator. Patient data is synthetic. */
    public static String[] resultRecords(String sender, String timestamp, int patient, String sampleId, String[][] results) {
        String[] r = new String[4 + results.length];
        r[0] = "H|\\^&|||" + sender + "|||||||P|1|" + timestamp;
        r[1] = "P|1||SIM" + String.format("%06d", patient);
        r[2] = "O|1|" + sampleId + "||^^^ALL|R||||||N||||||||||||||F";
        for (int i = 0; i < results.length; i++) {
            r[3 + i] = "R|" + (i + 1) + "|^^^" + results[i][0] + "|" + results[i][1] + "|" + results[i][2] + "||N||F||||" + timestamp;
        }
        r[r.length - 1] = "L|1|N";
        return r;
    }
}
