package org.wardwatch.protocols.nbdgm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * NetBIOS datagrams written from the specifications (RFC 1002 section 4.4.1-4.4.3, [MS-CIFS] 2.2.4.33
 * TRANSACTION, [MS-MAIL] 2.2.1, [MS-BRWS] 2.2.1/2.2.6): the test fixtures and fuzz seeds of the NBDGM analyzer.
 */
public final class NbdgmMessages {
    private NbdgmMessages() {
    }

    /** A direct or broadcast datagram ({@code type} 0x10-0x12) from {@code source} to {@code destination} carrying {@code userData}. */
    public static byte[] datagram(int type, int flags, String sourceIp, String source, int sourceSuffix, String destination,
                                  int destinationSuffix, byte[] userData) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.writeBytes(encodedName(source, sourceSuffix));
        names.writeBytes(encodedName(destination, destinationSuffix));
        names.writeBytes(userData);
        byte[] body = names.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(flags);
        out.write(0x12);
        out.write(0x34); // DGM_ID
        for (String part : sourceIp.split("\\.")) {
            out.write(Integer.parseInt(part));
        }
        out.write(0);
        out.write(138); // SOURCE_PORT
        out.write(body.length >> 8);
        out.write(body.length);
        out.write(0);
        out.write(0); // PACKET_OFFSET
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** RFC 1001 section 14.1 first-level encoding: 16 bytes (padded with spaces, suffix last), each half-byte as 'A' + value. */
    public static byte[] encodedName(String name, int suffix) {
        byte[] raw = new byte[16];
        java.util.Arrays.fill(raw, (byte) ' ');
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, raw, 0, Math.min(15, n.length));
        raw[15] = (byte) suffix;
        byte[] out = new byte[34];
        out[0] = 32;
        for (int i = 0; i < 16; i++) {
            out[1 + 2 * i] = (byte) ('A' + ((raw[i] & 0xFF) >> 4));
            out[2 + 2 * i] = (byte) ('A' + (raw[i] & 0xF));
        }
        out[33] = 0; // no scope
        return out;
    }

    /** An SMB1 TRANSACTION request writing {@code data} to {@code mailslot} (class 2, unreliable and broadcast). */
    public static byte[] mailslotWrite(String mailslot, byte[] data) {
        byte[] name = (mailslot + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, 'S', 'M', 'B', 0x25});
        out.writeBytes(new byte[27]); // status, flags, flags2 (OEM strings), PID high, signature, TID, PID, UID, MID
        out.write(17); // WordCount
        int dataOffset = 32 + 1 + 34 + 2 + name.length;
        le16(out, 0); // TotalParameterCount
        le16(out, data.length); // TotalDataCount
        le16(out, 0); // MaxParameterCount
        le16(out, 0); // MaxDataCount
        out.write(0); // MaxSetupCount
        out.write(0);
        le16(out, 0); // Flags
        le16(out, 1000);
        le16(out, 0); // Timeout
        le16(out, 0); // Reserved2
        le16(out, 0); // ParameterCount
        le16(out, 0); // ParameterOffset
        le16(out, data.length); // DataCount
        le16(out, dataOffset); // DataOffset
        out.write(3); // SetupCount
        out.write(0);
        le16(out, 1); // mailslot opcode: write
        le16(out, 0); // priority
        le16(out, 2); // class
        le16(out, name.length + data.length); // ByteCount
        out.writeBytes(name);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** A HostAnnouncement (0x01), LocalMasterAnnouncement (0x0F) or DomainAnnouncement (0x0C) browser frame. */
    public static byte[] announcement(int opcode, String serverName, int osMajor, int osMinor, long serverType, long periodicityMs,
                                      String comment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(opcode);
        out.write(0); // UpdateCount
        le16(out, (int) periodicityMs);
        le16(out, (int) (periodicityMs >>> 16));
        byte[] name = new byte[16];
        byte[] n = serverName.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, name, 0, Math.min(15, n.length));
        out.writeBytes(name);
        out.write(osMajor);
        out.write(osMinor);
        le16(out, (int) serverType);
        le16(out, (int) (serverType >>> 16));
        out.write(15); // BrowserVersionMajor
        out.write(1); // BrowserVersionMinor
        le16(out, 0xAA55); // Signature
        out.writeBytes((comment + "\0").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    /** A printer's host announcement: broadcast to WARDNET<1d>, server and print queue bits, Windows 6.1 version fields. */
    public static byte[] printerHostAnnouncement() {
        return datagram(0x11, 0x02, "10.20.30.40", "WARDPRN07", 0x20, "WARDNET", 0x1d, mailslotWrite("\\MAILSLOT\\BROWSE",
                announcement(0x01, "WARDPRN07", 6, 1, 0x00000203L, 720000, "Ward 7 laser printer")));
    }

    /** A local master browser's domain announcement to the __MSBROWSE__ group. */
    public static byte[] domainAnnouncement() {
        byte[] msbrowse = {0x01, 0x02, '_', '_', 'M', 'S', 'B', 'R', 'O', 'W', 'S', 'E', '_', '_', 0x02};
        return datagram(0x11, 0x02, "10.20.30.41", "WSNURSE12", 0x00, new String(msbrowse, StandardCharsets.ISO_8859_1), 0x01,
                mailslotWrite("\\MAILSLOT\\BROWSE", announcement(0x0C, "WARDNET", 10, 0, 0x80001000L, 720000, "WSNURSE12")));
    }

    /** A NETLOGON mailslot datagram (payload not decoded) sent direct unique by a p-node. */
    public static byte[] netlogonDatagram() {
        return datagram(0x10, 0x06, "10.20.30.42", "WSNURSE13", 0x00, "WARDDC", 0x1c,
                mailslotWrite("\\MAILSLOT\\NET\\NETLOGON", new byte[] {0x07, 0x00, 'W', 'S', 0x00}));
    }

    /** A DATAGRAM ERROR (0x13): destination name not present. */
    public static byte[] errorDatagram() {
        return new byte[] {0x13, 0x02, 0x12, 0x35, 10, 20, 30, 1, 0, (byte) 138, (byte) 0x82};
    }
}
