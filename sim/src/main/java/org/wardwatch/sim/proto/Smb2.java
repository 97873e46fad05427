package org.wardwatch.sim.proto;

import java.util.SplittableRandom;

/**
 * SMB 2/3 over direct TCP 445 ([MS-SMB2] 2.1: a 4-byte length prefix, no NetBIOS session setup):
 * NEGOTIATE (dialects 2.0.2 to 3.0.2, so no negotiate contexts are needed), SESSION_SETUP with
 * NTLMSSP ([MS-NLMP] 2.2.1) inside SPNEGO (RFC 4178) in three legs, TREE_CONNECT, CREATE, WRITE,
 * READ and CLOSE. Messages are unsigned; credits are granted one per request. The CHALLENGE names
 * the server's NetBIOS and DNS names in its AV pairs, as Windows does.
 */
public final class Smb2 {
    public static final int NEGOTIATE = 0;
    public static final int SESSION_SETUP = 1;
    public static final int TREE_CONNECT = 3;
    public static final int CREATE = 5;
    public static final int CLOSE = 6;
    public static final int READ = 8;
    public static final int WRITE = 9;
    public static final long STATUS_SUCCESS = 0;
    public static final long STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016L;
    public static final long STATUS_LOGON_FAILURE = 0xC000006DL;
    private static final byte[] SPNEGO_OID = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    private static final byte[] NTLMSSP_OID = {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
    private static final long NTLM_FLAGS = 0xe2088297L;

    private Smb2() {
    }

    /**
     * The Windows release a peer runs, as NTLM's VERSION field carries it ([MS-NLMP] 2.2.2.10:
     * ProductMajorVersion, ProductMinorVersion, ProductBuild) and as it bounds the SMB2 dialects the
     * client offers ([MS-SMB2] 1.7: Windows 7 speaks 2.0.2 and 2.1, Windows 8.1 up to 3.0.2).
     */
    public record WindowsVersion(int major, int minor, int build) {
        /** Windows 10 version 2004 (10.0.19041), the default of clients whose profile names no release. */
        public static final WindowsVersion WINDOWS_10_2004 = new WindowsVersion(10, 0, 19041);
        /** Windows Server 2019 (10.0.17763), what the simulated Windows servers answer with. */
        public static final WindowsVersion SERVER_2019 = new WindowsVersion(10, 0, 17763);

        /** Dialects a client of this release offers in NEGOTIATE (3.1.1 is never offered: no negotiate contexts). */
        public int[] clientDialects() {
            boolean smb3 = major > 6 || (major == 6 && minor >= 2);
            if (!smb3) {
                return new int[] {0x0202, 0x0210};
            }
            boolean smb302 = major > 6 || minor >= 3;
            return smb302 ? new int[] {0x0202, 0x0210, 0x0300, 0x0302} : new int[] {0x0202, 0x0210, 0x0300};
        }

        /** The dialect a Windows Server 2019 peer selects: the highest one offered. */
        public int selectedDialect() {
            int[] d = clientDialects();
            return d[d.length - 1];
        }

        private void write(Bytes b) {
            b.u8(major).u8(minor).u16le(build).zeros(3).u8(15);
        }
    }

    /** One SMB2 header + body, framed for direct TCP. */
    private static byte[] frame(int command, boolean response, long status, long messageId, long treeId, long sessionId,
                                byte[] body) {
        Bytes b = new Bytes(body.length + 68);
        b.u32(64 + body.length);
        b.u8(0xfe).ascii("SMB").u16le(64).u16le(1).u32le(status).u16le(command).u16le(1);
        b.u32le(response ? 1 : 0).u32le(0).u64le(messageId).u32le(0xfeff).u32le(treeId).u64le(sessionId).zeros(16);
        b.bytes(body);
        return b.toArray();
    }

    public static byte[] negotiateRequest(SplittableRandom rng, WindowsVersion client) {
        Bytes b = new Bytes(64);
        int[] dialects = client.clientDialects();
        b.u16le(36).u16le(dialects.length).u16le(1).u16le(0).u32le(0x7f);
        random(b, rng, 16);
        b.u64le(0);
        for (int d : dialects) {
            b.u16le(d);
        }
        return frame(NEGOTIATE, false, 0, 0, 0, 0, b.toArray());
    }

    public static byte[] negotiateResponse(SplittableRandom rng, long nowFiletime, int dialect) {
        byte[] blob = spnegoInitMechs();
        Bytes b = new Bytes(160);
        b.u16le(65).u16le(1).u16le(dialect).u16le(0);
        random(b, rng, 16);
        b.u32le(0x2f).u32le(8_388_608).u32le(8_388_608).u32le(8_388_608);
        b.u64le(nowFiletime).u64le(0);
        b.u16le(64 + 64).u16le(blob.length).u32le(0);
        b.bytes(blob);
        return frame(NEGOTIATE, true, 0, 0, 0, 0, b.toArray());
    }

    /** Leg 1: SPNEGO NegTokenInit carrying NTLMSSP NEGOTIATE. */
    public static byte[] sessionSetupNegotiate(long messageId, WindowsVersion client) {
        Bytes n = new Bytes(40).ascii("NTLMSSP").u8(0).u32le(1).u32le(NTLM_FLAGS).zeros(16);
        client.write(n);
        byte[] ntlm = n.toArray();
        byte[] token = der(0x60, concat(der(0x06, SPNEGO_OID), der(0xa0, der(0x30, concat(
                der(0xa0, der(0x30, der(0x06, NTLMSSP_OID))),
                der(0xa2, der(0x04, ntlm)))))));
        return sessionSetupRequest(messageId, 0, token);
    }

    /** Leg 2 answer: NTLMSSP CHALLENGE naming the server. */
    public static byte[] sessionSetupChallenge(SplittableRandom rng, long messageId, long sessionId, String nbDomain,
                                               String nbComputer, String dnsDomain, long nowFiletime) {
        byte[] target = nbDomain.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        Bytes av = new Bytes(256);
        avPair(av, 2, nbDomain);
        avPair(av, 1, nbComputer);
        avPair(av, 4, dnsDomain);
        avPair(av, 3, nbComputer.toLowerCase(java.util.Locale.ROOT) + "." + dnsDomain);
        av.u16le(7).u16le(8).u64le(nowFiletime);
        av.u16le(0).u16le(0);
        byte[] info = av.toArray();
        Bytes n = new Bytes(128 + info.length);
        int payload = 56;
        n.ascii("NTLMSSP").u8(0).u32le(2);
        n.u16le(target.length).u16le(target.length).u32le(payload);
        n.u32le(NTLM_FLAGS);
        random(n, rng, 8);
        n.zeros(8);
        n.u16le(info.length).u16le(info.length).u32le(payload + target.length);
        WindowsVersion.SERVER_2019.write(n);
        n.bytes(target).bytes(info);
        byte[] token = der(0xa1, der(0x30, concat(der(0xa0, der(0x0a, new byte[] {1})),
                der(0xa1, der(0x06, NTLMSSP_OID)), der(0xa2, der(0x04, n.toArray())))));
        return sessionSetupResponse(STATUS_MORE_PROCESSING_REQUIRED, messageId, sessionId, token);
    }

    /** Leg 3: NTLMSSP AUTHENTICATE (NTLMv2) for {@code domain\\user} from {@code workstation}. */
    public static byte[] sessionSetupAuthenticate(SplittableRandom rng, long messageId, long sessionId, String domain,
                                                  String user, String workstation, WindowsVersion client, long nowFiletime) {
        byte[] d = domain.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] u = user.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] w = workstation.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        Bytes nt = new Bytes(128);
        random(nt, rng, 16); // NTProofStr
        nt.u8(1).u8(1).zeros(6).u64le(nowFiletime);
        random(nt, rng, 8);
        nt.zeros(4);
        avPair(nt, 2, domain);
        nt.u16le(0).u16le(0);
        nt.zeros(4);
        byte[] ntResp = nt.toArray();
        byte[] lm = new byte[24];
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) rng.nextInt(256);
        }
        int off = 88;
        Bytes a = new Bytes(256);
        a.ascii("NTLMSSP").u8(0).u32le(3);
        int lmOff = off;
        int ntOff = lmOff + lm.length;
        int dOff = ntOff + ntResp.length;
        int uOff = dOff + d.length;
        int wOff = uOff + u.length;
        int kOff = wOff + w.length;
        a.u16le(lm.length).u16le(lm.length).u32le(lmOff);
        a.u16le(ntResp.length).u16le(ntResp.length).u32le(ntOff);
        a.u16le(d.length).u16le(d.length).u32le(dOff);
        a.u16le(u.length).u16le(u.length).u32le(uOff);
        a.u16le(w.length).u16le(w.length).u32le(wOff);
        a.u16le(key.length).u16le(key.length).u32le(kOff);
        a.u32le(NTLM_FLAGS);
        client.write(a);
        random(a, rng, 16); // MIC
        a.bytes(lm).bytes(ntResp).bytes(d).bytes(u).bytes(w).bytes(key);
        byte[] token = der(0xa1, der(0x30, der(0xa2, der(0x04, a.toArray()))));
        return sessionSetupRequest(messageId, sessionId, token);
    }

    /** Leg 3 answer: success (accept-completed) or STATUS_LOGON_FAILURE with no token. */
    public static byte[] sessionSetupResult(long messageId, long sessionId, boolean success) {
        byte[] token = success ? der(0xa1, der(0x30, der(0xa0, der(0x0a, new byte[] {0})))) : new byte[0];
        return sessionSetupResponse(success ? STATUS_SUCCESS : STATUS_LOGON_FAILURE, messageId, sessionId, token);
    }

    private static byte[] sessionSetupRequest(long messageId, long sessionId, byte[] token) {
        Bytes b = new Bytes(token.length + 32);
        b.u16le(25).u8(0).u8(1).u32le(1).u32le(0).u16le(64 + 24).u16le(token.length).u64le(0);
        b.bytes(token);
        return frame(SESSION_SETUP, false, 0, messageId, 0, sessionId, b.toArray());
    }

    private static byte[] sessionSetupResponse(long status, long messageId, long sessionId, byte[] token) {
        Bytes b = new Bytes(token.length + 16);
        b.u16le(9).u16le(0).u16le(token.length == 0 ? 0 : 64 + 8).u16le(token.length);
        if (token.length == 0) {
            b.u8(0); // StructureSize 9 counts one byte of buffer
        }
        b.bytes(token);
        return frame(SESSION_SETUP, true, status, messageId, 0, sessionId, b.toArray());
    }

    public static byte[] treeConnectRequest(long messageId, long sessionId, String uncPath) {
        byte[] p = uncPath.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        Bytes b = new Bytes(p.length + 16);
        b.u16le(9).u16le(0).u16le(64 + 8).u16le(p.length).bytes(p);
        return frame(TREE_CONNECT, false, 0, messageId, 0, sessionId, b.toArray());
    }

    public static byte[] treeConnectResponse(long messageId, long sessionId, long treeId) {
        Bytes b = new Bytes(16);
        b.u16le(16).u8(1).u8(0).u32le(0x800).u32le(0).u32le(0x001f01ff);
        return frame(TREE_CONNECT, true, 0, messageId, treeId, sessionId, b.toArray());
    }

    /** CREATE opening (or overwriting, {@code write}) a file. */
    public static byte[] createRequest(long messageId, long sessionId, long treeId, String name, boolean write) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        Bytes b = new Bytes(n.length + 64);
        b.u16le(57).u8(0).u8(0).u32le(2).u64le(0).u64le(0);
        b.u32le(write ? 0x0012019fL : 0x00120089L); // DesiredAccess: generic read/write rights
        b.u32le(0x80).u32le(write ? 0 : 1).u32le(write ? 5 : 1).u32le(0x40); // attrs NORMAL, share, disposition OVERWRITE_IF/OPEN, NON_DIRECTORY_FILE
        b.u16le(64 + 56).u16le(n.length).u32le(0).u32le(0);
        b.bytes(n);
        if (n.length == 0) {
            b.u8(0);
        }
        return frame(CREATE, false, 0, messageId, treeId, sessionId, b.toArray());
    }

    public static byte[] createResponse(long messageId, long sessionId, long treeId, long fileId, long nowFiletime,
                                        long size, boolean created) {
        Bytes b = new Bytes(96);
        b.u16le(89).u8(0).u8(0).u32le(created ? 2 : 1);
        b.u64le(nowFiletime).u64le(nowFiletime).u64le(nowFiletime).u64le(nowFiletime);
        b.u64le((size + 4095) / 4096 * 4096).u64le(size).u32le(0x80).u32le(0);
        b.u64le(fileId).u64le(fileId ^ 0x5a5a5a5aL);
        b.u32le(0).u32le(0);
        return frame(CREATE, true, 0, messageId, treeId, sessionId, b.toArray());
    }

    /** WRITE request header; the caller appends {@code length} data bytes (see {@link #writeHeaderLength}). */
    public static byte[] writeRequestHeader(long messageId, long sessionId, long treeId, long fileId, long offset, int length) {
        Bytes b = new Bytes(52);
        b.u32(64 + 48 + length);
        b.u8(0xfe).ascii("SMB").u16le(64).u16le(1).u32le(0).u16le(WRITE).u16le(1);
        b.u32le(0).u32le(0).u64le(messageId).u32le(0xfeff).u32le(treeId).u64le(sessionId).zeros(16);
        b.u16le(49).u16le(64 + 48).u32le(length).u64le(offset).u64le(fileId).u64le(fileId ^ 0x5a5a5a5aL);
        b.u32le(0).u32le(0).u16le(0).u16le(0).u32le(0);
        return b.toArray();
    }

    public static int writeHeaderLength() {
        return 4 + 64 + 48;
    }

    public static byte[] writeResponse(long messageId, long sessionId, long treeId, int count) {
        Bytes b = new Bytes(20);
        b.u16le(17).u16le(0).u32le(count).u32le(0).u16le(0).u16le(0);
        b.u8(0);
        return frame(WRITE, true, 0, messageId, treeId, sessionId, b.toArray());
    }

    public static byte[] readRequest(long messageId, long sessionId, long treeId, long fileId, long offset, int length) {
        Bytes b = new Bytes(52);
        b.u16le(49).u8(0x50).u8(0).u32le(length).u64le(offset).u64le(fileId).u64le(fileId ^ 0x5a5a5a5aL);
        b.u32le(1).u32le(0).u32le(0).u16le(0).u16le(0).u8(0);
        return frame(READ, false, 0, messageId, treeId, sessionId, b.toArray());
    }

    /** READ response header; the caller appends {@code length} data bytes. */
    public static byte[] readResponseHeader(long messageId, long sessionId, long treeId, int length) {
        Bytes b = new Bytes(84);
        b.u32(64 + 16 + length);
        b.u8(0xfe).ascii("SMB").u16le(64).u16le(1).u32le(0).u16le(READ).u16le(1);
        b.u32le(1).u32le(0).u64le(messageId).u32le(0xfeff).u32le(treeId).u64le(sessionId).zeros(16);
        b.u16le(17).u8(0x50).u8(0).u32le(length).u32le(0).u32le(0);
        return b.toArray();
    }

    public static byte[] closeRequest(long messageId, long sessionId, long treeId, long fileId) {
        Bytes b = new Bytes(24);
        b.u16le(24).u16le(0).u32le(0).u64le(fileId).u64le(fileId ^ 0x5a5a5a5aL);
        return frame(CLOSE, false, 0, messageId, treeId, sessionId, b.toArray());
    }

    public static byte[] closeResponse(long messageId, long sessionId, long treeId) {
        Bytes b = new Bytes(60);
        b.u16le(60).u16le(0).u32le(0).zeros(52);
        return frame(CLOSE, true, 0, messageId, treeId, sessionId, b.toArray());
    }

    /** Windows FILETIME (100 ns ticks since 1601-01-01) of a Unix time in nanoseconds. */
    public static long filetime(long unixNanos) {
        return unixNanos / 100 + 116_444_736_000_000_000L;
    }

    private static byte[] spnegoInitMechs() {
        return der(0x60, concat(der(0x06, SPNEGO_OID), der(0xa0, der(0x30, der(0xa0, der(0x30, der(0x06, NTLMSSP_OID)))))));
    }

    private static void avPair(Bytes b, int id, String value) {
        byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        b.u16le(id).u16le(v.length).bytes(v);
    }

    /** A DER TLV (X.690 8.1): definite length, short or long form. */
    static byte[] der(int tag, byte[] value) {
        Bytes b = new Bytes(value.length + 6);
        b.u8(tag);
        int n = value.length;
        if (n < 128) {
            b.u8(n);
        } else if (n < 256) {
            b.u8(0x81).u8(n);
        } else if (n < 65536) {
            b.u8(0x82).u16(n);
        } else {
            b.u8(0x83).u24(n);
        }
        return b.bytes(value).toArray();
    }

    static byte[] concat(byte[]... parts) {
        Bytes b = new Bytes(256);
        for (byte[] p : parts) {
            b.bytes(p);
        }
        return b.toArray();
    }

    private static void random(Bytes b, SplittableRandom rng, int n) {
        for (int i = 0; i < n; i++) {
            b.u8(rng.nextInt(256));
        }
    }
}
