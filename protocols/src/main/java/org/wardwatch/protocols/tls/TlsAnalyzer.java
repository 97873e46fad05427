package org.wardwatch.protocols.tls;

import java.util.Arrays;
import org.wardwatch.model.obs.tls.TlsCertificateSeen;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.model.obs.tls.TlsServerHelloSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * TLS 1.0-1.3 handshakes over TCP (RFC 5246 section 7.4, RFC 8446 section 4): ClientHello →
 * {@link TlsClientHelloSeen} with JA3 and JA4, ServerHello (and HelloRetryRequest) →
 * {@link TlsServerHelloSeen} with JA3S, Certificate messages sent in cleartext (TLS ≤ 1.2, both
 * directions) → one {@link TlsCertificateSeen} per certificate, parsed with the JDK's
 * {@code CertificateFactory} once per distinct certificate ({@link ParsedCertificates}).
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

    // Per-direction state in plain fields rather than two small objects per flow.
    /** Handshake bytes not yet parsed into messages (a message continuing in a later record). */
    private byte[] clientHs;
    private int clientHsLength;
    private byte[] serverHs;
    private int serverHsLength;
    /** The direction sent ChangeCipherSpec or application data (or gave up): nothing more is readable. */
    private boolean clientEncrypted;
    private boolean serverEncrypted;
    private boolean confirmed;
    private boolean finished;

    @Override
    public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
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
                    if (!encrypted(fromClient)) {
                        handshakeBytes(fromClient, d, body, recLen, ctx);
                    }
                }
                case 20, 23 -> encrypt(fromClient); // ChangeCipherSpec, application data: what follows is not readable
                default -> {
                    // alerts and heartbeats carry nothing for identification
                }
            }
            pos = body + recLen;
            if (clientEncrypted && serverEncrypted) {
                finish(ctx);
            }
        }
        return finished ? len : pos - off;
    }

    private boolean encrypted(boolean fromClient) {
        return fromClient ? clientEncrypted : serverEncrypted;
    }

    private void encrypt(boolean fromClient) {
        if (fromClient) {
            clientEncrypted = true;
        } else {
            serverEncrypted = true;
        }
    }

    private void pending(boolean fromClient, byte[] hs, int length) {
        if (fromClient) {
            clientHs = hs;
            clientHsLength = length;
        } else {
            serverHs = hs;
            serverHsLength = length;
        }
    }

    /** A handshake message too long to hold: this direction is not parsed any more. */
    private void giveUp(boolean fromClient, AnalyzerContext ctx) {
        ctx.anomaly("tls_handshake_too_long");
        encrypt(fromClient);
        pending(fromClient, null, 0);
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
    private void handshakeBytes(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        byte[] hs = fromClient ? clientHs : serverHs;
        int hsLength = fromClient ? clientHsLength : serverHsLength;
        byte[] b;
        int start;
        int end;
        if (hsLength == 0) {
            b = d;
            start = off;
            end = off + len;
        } else {
            if (hsLength + len > MAX_HANDSHAKE) {
                giveUp(fromClient, ctx);
                return;
            }
            if (hsLength + len > hs.length) {
                hs = Arrays.copyOf(hs, Math.min(MAX_HANDSHAKE, Math.max(hs.length * 2, hsLength + len)));
            }
            System.arraycopy(d, off, hs, hsLength, len);
            hsLength += len;
            b = hs;
            start = 0;
            end = hsLength;
        }
        int p = start;
        while (end - p >= 4) {
            int msgType = b[p] & 0xFF;
            int msgLen = ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (msgLen > MAX_HANDSHAKE - 4) {
                giveUp(fromClient, ctx);
                return;
            }
            if (end - p - 4 < msgLen) {
                break;
            }
            message(fromClient, msgType, b, p + 4, msgLen, ctx);
            p += 4 + msgLen;
            if (finished || encrypted(fromClient)) {
                pending(fromClient, null, 0);
                return;
            }
        }
        int rest = end - p;
        if (rest == 0) {
            pending(fromClient, null, 0);
        } else if (b == d) {
            byte[] kept = new byte[Math.min(MAX_HANDSHAKE, Math.max(1024, 2 * rest))];
            System.arraycopy(d, p, kept, 0, rest);
            pending(fromClient, kept, rest);
        } else {
            if (p > start) {
                System.arraycopy(b, p, b, 0, rest);
            }
            pending(fromClient, b, rest);
        }
    }

    private void message(boolean fromClient, int type, byte[] b, int off, int len, AnalyzerContext ctx) {
        switch (type) {
            case 1 -> {
                if (fromClient) {
                    clientHello(b, off, len, ctx);
                }
            }
            case 2 -> {
                if (!fromClient) {
                    serverHello(b, off, len, ctx);
                }
            }
            case 11 -> certificates(fromClient, b, off, len, ctx);
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

    /*
     * Hellos are read into per-thread primitive arrays (HelloFields) and their report lists and
     * fingerprints are looked up per distinct shape (HelloShapes): a repeated client stack costs a
     * parse and an array compare, and allocates only its observation (and a new SNI's text).
     */
    private void clientHello(byte[] b, int off, int len, AnalyzerContext ctx) {
        HelloShapes shapes = HelloShapes.forThisThread();
        if (!shapes.fields.readClientHello(b, off, len, ctx)) {
            malformedHello(ctx);
            return;
        }
        confirmOnce(ctx);
        HelloShapes.ClientShape s = shapes.client(b);
        ctx.emit(new TlsClientHelloSeen(ctx.ts(), ctx.flow(), shapes.fields.version, s.supportedVersions(), s.ciphers(),
                s.extensions(), s.groups(), s.pointFormats(), s.signatureAlgorithms(), shapes.serverName(b), s.alpn(), s.ja3(),
                s.ja3Hash(), s.ja4()));
    }

    private void malformedHello(AnalyzerContext ctx) {
        ctx.anomaly("tls_hello_malformed");
        if (!confirmed) {
            stop(ctx, "malformed hello");
        }
    }

    // ---------------------------------------------------------------- ServerHello

    private void serverHello(byte[] b, int off, int len, AnalyzerContext ctx) {
        if (len < 38) {
            malformedHello(ctx);
            return;
        }
        HelloShapes shapes = HelloShapes.forThisThread();
        int cipher = shapes.fields.readServerHello(b, off, len, ctx);
        if (cipher < 0) {
            malformedHello(ctx);
            return;
        }
        confirmOnce(ctx);
        boolean hrr = Arrays.equals(b, off + 2, off + 34, HRR_RANDOM, 0, 32);
        int version = shapes.fields.version;
        int selected = shapes.fields.selectedVersion >= 0 ? shapes.fields.selectedVersion : version;
        HelloShapes.ServerShape s = shapes.server(b, cipher);
        ctx.emit(new TlsServerHelloSeen(ctx.ts(), ctx.flow(), version, selected, cipher, s.extensions(), s.alpn(), hrr,
                s.ja3s(), s.ja3sHash()));
        if (selected == 0x0304 && !hrr) {
            finish(ctx); // everything after a TLS 1.3 ServerHello is encrypted
        }
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
            TlsCertificateSeen parsed = PARSED.get(b, p, certLen);
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

    // ---------------------------------------------------------------- lifecycle

    private void finish(AnalyzerContext ctx) {
        if (!finished) {
            finished = true;
            clientHs = null;
            serverHs = null;
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
