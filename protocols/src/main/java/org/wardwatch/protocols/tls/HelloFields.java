package org.wardwatch.protocols.tls;

import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * The fields of one ClientHello or ServerHello as read from the wire, in primitive arrays reused
 * from hello to hello (one instance per analysis thread, see {@link HelloShapes#forThisThread()}):
 * reading a hello allocates nothing. Lists are capped at {@value TlsAnalyzer#MAX_LIST} values as
 * before; variable parts (SNI, ALPN protocols) are kept as offsets into the message bytes, valid
 * until the next hello is read.
 *
 * <p>Semantics follow the analyzer's reporting: a repeated extension replaces the previous list
 * (supported groups, point formats, signature algorithms, supported versions, ALPN), except that the
 * SNI is the first host_name seen and JA4's ALPN is the first protocol of the first ALPN extension.
 * A list extension too short for its own length prefix is counted ({@code tls_extension_malformed})
 * and reported as an empty list.
 */
final class HelloFields {
    static final int MAX_ALPN = 16;

    int version;
    /** Cipher suites and extension types, always present. */
    final IntList ciphers = new IntList();
    final IntList types = new IntList();
    /** Supported groups (10), point formats (11), signature algorithms (13), supported versions (43). */
    final IntList groups = new IntList();
    final IntList pointFormats = new IntList();
    final IntList signatureAlgorithms = new IntList();
    final IntList supportedVersions = new IntList();
    /** The lists a ClientHello's shape is made of, in a fixed order. */
    final IntList[] clientLists = {ciphers, types, groups, pointFormats, signatureAlgorithms, supportedVersions};
    /** ServerHello's supported_versions, -1 when absent. */
    int selectedVersion;
    /** First host_name of the server_name extension, offset -1 when none. */
    int sniOff;
    int sniLen;
    /**
     * The last ALPN extension's protocols (offsets of their bytes), absent when {@code !alpnPresent};
     * {@code [alpnFrom, alpnTo)} holds exactly those protocols' length-prefixed entries.
     */
    boolean alpnPresent;
    int alpnFrom;
    int alpnTo;
    final int[] alpnOff = new int[MAX_ALPN];
    final int[] alpnLen = new int[MAX_ALPN];
    int alpnCount;
    /** The first ALPN protocol of the first ALPN extension (JA4), offset -1 when none. */
    int firstAlpnOff;
    int firstAlpnLen;

    /** A reusable list of at most {@value TlsAnalyzer#MAX_LIST} values; absent until an extension sets it. */
    static final class IntList {
        final int[] values = new int[TlsAnalyzer.MAX_LIST];
        int size;
        boolean present;

        void reset() {
            size = 0;
            present = false;
        }

        /** The extension was seen again or for the first time: start an empty list. */
        void start() {
            size = 0;
            present = true;
        }
    }

    private void reset() {
        ciphers.start();
        types.start();
        groups.reset();
        pointFormats.reset();
        signatureAlgorithms.reset();
        supportedVersions.reset();
        selectedVersion = -1;
        sniOff = -1;
        sniLen = 0;
        alpnPresent = false;
        alpnCount = 0;
        firstAlpnOff = -1;
        firstAlpnLen = 0;
    }

    /**
     * Reads a ClientHello body (RFC 8446 section 4.1.2). False when its fixed part is malformed (the
     * caller counts it); extension problems are counted here and end the extension walk.
     */
    boolean readClientHello(byte[] b, int off, int len, AnalyzerContext ctx) {
        reset();
        int end = off + len;
        if (len < 38) {
            return false;
        }
        version = TlsAnalyzer.u16(b, off);
        int p = off + 34;
        p += 1 + (b[p] & 0xFF); // session id
        if (p + 2 > end) {
            return false;
        }
        int cs = TlsAnalyzer.u16(b, p);
        p += 2;
        if (p + cs > end || (cs & 1) != 0) {
            return false;
        }
        int n = Math.min(cs / 2, TlsAnalyzer.MAX_LIST);
        int[] c = ciphers.values;
        for (int i = 0; i < n; i++) {
            c[i] = TlsAnalyzer.u16(b, p + 2 * i);
        }
        ciphers.size = n;
        p += cs;
        if (p + 1 > end || p + 1 + (b[p] & 0xFF) > end) {
            return false;
        }
        p += 1 + (b[p] & 0xFF); // compression methods
        if (p + 2 <= end) {
            readExtensions(b, p + 2, Math.min(end, p + 2 + TlsAnalyzer.u16(b, p)), true, ctx);
        }
        return true;
    }

    /**
     * Reads a ServerHello body (RFC 8446 section 4.1.3) of at least 38 bytes (checked by the caller):
     * version, cipher suite, extensions. Returns the chosen cipher suite, or -1 when the fixed part is
     * malformed (the caller counts it).
     */
    int readServerHello(byte[] b, int off, int len, AnalyzerContext ctx) {
        reset();
        int end = off + len;
        version = TlsAnalyzer.u16(b, off);
        int p = off + 34;
        p += 1 + (b[p] & 0xFF);
        if (p + 3 > end) {
            return -1;
        }
        int cipher = TlsAnalyzer.u16(b, p);
        p += 3; // cipher suite, compression method
        if (p + 2 <= end) {
            readExtensions(b, p + 2, Math.min(end, p + 2 + TlsAnalyzer.u16(b, p)), false, ctx);
        }
        return cipher;
    }

    private void readExtensions(byte[] b, int p, int end, boolean client, AnalyzerContext ctx) {
        while (p + 4 <= end) {
            int type = TlsAnalyzer.u16(b, p);
            int l = TlsAnalyzer.u16(b, p + 2);
            int v = p + 4;
            if (v + l > end) {
                ctx.anomaly("tls_extension_malformed");
                return;
            }
            if (types.size < TlsAnalyzer.MAX_LIST) {
                types.values[types.size++] = type;
            }
            switch (type) {
                case 0 -> {
                    if (client && l >= 5) {
                        serverName(b, v, l, ctx);
                    }
                }
                case 10 -> vector(groups, b, v, l, 2, 2, ctx);
                case 11 -> vector(pointFormats, b, v, l, 1, 1, ctx);
                case 13 -> vector(signatureAlgorithms, b, v, l, 2, 2, ctx);
                case 16 -> alpn(b, v, l, ctx);
                case 43 -> {
                    if (client) {
                        vector(supportedVersions, b, v, l, 1, 2, ctx); // a 1-byte length in a ClientHello
                    } else if (l == 2) {
                        selectedVersion = TlsAnalyzer.u16(b, v);
                    }
                }
                default -> {
                    // listed by type only
                }
            }
            p = v + l;
        }
    }

    /** server_name (RFC 6066 section 3): the first host_name entry. */
    private void serverName(byte[] b, int v, int l, AnalyzerContext ctx) {
        int q = v + 2;
        int qEnd = Math.min(v + l, v + 2 + TlsAnalyzer.u16(b, v));
        while (q + 3 <= qEnd) {
            int nameType = b[q] & 0xFF;
            int nl = TlsAnalyzer.u16(b, q + 1);
            if (q + 3 + nl > qEnd) {
                ctx.anomaly("tls_extension_malformed");
                break;
            }
            if (nameType == 0 && sniOff < 0) {
                sniOff = q + 3;
                sniLen = nl;
            }
            q += 3 + nl;
        }
    }

    /** application_layer_protocol_negotiation (RFC 7301): at most {@value #MAX_ALPN} protocols. */
    private void alpn(byte[] b, int v, int l, AnalyzerContext ctx) {
        alpnPresent = true;
        alpnCount = 0;
        int q = v + 2;
        alpnFrom = q;
        int qEnd = l >= 2 ? Math.min(v + l, v + 2 + TlsAnalyzer.u16(b, v)) : v;
        while (q < qEnd && alpnCount < MAX_ALPN) {
            int pl = b[q] & 0xFF;
            if (q + 1 + pl > qEnd) {
                ctx.anomaly("tls_extension_malformed");
                break;
            }
            if (firstAlpnOff < 0) {
                firstAlpnOff = q + 1;
                firstAlpnLen = pl;
            }
            alpnOff[alpnCount] = q + 1;
            alpnLen[alpnCount] = pl;
            alpnCount++;
            q += 1 + pl;
        }
        alpnTo = Math.max(q, alpnFrom);
    }

    /**
     * A vector of {@code width}-byte values (1 or 2) after a {@code prefix}-byte length (1 or 2), at
     * {@code b[v..v+l)}; the length is trusted only as far as {@code l} and {@link TlsAnalyzer#MAX_LIST} allow.
     */
    private static void vector(IntList out, byte[] b, int v, int l, int prefix, int width, AnalyzerContext ctx) {
        out.start();
        if (l < prefix) {
            ctx.anomaly("tls_extension_malformed");
            return;
        }
        int declared = prefix == 1 ? b[v] & 0xFF : TlsAnalyzer.u16(b, v);
        int n = Math.min(Math.min(declared, l - prefix) / width, TlsAnalyzer.MAX_LIST);
        int at = v + prefix;
        for (int i = 0; i < n; i++) {
            out.values[i] = width == 1 ? b[at + i] & 0xFF : TlsAnalyzer.u16(b, at + 2 * i);
        }
        out.size = n;
    }
}
