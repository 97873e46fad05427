package org.wardwatch.protocols.tls;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.wardwatch.model.obs.tls.TlsCertificateSeen;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.model.obs.tls.TlsServerHelloSeen;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * TLS 1.0-1.3 handshakes over TCP (RFC 5246 section 7.4, RFC 8446 section 4): ClientHello →
 * {@link TlsClientHelloSeen} with JA3 and JA4, ServerHello (and HelloRetryRequest) →
 * {@link TlsServerHelloSeen} with JA3S, Certificate messages sent in cleartext (TLS ≤ 1.2, both
 * directions) → one {@link TlsCertificateSeen} per certificate, parsed with the JDK's
 * {@link CertificateFactory}.
 *
 * <p>Records are read as they come (a record is at most 2^14 + 2048 bytes); handshake messages may
 * span records and are reassembled in a per-direction buffer of at most {@value #MAX_HANDSHAKE} bytes.
 * A direction stops being parsed after its ChangeCipherSpec, and the whole flow after a TLS 1.3
 * ServerHello (the rest is encrypted) or when both directions are encrypted.
 *
 * <p>Detection: a handshake record header (type 22, version 3.x, plausible length) carrying a
 * ClientHello or ServerHello; port 443 and other TLS ports are hints.
 *
 * <p>Anomalies: {@code tls_bad_record}, {@code tls_record_too_long}, {@code tls_handshake_too_long},
 * {@code tls_hello_malformed}, {@code tls_extension_malformed}, {@code tls_certificate_malformed},
 * {@code tls_certificate_unparsable}, {@code tls_sslv2_hello}, {@code tls_gap}.
 *
 * <p>Known gaps: SSLv2-format hellos are counted, not parsed; DTLS and QUIC are not handled here;
 * encrypted ClientHello (ECH) inner hellos are invisible (the outer hello is reported).
 */
public final class TlsAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final int MAX_RECORD = 16384 + 2048;
    static final int MAX_HANDSHAKE = 64 * 1024;
    static final int MAX_CERTIFICATES = 8;
    static final int MAX_LIST = 128;
    /** Certificates repeat across handshakes (one server, many clients): parsed once per run of bytes. */
    private static final ParsedCertificates PARSED = new ParsedCertificates();
    private static final byte[] HRR_RANDOM = hexBytes("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    private final Direction client = new Direction(true);
    private final Direction server = new Direction(false);
    private boolean confirmed;
    private boolean finished;

    private static final class Direction {
        final boolean fromClient;
        byte[] hs;          // handshake bytes not yet parsed into messages
        int hsLength;
        boolean encrypted;

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
        }
    }

    @Override
    public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        Direction dir = fromClient ? client : server;
        int pos = off;
        int end = off + len;
        while (!finished && end - pos >= 5) {
            int type = d[pos] & 0xFF;
            int major = d[pos + 1] & 0xFF;
            int recLen = ((d[pos + 3] & 0xFF) << 8) | (d[pos + 4] & 0xFF);
            if (major != 3 || type < 20 || type > 24) {
                if (!confirmed && pos == off && (type & 0x80) != 0 && fromClient) {
                    ctx.anomaly("tls_sslv2_hello");
                }
                ctx.anomaly("tls_bad_record");
                stop(ctx, "not a TLS record");
                return len;
            }
            if (recLen > MAX_RECORD) {
                ctx.anomaly("tls_record_too_long");
                stop(ctx, "TLS record longer than allowed");
                return len;
            }
            if (end - pos - 5 < recLen) {
                break; // wait for the whole record
            }
            int body = pos + 5;
            switch (type) {
                case 22 -> {
                    if (!dir.encrypted) {
                        handshakeBytes(dir, d, body, recLen, ctx);
                    }
                }
                case 20 -> dir.encrypted = true;
                case 23 -> dir.encrypted = true; // application data: whatever follows is not readable
                default -> {
                    // alerts and heartbeats carry nothing for identification
                }
            }
            pos = body + recLen;
            if (client.encrypted && server.encrypted) {
                finish(ctx);
            }
        }
        return finished ? len : pos - off;
    }

    @Override
    public void onGap(boolean fromClient, long missingBytes, AnalyzerContext ctx) {
        ctx.anomaly("tls_gap");
        finish(ctx); // record boundaries are lost
    }

    /**
     * Handshake bytes of one record. Whole messages are parsed where they lie; only a message that
     * continues in a later record is copied into the direction's buffer (made then, released when
     * drained).
     */
    private void handshakeBytes(Direction dir, byte[] d, int off, int len, AnalyzerContext ctx) {
        byte[] b;
        int start;
        int end;
        if (dir.hsLength == 0) {
            b = d;
            start = off;
            end = off + len;
        } else {
            if (dir.hsLength + len > MAX_HANDSHAKE) {
                ctx.anomaly("tls_handshake_too_long");
                dir.encrypted = true; // give up on this direction
                dir.hs = null;
                dir.hsLength = 0;
                return;
            }
            if (dir.hsLength + len > dir.hs.length) {
                dir.hs = Arrays.copyOf(dir.hs, Math.min(MAX_HANDSHAKE, Math.max(dir.hs.length * 2, dir.hsLength + len)));
            }
            System.arraycopy(d, off, dir.hs, dir.hsLength, len);
            dir.hsLength += len;
            b = dir.hs;
            start = 0;
            end = dir.hsLength;
        }
        int p = start;
        while (end - p >= 4) {
            int msgType = b[p] & 0xFF;
            int msgLen = ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (msgLen > MAX_HANDSHAKE - 4) {
                ctx.anomaly("tls_handshake_too_long");
                dir.encrypted = true;
                dir.hs = null;
                dir.hsLength = 0;
                return;
            }
            if (end - p - 4 < msgLen) {
                break;
            }
            message(dir, msgType, b, p + 4, msgLen, ctx);
            p += 4 + msgLen;
            if (finished || dir.encrypted) {
                dir.hs = null;
                dir.hsLength = 0;
                return;
            }
        }
        int rest = end - p;
        if (rest == 0) {
            dir.hs = null;
            dir.hsLength = 0;
        } else if (b == d) {
            dir.hs = new byte[Math.min(MAX_HANDSHAKE, Math.max(1024, 2 * rest))];
            System.arraycopy(d, p, dir.hs, 0, rest);
            dir.hsLength = rest;
        } else if (p > start) {
            System.arraycopy(b, p, b, 0, rest);
            dir.hsLength = rest;
        }
    }

    private void message(Direction dir, int type, byte[] b, int off, int len, AnalyzerContext ctx) {
        switch (type) {
            case 1 -> {
                if (dir.fromClient) {
                    clientHello(b, off, len, ctx);
                }
            }
            case 2 -> {
                if (!dir.fromClient) {
                    serverHello(b, off, len, ctx);
                }
            }
            case 11 -> certificates(dir.fromClient, b, off, len, ctx);
            default -> {
                // key exchange, hello done, finished...: nothing to report
            }
        }
    }

    private void confirmOnce(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    // ---------------------------------------------------------------- ClientHello

    private void clientHello(byte[] b, int off, int len, AnalyzerContext ctx) {
        int end = off + len;
        if (len < 38) {
            malformedHello(ctx);
            return;
        }
        int version = u16(b, off);
        int p = off + 34;
        int sid = b[p] & 0xFF;
        p += 1 + sid;
        if (p + 2 > end) {
            malformedHello(ctx);
            return;
        }
        int cs = u16(b, p);
        p += 2;
        if (p + cs > end || (cs & 1) != 0) {
            malformedHello(ctx);
            return;
        }
        List<Integer> ciphers = new ArrayList<>(Math.min(cs / 2, MAX_LIST));
        for (int i = 0; i < cs && ciphers.size() < MAX_LIST; i += 2) {
            ciphers.add(u16(b, p + i));
        }
        p += cs;
        if (p + 1 > end || p + 1 + (b[p] & 0xFF) > end) {
            malformedHello(ctx);
            return;
        }
        p += 1 + (b[p] & 0xFF);
        Extensions x = new Extensions();
        if (p + 2 <= end) {
            x.parse(b, p + 2, Math.min(end, p + 2 + u16(b, p)), true, ctx);
        }
        confirmOnce(ctx);
        String ja3 = TlsFingerprints.ja3(version, ciphers, x.types, x.groups, x.pointFormats);
        String ja4 = TlsFingerprints.ja4(version, x.supportedVersions, ciphers, x.types, x.sni != null, x.firstAlpn,
                x.signatureAlgorithms);
        ctx.emit(new TlsClientHelloSeen(ctx.ts(), ctx.flow(), version, x.supportedVersions, ciphers, x.types, x.groups,
                x.pointFormats, x.signatureAlgorithms, x.sni, x.alpn, ja3, TlsFingerprints.md5Hex(ja3), ja4));
    }

    private void malformedHello(AnalyzerContext ctx) {
        ctx.anomaly("tls_hello_malformed");
        if (!confirmed) {
            stop(ctx, "malformed hello");
        }
    }

    // ---------------------------------------------------------------- ServerHello

    private void serverHello(byte[] b, int off, int len, AnalyzerContext ctx) {
        int end = off + len;
        if (len < 38) {
            malformedHello(ctx);
            return;
        }
        int version = u16(b, off);
        boolean hrr = Arrays.equals(b, off + 2, off + 34, HRR_RANDOM, 0, 32);
        int p = off + 34;
        p += 1 + (b[p] & 0xFF);
        if (p + 3 > end) {
            malformedHello(ctx);
            return;
        }
        int cipher = u16(b, p);
        p += 3; // cipher suite, compression method
        Extensions x = new Extensions();
        if (p + 2 <= end) {
            x.parse(b, p + 2, Math.min(end, p + 2 + u16(b, p)), false, ctx);
        }
        confirmOnce(ctx);
        int selected = x.selectedVersion >= 0 ? x.selectedVersion : version;
        String ja3s = TlsFingerprints.ja3s(version, cipher, x.types);
        ctx.emit(new TlsServerHelloSeen(ctx.ts(), ctx.flow(), version, selected, cipher, x.types,
                x.alpn == null || x.alpn.isEmpty() ? null : x.alpn.get(0), hrr, ja3s, TlsFingerprints.md5Hex(ja3s)));
        if (selected == 0x0304 && !hrr) {
            finish(ctx); // everything after a TLS 1.3 ServerHello is encrypted
        }
    }

    // ---------------------------------------------------------------- extensions

    private static final class Extensions {
        final List<Integer> types = new ArrayList<>();
        List<Integer> groups;
        List<Integer> pointFormats;
        List<Integer> signatureAlgorithms;
        List<Integer> supportedVersions;
        int selectedVersion = -1;
        String sni;
        List<String> alpn;
        byte[] firstAlpn;

        void parse(byte[] b, int p, int end, boolean client, AnalyzerContext ctx) {
            while (p + 4 <= end) {
                int type = u16(b, p);
                int l = u16(b, p + 2);
                int v = p + 4;
                if (v + l > end) {
                    ctx.anomaly("tls_extension_malformed");
                    return;
                }
                if (types.size() < MAX_LIST) {
                    types.add(type);
                }
                switch (type) {
                    case 0 -> {
                        if (client && l >= 5) {
                            int q = v + 2;
                            int qEnd = Math.min(v + l, v + 2 + u16(b, v));
                            while (q + 3 <= qEnd) {
                                int nameType = b[q] & 0xFF;
                                int nl = u16(b, q + 1);
                                if (q + 3 + nl > qEnd) {
                                    ctx.anomaly("tls_extension_malformed");
                                    break;
                                }
                                if (nameType == 0 && sni == null) {
                                    sni = Ascii.textWithNul(b, q + 3, nl, 255);
                                }
                                q += 3 + nl;
                            }
                        }
                    }
                    case 10 -> groups = u16List(b, v, l, 2, ctx);
                    case 11 -> pointFormats = u8List(b, v, l, ctx);
                    case 13 -> signatureAlgorithms = u16List(b, v, l, 2, ctx);
                    case 16 -> {
                        alpn = new ArrayList<>();
                        int q = v + 2;
                        int qEnd = l >= 2 ? Math.min(v + l, v + 2 + u16(b, v)) : v;
                        while (q < qEnd && alpn.size() < 16) {
                            int pl = b[q] & 0xFF;
                            if (q + 1 + pl > qEnd) {
                                ctx.anomaly("tls_extension_malformed");
                                break;
                            }
                            if (firstAlpn == null) {
                                firstAlpn = Arrays.copyOfRange(b, q + 1, q + 1 + pl);
                            }
                            alpn.add(Ascii.textWithNul(b, q + 1, pl, 255));
                            q += 1 + pl;
                        }
                    }
                    case 43 -> {
                        if (client) {
                            supportedVersions = u8LenU16List(b, v, l, ctx);
                        } else if (l == 2) {
                            selectedVersion = u16(b, v);
                        }
                    }
                    default -> {
                        // listed by type only
                    }
                }
                p = v + l;
            }
        }
    }

    /** A vector with a 2-byte length prefix of 2-byte values. */
    private static List<Integer> u16List(byte[] b, int v, int l, int prefix, AnalyzerContext ctx) {
        List<Integer> out = new ArrayList<>();
        if (l < prefix) {
            ctx.anomaly("tls_extension_malformed");
            return out;
        }
        int n = Math.min(u16(b, v), l - prefix);
        for (int i = 0; i + 2 <= n && out.size() < MAX_LIST; i += 2) {
            out.add(u16(b, v + prefix + i));
        }
        return out;
    }

    private static List<Integer> u8List(byte[] b, int v, int l, AnalyzerContext ctx) {
        List<Integer> out = new ArrayList<>();
        if (l < 1) {
            ctx.anomaly("tls_extension_malformed");
            return out;
        }
        int n = Math.min(b[v] & 0xFF, l - 1);
        for (int i = 0; i < n && out.size() < MAX_LIST; i++) {
            out.add(b[v + 1 + i] & 0xFF);
        }
        return out;
    }

    private static List<Integer> u8LenU16List(byte[] b, int v, int l, AnalyzerContext ctx) {
        List<Integer> out = new ArrayList<>();
        if (l < 1) {
            ctx.anomaly("tls_extension_malformed");
            return out;
        }
        int n = Math.min(b[v] & 0xFF, l - 1);
        for (int i = 0; i + 2 <= n && out.size() < MAX_LIST; i += 2) {
            out.add(u16(b, v + 1 + i));
        }
        return out;
    }

    // ---------------------------------------------------------------- certificates

    private void certificates(boolean fromClient, byte[] b, int off, int len, AnalyzerContext ctx) {
        if (len < 3) {
            ctx.anomaly("tls_certificate_malformed");
            return;
        }
        int listLen = u24(b, off);
        int p = off + 3;
        int end = Math.min(off + len, p + listLen);
        if (p + listLen > off + len) {
            ctx.anomaly("tls_certificate_malformed");
        }
        int position = 0;
        while (p + 3 <= end && position < MAX_CERTIFICATES) {
            int certLen = u24(b, p);
            p += 3;
            if (p + certLen > end) {
                ctx.anomaly("tls_certificate_malformed");
                return;
            }
            int from = p;
            TlsCertificateSeen parsed = PARSED.get(b, p, certLen, () -> certificate(b, from, certLen));
            if (parsed == ParsedCertificates.UNPARSABLE) {
                ctx.anomaly("tls_certificate_unparsable");
            } else {
                ctx.emit(new TlsCertificateSeen(ctx.ts(), ctx.flow(), !fromClient, position, parsed.subject(),
                        parsed.issuer(), parsed.serialNumber(), parsed.notBefore(), parsed.notAfter(), parsed.selfSigned(),
                        parsed.keyAlgorithm(), parsed.keySize(), parsed.signatureAlgorithm(), parsed.subjectAltNames(),
                        parsed.sha256()));
            }
            p += certLen;
            position++;
        }
    }

    /**
     * The flow-independent fields of one certificate (time, flow, direction and position left empty),
     * or {@link ParsedCertificates#UNPARSABLE}.
     */
    private static TlsCertificateSeen certificate(byte[] b, int off, int len) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate c = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b, off, len));
            X500Principal subject = c.getSubjectX500Principal();
            X500Principal issuer = c.getIssuerX500Principal();
            boolean selfSigned = false;
            if (subject.equals(issuer)) {
                try {
                    c.verify(c.getPublicKey());
                    selfSigned = true;
                } catch (Exception e) {
                    selfSigned = false; // same name, signed by another key (or an algorithm the JDK lacks)
                }
            }
            PublicKey key = c.getPublicKey();
            List<String> sans = new ArrayList<>();
            Collection<List<?>> altNames = c.getSubjectAlternativeNames();
            if (altNames != null) {
                for (List<?> entry : altNames) {
                    if (sans.size() >= 32) {
                        break;
                    }
                    Object kind = entry.get(0);
                    if ((Integer.valueOf(2).equals(kind) || Integer.valueOf(7).equals(kind)) && entry.get(1) instanceof String s) {
                        sans.add(Ascii.cap(s, 255));
                    }
                }
            }
            String sha256 = TlsFingerprints.hex(TlsFingerprints.digest("SHA-256", Arrays.copyOfRange(b, off, off + len)));
            return new TlsCertificateSeen(null, null, false, -1,
                    Ascii.cap(subject.getName(X500Principal.RFC2253), 1024), Ascii.cap(issuer.getName(X500Principal.RFC2253), 1024),
                    c.getSerialNumber().toString(16), Instant.ofEpochMilli(c.getNotBefore().getTime()),
                    Instant.ofEpochMilli(c.getNotAfter().getTime()), selfSigned, key.getAlgorithm(), keySize(key),
                    c.getSigAlgName(), sans, sha256);
        } catch (Exception e) {
            // CertificateException, or a RuntimeException from a hostile encoding inside the JDK parser
            return ParsedCertificates.UNPARSABLE;
        }
    }

    static Integer keySize(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        String alg = key.getAlgorithm();
        if ("Ed25519".equalsIgnoreCase(alg) || "X25519".equalsIgnoreCase(alg)) {
            return 255;
        }
        if ("Ed448".equalsIgnoreCase(alg) || "X448".equalsIgnoreCase(alg)) {
            return 448;
        }
        return null;
    }

    // ---------------------------------------------------------------- lifecycle

    private void finish(AnalyzerContext ctx) {
        if (!finished) {
            finished = true;
            client.hs = null;
            server.hs = null;
            ctx.done();
        }
    }

    private void stop(AnalyzerContext ctx, String why) {
        if (!confirmed) {
            finished = true;
            ctx.violation(why);
        } else {
            finish(ctx);
        }
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static int u24(byte[] b, int o) {
        return ((b[o] & 0xFF) << 16) | ((b[o + 1] & 0xFF) << 8) | (b[o + 2] & 0xFF);
    }

    private static byte[] hexBytes(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /**
     * A TLS handshake record header (content type 22, major version 3, minor 0-4, length at most
     * 2^14 + 2048) whose first handshake message, when present, is a ClientHello (from the client) or
     * ServerHello (from the server) with a 3.x version.
     */
    public static boolean looksLikeTls(boolean fromClient, byte[] d, int off, int len) {
        if (len < 5) {
            return false;
        }
        if ((d[off] & 0xFF) != 22 || (d[off + 1] & 0xFF) != 3 || (d[off + 2] & 0xFF) > 4) {
            return false;
        }
        int recLen = u16(d, off + 3);
        if (recLen < 4 || recLen > MAX_RECORD) {
            return false;
        }
        if (len >= 6) {
            int hsType = d[off + 5] & 0xFF;
            if (hsType != 1 && hsType != 2) {
                return false;
            }
        }
        return len < 11 || ((d[off + 9] & 0xFF) == 3 && (d[off + 10] & 0xFF) <= 4);
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "tls";
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public int[] portHints() {
            // HTTPS, LDAPS, IMAPS, POP3S, SMTPS, DNS over TLS, SIP-TLS, syslog-TLS, DICOM-TLS, MQTT-TLS
            return new int[] {443, 8443, 636, 993, 995, 465, 853, 5061, 6514, 2762, 8883};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeTls(fromClient, data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new TlsAnalyzer();
        }

        /** A TLS handshake may follow any clear-text negotiation (RDP, FTP AUTH TLS, HTTP CONNECT, VeNCrypt, ...). */
        @Override
        public boolean probesAfter(String application) {
            return true;
        }
    }
}
