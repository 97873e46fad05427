package org.wardwatch.protocols.infratest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Well-formed messages of the infrastructure protocols, built here byte by byte from their
 * specifications (no captured bytes): for unit tests, split-at-every-offset tests, the odd-port
 * detection test and the fuzz seeds. Each builder names the clause it follows.
 */
public final class InfraSamples {
    private InfraSamples() {
    }

    // ---------------------------------------------------------------- bytes

    /** Concatenation of byte arrays, ints (one byte each) and strings (ASCII). */
    public static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    public static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    public static byte[] u16le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    public static byte[] u32le(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    public static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static byte[] utf16le(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    public static byte[] zeros(int n) {
        return new byte[n];
    }

    /** A DER element: tag, definite length (short or long form), content. */
    public static byte[] der(int tag, byte[]... content) {
        byte[] c = bytes((Object[]) content);
        int n = c.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n} : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >>> 8), (byte) n};
        return bytes(tag, len, c);
    }

    public static byte[] derInt(long v) {
        if (v >= 0 && v < 0x80) {
            return der(0x02, new byte[] {(byte) v});
        }
        if (v >= 0 && v < 0x8000) {
            return der(0x02, u16((int) v));
        }
        return der(0x02, u32(v));
    }

    public static byte[] derString(int tag, String s) {
        return der(tag, s.getBytes(StandardCharsets.UTF_8));
    }

    /** An OBJECT IDENTIFIER from dotted text (X.690 8.19). */
    public static byte[] derOid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long v = Long.parseLong(arcs[i]);
            int groups = 1;
            while ((v >>> (7 * groups)) != 0) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((v >>> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
            }
        }
        return der(0x06, out.toByteArray());
    }

    // ---------------------------------------------------------------- SMB ([MS-SMB2], [MS-CIFS], [MS-NLMP])

    /** NetBIOS session message header (RFC 1002 4.3.1 / [MS-SMB2] 2.1). */
    public static byte[] nbss(byte[] smb) {
        return bytes(0, (smb.length >>> 16) & 0xFF, (smb.length >>> 8) & 0xFF, smb.length & 0xFF, smb);
    }

    /** SMB2 header ([MS-SMB2] 2.2.1.2), 64 bytes. */
    public static byte[] smb2Header(int command, boolean response, long status) {
        return bytes(0xFE, "SMB", u16le(64), u16le(0), u32le(status), u16le(command), u16le(1), u32le(response ? 1 : 0),
                u32le(0), zeros(8), zeros(4), zeros(4), zeros(8), zeros(16));
    }

    /** SMB2 NEGOTIATE request offering 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1 ([MS-SMB2] 2.2.3). */
    public static byte[] smb2NegotiateRequest() {
        int[] dialects = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        for (int x : dialects) {
            d.writeBytes(u16le(x));
        }
        return nbss(bytes(smb2Header(0, false, 0), u16le(36), u16le(dialects.length), u16le(1), u16le(0), u32le(0x7F), zeros(16),
                zeros(8), d.toByteArray()));
    }

    /** SMB2 NEGOTIATE response choosing 3.1.1, signing required ([MS-SMB2] 2.2.4). */
    public static byte[] smb2NegotiateResponse() {
        return nbss(bytes(smb2Header(0, true, 0), u16le(65), u16le(0x03), u16le(0x0311), u16le(0),
                bytes(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00),
                u32le(0x2F), u32le(8388608), u32le(8388608), u32le(8388608), zeros(8), zeros(8), u16le(128), u16le(0), u32le(0)));
    }

    /** NTLMSSP CHALLENGE ([MS-NLMP] 2.2.1.2) naming server WS-PUMPS in domain HOSPITAL, Windows 10.0.19041. */
    public static byte[] ntlmChallenge() {
        byte[] target = utf16le("HOSPITAL");
        byte[] info = bytes(u16le(2), u16le(utf16le("HOSPITAL").length), utf16le("HOSPITAL"),
                u16le(1), u16le(utf16le("WS-PUMPS").length), utf16le("WS-PUMPS"),
                u16le(4), u16le(utf16le("hospital.example").length), utf16le("hospital.example"),
                u16le(3), u16le(utf16le("ws-pumps.hospital.example").length), utf16le("ws-pumps.hospital.example"),
                u16le(5), u16le(utf16le("hospital.example").length), utf16le("hospital.example"),
                u16le(7), u16le(8), zeros(8),
                u16le(0), u16le(0));
        int targetOff = 56;
        int infoOff = targetOff + target.length;
        long flags = 0x00000001L | 0x00000200L | 0x00800000L | 0x02000000L | 0x00020000L;
        return bytes("NTLMSSP", 0, u32le(2), u16le(target.length), u16le(target.length), u32le(targetOff), u32le(flags),
                bytes(1, 2, 3, 4, 5, 6, 7, 8), zeros(8), u16le(info.length), u16le(info.length), u32le(infoOff),
                10, 0, u16le(19041), 0, 0, 0, 15, target, info);
    }

    /** NTLMSSP AUTHENTICATE ([MS-NLMP] 2.2.1.3) from workstation NURSE-PC-12 (user name present, NTLMv2 length). */
    public static byte[] ntlmAuthenticate() {
        byte[] lm = zeros(24);
        byte[] nt = zeros(48);
        byte[] domain = utf16le("HOSPITAL");
        byte[] user = utf16le("jdoe");
        byte[] ws = utf16le("NURSE-PC-12");
        int off = 88;
        int lmOff = off;
        int ntOff = lmOff + lm.length;
        int dOff = ntOff + nt.length;
        int uOff = dOff + domain.length;
        int wOff = uOff + user.length;
        long flags = 0x00000001L | 0x00000200L | 0x02000000L;
        return bytes("NTLMSSP", 0, u32le(3), u16le(lm.length), u16le(lm.length), u32le(lmOff), u16le(nt.length), u16le(nt.length),
                u32le(ntOff), u16le(domain.length), u16le(domain.length), u32le(dOff), u16le(user.length), u16le(user.length),
                u32le(uOff), u16le(ws.length), u16le(ws.length), u32le(wOff), u16le(0), u16le(0), u32le(wOff + ws.length),
                u32le(flags), 10, 0, u16le(22621), 0, 0, 0, 15, zeros(16), lm, nt, domain, user, ws);
    }

    /** SMB2 SESSION_SETUP response carrying {@code token} ([MS-SMB2] 2.2.6), status MORE_PROCESSING_REQUIRED. */
    public static byte[] smb2SessionSetupResponse(byte[] token) {
        return nbss(bytes(smb2Header(1, true, 0xC0000016L), u16le(9), u16le(0), u16le(72), u16le(token.length), token));
    }

    /** SMB2 SESSION_SETUP request carrying {@code token} ([MS-SMB2] 2.2.5). */
    public static byte[] smb2SessionSetupRequest(byte[] token) {
        return nbss(bytes(smb2Header(1, false, 0), u16le(25), 0, 1, u32le(1), u32le(0), u16le(88), u16le(token.length), zeros(8),
                token));
    }

    /** SMB1 NEGOTIATE request offering NT LM 0.12 and SMB 2.002 ([MS-CIFS] 2.2.4.52.1). */
    public static byte[] smb1NegotiateRequest() {
        byte[] dialects = bytes(2, "NT LM 0.12", 0, 2, "SMB 2.002", 0);
        return nbss(bytes(0xFF, "SMB", 0x72, u32le(0), 0x18, u16le(0xC853), zeros(2), zeros(8), zeros(2), zeros(2), u16le(0xFEFF),
                zeros(2), zeros(2), 0, u16le(dialects.length), dialects));
    }

    // ---------------------------------------------------------------- Kerberos (RFC 4120 5.4.1)

    /** AS-REQ from host/ws01 of realm HOSPITAL.EXAMPLE for krbtgt, etypes 18, 17, 23. */
    public static byte[] kerberosAsReq() {
        byte[] cname = der(0x30, der(0xa0, derInt(1)), der(0xa1, der(0x30, derString(0x1b, "nurse01"))));
        byte[] sname = der(0x30, der(0xa0, derInt(2)), der(0xa1, der(0x30, derString(0x1b, "krbtgt"), derString(0x1b, "HOSPITAL.EXAMPLE"))));
        byte[] body = der(0x30, der(0xa0, der(0x03, bytes(0, 0x40, 0x81, 0, 0x10))), der(0xa1, cname),
                der(0xa2, derString(0x1b, "HOSPITAL.EXAMPLE")), der(0xa3, sname),
                der(0xa5, derString(0x18, "20370913024805Z")), der(0xa7, derInt(12345678)),
                der(0xa8, der(0x30, derInt(18), derInt(17), derInt(23))));
        return der(0x6a, der(0x30, der(0xa1, derInt(5)), der(0xa2, derInt(10)), der(0xa4, body)));
    }

    /** The same AS-REQ framed for TCP (RFC 4120 7.2.2). */
    public static byte[] kerberosAsReqTcp() {
        byte[] m = kerberosAsReq();
        return bytes(u32(m.length), m);
    }

    // ---------------------------------------------------------------- SNMP (RFC 3416)

    public static byte[] snmpV2cGet(String community) {
        byte[] vbs = der(0x30, der(0x30, derOid("1.3.6.1.2.1.1.1.0"), der(0x05)), der(0x30, derOid("1.3.6.1.2.1.1.5.0"), der(0x05)));
        return der(0x30, derInt(1), derString(0x04, community), der(0xa0, derInt(4242), derInt(0), derInt(0), vbs));
    }

    public static byte[] snmpV2cResponse(String community) {
        byte[] vbs = der(0x30, der(0x30, derOid("1.3.6.1.2.1.1.1.0"), derString(0x04, "Infusion gateway IG-200 fw 4.2.1")),
                der(0x30, derOid("1.3.6.1.2.1.1.2.0"), derOid("1.3.6.1.4.1.99999.1.2")),
                der(0x30, derOid("1.3.6.1.2.1.1.5.0"), derString(0x04, "ig200-ward3b")));
        return der(0x30, derInt(1), derString(0x04, community), der(0xa2, derInt(4242), derInt(0), derInt(0), vbs));
    }

    // ---------------------------------------------------------------- NTP (RFC 5905 7.3)

    public static byte[] ntpClient() {
        return bytes(0x23, 0, 6, 0xEC, zeros(44));
    }

    public static byte[] ntpServer() {
        return bytes(0x24, 1, 6, 0xEC, zeros(8), "GPS", 0, zeros(32));
    }

    // ---------------------------------------------------------------- syslog

    public static byte[] syslog3164() {
        return bytes("<134>Mar  9 04:44:27 pump-gw-07 alarmd[311]: occlusion cleared on channel B");
    }

    public static byte[] syslog5424() {
        return bytes("<165>1 2026-11-30T10:00:00.000Z monitor-12.ward3b vitals 4711 ID47 - patient alarm text");
    }

    // ---------------------------------------------------------------- MQTT 3.1.1 (OASIS, section 3)

    public static byte[] mqttConnect(String clientId, boolean credentials) {
        byte[] payload = bytes(u16(clientId.length()), clientId,
                credentials ? bytes(u16(7), "ward7op", u16(6), "s3cret") : new byte[0]);
        byte[] variable = bytes(u16(4), "MQTT", 4, credentials ? 0xC2 : 0x02, u16(60));
        byte[] rest = bytes(variable, payload);
        return bytes(0x10, rest.length, rest);
    }

    public static byte[] mqttConnack() {
        return bytes(0x20, 2, 0, 0);
    }

    public static byte[] mqttPublish(String topic, String payload) {
        byte[] rest = bytes(u16(topic.length()), topic, payload);
        return bytes(0x30, rest.length, rest);
    }

    public static byte[] mqttSubscribe(String filter) {
        byte[] rest = bytes(u16(1), u16(filter.length()), filter, 1);
        return bytes(0x82, rest.length, rest);
    }

    // ---------------------------------------------------------------- CoAP (RFC 7252 3, RFC 6690)

    /** CON GET /.well-known/core, message id 0x1234, token 0xAB. */
    public static byte[] coapGetWellKnownCore() {
        return bytes(0x41, 0x01, 0x12, 0x34, 0xAB, 0xBB, ".well-known", 0x04, "core");
    }

    /** ACK 2.05 Content, Content-Format 40, a link-format body. */
    public static byte[] coapLinkFormatResponse() {
        return bytes(0x61, 0x45, 0x12, 0x34, 0xAB, 0xC1, 40, 0xFF, "</sensors/spo2>;rt=\"oximeter\";if=\"sensor\",</fw>;rt=\"firmware\"");
    }

    // ---------------------------------------------------------------- BACnet/IP (ASHRAE 135 J.2, 6.2, 20.1, 16.10.3)

    /** Original-Broadcast-NPDU with I-Am device 260001, max APDU 1476, segmented-both, vendor 5. */
    public static byte[] bacnetIAm() {
        byte[] apdu = bytes(0x10, 0x00, 0xC4, 0x02, 0x03, 0xF7, 0xA1, 0x22, u16(1476), 0x91, 0x00, 0x21, 0x05);
        byte[] npdu = bytes(0x01, 0x20, u16(0xFFFF), 0x00, 0xFF, apdu);
        return bytes(0x81, 0x0B, u16(4 + npdu.length), npdu);
    }

    /** Original-Unicast-NPDU with a ReadProperty-ACK of device 260001's model-name "AHU-Controller X7". */
    public static byte[] bacnetModelNameAck() {
        byte[] name = bytes(0, "AHU-Controller X7");
        byte[] apdu = bytes(0x30, 0x07, 0x0C, 0x0C, 0x02, 0x03, 0xF7, 0xA1, 0x19, 70, 0x3E, 0x75, name.length, name, 0x3F);
        byte[] npdu = bytes(0x01, 0x00, apdu);
        return bytes(0x81, 0x0A, u16(4 + npdu.length), npdu);
    }

    // ---------------------------------------------------------------- Modbus/TCP (MBAP 3.1.3, PDU 6.3, 6.21)

    public static byte[] modbusReadHoldingRegisters() {
        return bytes(u16(1), u16(0), u16(6), 1, 0x03, u16(0), u16(10));
    }

    public static byte[] modbusReadHoldingRegistersResponse() {
        return bytes(u16(1), u16(0), u16(7), 1, 0x03, 4, u16(0x1234), u16(0x5678));
    }

    public static byte[] modbusReadDeviceIdRequest() {
        return bytes(u16(2), u16(0), u16(5), 1, 0x2B, 0x0E, 0x01, 0x00);
    }

    /** Read Device Identification response, basic objects (vendor, product code, revision). */
    public static byte[] modbusReadDeviceIdResponse() {
        byte[] pdu = bytes(0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 3, 0x00, 9, "Schneider", 0x01, 8, "BMX P342", 0x02, 4, "v3.2");
        return bytes(u16(2), u16(0), u16(1 + pdu.length), 1, pdu);
    }

    // ---------------------------------------------------------------- LLDP (802.1AB 8.5) and CDP

    /** An LLDPDU (after the Ethernet header): chassis MAC, port "gi1/0/7", TTL, names, capabilities, VLAN, MED inventory. */
    public static byte[] lldpdu() {
        return bytes(tlv(1, bytes(4, 0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x50)), tlv(2, bytes(5, "gi1/0/7")), tlv(3, u16(120)),
                tlv(4, bytes("Ward 3B bedside 7")), tlv(5, bytes("acc-sw-3b")), tlv(6, bytes("Switch OS 15.2(7)E\nrelease build")),
                tlv(7, bytes(u16(0x0014), u16(0x0014))), tlv(8, bytes(5, 1, 10, 20, 30, 40, 2, u32(7), 0)),
                tlv(127, bytes(0x00, 0x80, 0xC2, 1, u16(30))), tlv(127, bytes(0x00, 0x12, 0xBB, 9, "Philips")),
                tlv(127, bytes(0x00, 0x12, 0xBB, 10, "IntelliVue MX450")), tlv(0, new byte[0]));
    }

    private static byte[] tlv(int type, byte[] value) {
        return bytes(u16((type << 9) | value.length), value);
    }

    /** A CDPv2 frame from its LLC/SNAP header on: device id, addresses, port, capabilities, software, platform, native VLAN. */
    public static byte[] cdpFrame() {
        byte[] addr = bytes(u32(1), 1, 1, 0xCC, u16(4), 10, 1, 2, 3);
        return bytes(0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x20, 0x00, 2, 180, u16(0),
                cdpTlv(1, bytes("SEP001122334455")), cdpTlv(2, addr), cdpTlv(3, bytes("Port 1")), cdpTlv(4, u32(0x90)),
                cdpTlv(5, bytes("SCCP 9.4(2)\nphone load")), cdpTlv(6, bytes("Cisco IP Phone 8845")), cdpTlv(0x0a, u16(300)));
    }

    private static byte[] cdpTlv(int type, byte[] value) {
        return bytes(u16(type), u16(4 + value.length), value);
    }
}
