package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;

/**
 * The cleartext login dialogues brute-force tools hammer: FTP (RFC 959 reply codes 220/331/530),
 * Telnet (RFC 854 option negotiation, then a login prompt) and the first RDP exchange (X.224
 * Connection Request with an mstshash cookie and RDP_NEG_REQ, [MS-RDPBCGR] 2.2.1.1/2.2.1.2).
 */
public final class Logins {
    private Logins() {
    }

    public static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Telnet server's opening: IAC DO TERMINAL-TYPE, IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD. */
    public static byte[] telnetServerOptions() {
        return new byte[] {(byte) 0xff, (byte) 0xfd, 0x18, (byte) 0xff, (byte) 0xfb, 0x01, (byte) 0xff, (byte) 0xfb, 0x03};
    }

    /** Telnet client's answer: IAC WONT TERMINAL-TYPE, IAC DO ECHO, IAC DO SUPPRESS-GO-AHEAD. */
    public static byte[] telnetClientOptions() {
        return new byte[] {(byte) 0xff, (byte) 0xfc, 0x18, (byte) 0xff, (byte) 0xfd, 0x01, (byte) 0xff, (byte) 0xfd, 0x03};
    }

    /** TPKT + X.224 Connection Request with cookie and RDP_NEG_REQ asking for TLS and CredSSP. */
    public static byte[] rdpConnectionRequest(String user) {
        byte[] cookie = text("Cookie: mstshash=" + user + "\r\n");
        int x224Len = 6 + cookie.length + 8;
        Bytes b = new Bytes(64);
        b.u8(3).u8(0).u16(4 + 1 + x224Len);
        b.u8(x224Len).u8(0xe0).u16(0).u16(0).u8(0);
        b.bytes(cookie);
        b.u8(1).u8(0).u16le(8).u32le(3);
        return b.toArray();
    }

    /** TPKT + X.224 Connection Confirm selecting CredSSP (PROTOCOL_HYBRID). */
    public static byte[] rdpConnectionConfirm() {
        Bytes b = new Bytes(24);
        b.u8(3).u8(0).u16(19);
        b.u8(14).u8(0xd0).u16(0).u16(0x1234).u8(0);
        b.u8(2).u8(0x1f).u16le(8).u32le(2);
        return b.toArray();
    }
}
