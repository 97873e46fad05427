package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Kerberos v5 (RFC 4120) as a domain workstation's user logon uses it ([MS-KILE] 3.1.5.1): an AS-REQ
 * for {@code krbtgt/REALM} without pre-authentication, answered KRB-ERROR KDC_ERR_PREAUTH_REQUIRED (25),
 * then the AS-REQ again with PA-ENC-TIMESTAMP, answered by an AS-REP. Over TCP each message has the
 * 4-byte length prefix of RFC 4120 7.2.2. Encrypted parts (timestamp, ticket, reply) are random bytes
 * of plausible length: nothing decrypts them. Requested encryption types: AES256, AES128, RC4-HMAC.
 */
public final class Kerberos {
    public static final int KDC_ERR_PREAUTH_REQUIRED = 25;
    private static final int[] ETYPES = {18, 17, 23};
    private static final DateTimeFormatter KERBEROS_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Kerberos() {
    }

    /** AS-REQ for {@code user@realm}; with {@code preauth} it carries PA-ENC-TIMESTAMP (random cipher). */
    public static byte[] asReq(SplittableRandom rng, String realm, String user, long nowNanos, long nonce, boolean preauth) {
        byte[] padata = preauth
                ? Smb2.concat(paData(2, encryptedData(rng, 18, -1, 56)), paData(128, Smb2.der(0x30, Smb2.der(0xa0, bool(true)))))
                : paData(128, Smb2.der(0x30, Smb2.der(0xa0, bool(true))));
        byte[] etypes = new byte[0];
        for (int e : ETYPES) {
            etypes = Smb2.concat(etypes, integer(e));
        }
        byte[] body = Smb2.der(0x30, Smb2.concat(
                Smb2.der(0xa0, Smb2.der(0x03, new byte[] {0, 0x40, (byte) 0x81, 0, 0x10})), // forwardable, renewable, canonicalize, renewable-ok
                Smb2.der(0xa1, principal(1, user)),
                Smb2.der(0xa2, string(realm)),
                Smb2.der(0xa3, principal(2, "krbtgt", realm)),
                Smb2.der(0xa5, time(nowNanos + 10L * 3600 * 1_000_000_000L)),
                Smb2.der(0xa6, time(nowNanos + 7L * 24 * 3600 * 1_000_000_000L)),
                Smb2.der(0xa7, integer(nonce & 0x7fffffffL)),
                Smb2.der(0xa8, Smb2.der(0x30, etypes))));
        byte[] req = Smb2.der(0x6a, Smb2.der(0x30, Smb2.concat(
                Smb2.der(0xa1, integer(5)),
                Smb2.der(0xa2, integer(10)),
                Smb2.der(0xa3, Smb2.der(0x30, padata)),
                Smb2.der(0xa4, body))));
        return tcp(req);
    }

    /** KRB-ERROR {@code code} from the KDC for the request of {@code user}. */
    public static byte[] error(String realm, String user, long nowNanos, int code) {
        byte[] e = Smb2.der(0x7e, Smb2.der(0x30, Smb2.concat(
                Smb2.der(0xa0, integer(5)),
                Smb2.der(0xa1, integer(30)),
                Smb2.der(0xa4, time(nowNanos)),
                Smb2.der(0xa5, integer((nowNanos / 1000) % 1_000_000)),
                Smb2.der(0xa6, integer(code)),
                Smb2.der(0xa7, string(realm)),
                Smb2.der(0xa8, principal(1, user)),
                Smb2.der(0xa9, string(realm)),
                Smb2.der(0xaa, principal(2, "krbtgt", realm)))));
        return tcp(e);
    }

    /** AS-REP: the ticket-granting ticket for {@code user} (ticket and reply encrypted parts random). */
    public static byte[] asRep(SplittableRandom rng, String realm, String user) {
        byte[] ticket = Smb2.der(0x61, Smb2.der(0x30, Smb2.concat(
                Smb2.der(0xa0, integer(5)),
                Smb2.der(0xa1, string(realm)),
                Smb2.der(0xa2, principal(2, "krbtgt", realm)),
                Smb2.der(0xa3, encryptedData(rng, 18, 2, 1000 + rng.nextInt(200))))));
        byte[] rep = Smb2.der(0x6b, Smb2.der(0x30, Smb2.concat(
                Smb2.der(0xa0, integer(5)),
                Smb2.der(0xa1, integer(11)),
                Smb2.der(0xa3, string(realm)),
                Smb2.der(0xa4, principal(1, user)),
                Smb2.der(0xa5, ticket),
                Smb2.der(0xa6, encryptedData(rng, 18, 3, 300 + rng.nextInt(40))))));
        return tcp(rep);
    }

    private static byte[] tcp(byte[] message) {
        return new Bytes(message.length + 4).u32(message.length).bytes(message).toArray();
    }

    private static byte[] paData(int type, byte[] value) {
        return Smb2.der(0x30, Smb2.concat(Smb2.der(0xa1, integer(type)), Smb2.der(0xa2, Smb2.der(0x04, value))));
    }

    private static byte[] encryptedData(SplittableRandom rng, int etype, int kvno, int length) {
        byte[] cipher = new byte[length];
        for (int i = 0; i < length; i++) {
            cipher[i] = (byte) rng.nextInt(256);
        }
        byte[] kv = kvno < 0 ? new byte[0] : Smb2.der(0xa1, integer(kvno));
        return Smb2.der(0x30, Smb2.concat(Smb2.der(0xa0, integer(etype)), kv, Smb2.der(0xa2, Smb2.der(0x04, cipher))));
    }

    private static byte[] principal(int nameType, String... parts) {
        byte[] names = new byte[0];
        for (String p : parts) {
            names = Smb2.concat(names, string(p));
        }
        return Smb2.der(0x30, Smb2.concat(Smb2.der(0xa0, integer(nameType)), Smb2.der(0xa1, Smb2.der(0x30, names))));
    }

    private static byte[] string(String s) {
        return Smb2.der(0x1b, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] time(long nanos) {
        return Smb2.der(0x18, KERBEROS_TIME.format(Instant.ofEpochSecond(0, nanos)).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bool(boolean v) {
        return Smb2.der(0x01, new byte[] {(byte) (v ? 0xff : 0)});
    }

    /** DER INTEGER, minimal two's complement (non-negative values here). */
    static byte[] integer(long v) {
        int n = 1;
        while (n < 8 && (v >> (8 * n - 1)) != 0 && (v >> (8 * n - 1)) != -1) {
            n++;
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[n - 1 - i] = (byte) (v >> (8 * i));
        }
        return Smb2.der(0x02, b);
    }
}
