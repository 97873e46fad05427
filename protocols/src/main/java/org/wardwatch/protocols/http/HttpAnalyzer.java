package org.wardwatch.protocols.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.wardwatch.model.obs.http.HttpCleartextCredentialsSeen;
import org.wardwatch.model.obs.http.HttpRequestSeen;
import org.wardwatch.model.obs.http.HttpResponseSeen;
import org.wardwatch.model.obs.ssdp.UpnpDeviceDescribed;
import org.wardwatch.protocols.ntlm.NtlmsspDecoder;
import org.wardwatch.protocols.ssdp.UpnpDescriptionParser;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * HTTP/1.0 and 1.1 over TCP (RFC 9112 message syntax and body framing): request heads become
 * {@link HttpRequestSeen}, response heads {@link HttpResponseSeen}; an Authorization or
 * Proxy-Authorization header yields {@link HttpCleartextCredentialsSeen} once per flow and scheme
 * (the fact, never the value). A response whose body is a UPnP device description (the LOCATION of
 * SSDP announcements) yields {@link UpnpDeviceDescribed}.
 *
 * <p>NTLM over HTTP ([MS-NTHT] 2.2): the base64 token of an {@code Authorization} or
 * {@code Proxy-Authorization} header with the NTLM or Negotiate scheme, and of a {@code WWW-Authenticate}
 * or {@code Proxy-Authenticate} challenge, is decoded and any NTLMSSP message in it (bare, or wrapped in
 * SPNEGO for Negotiate) yields the same {@code ntlm_*} observations as SMB does, with carrier "http":
 * host and domain names and the Windows version, never the user name or responses. At most
 * {@value #MAX_NTLM_TOKENS} tokens per flow are decoded; anomalies {@code http_ntlm_bad_base64} and
 * {@code http_ntlmssp_*}.
 *
 * <p>Bodies are skipped by their framing (Content-Length, chunked, or until close for responses),
 * without buffering; only XML bodies up to {@value #MAX_XML_BODY} bytes without Content-Encoding
 * are copied, to look for a device description. Pipelined requests are matched to responses in
 * order (at most {@value #MAX_PENDING} outstanding) so that HEAD, 1xx, 204 and 304 responses are
 * known to have no body. After a 101 (upgrade) or a successful CONNECT the analyzer stops.
 *
 * <p>Detection: a request line with an upper-case method token, or a status line "HTTP/1.x NNN"
 * ({@link HttpMessageParser#startsLikeHttp} and a complete check of what is there); ports are hints.
 *
 * <p>Anomalies: {@code http_malformed_head}, {@code http_head_too_long}, {@code http_bad_content_length},
 * {@code http_bad_chunk}, {@code http_pending_cap} (more than {@value #MAX_PENDING} requests without
 * responses), {@code http_gap}.
 *
 * <p>Known gaps: HTTP/2 and HTTP/3 (binary, usually inside TLS) are not parsed; trailers are skipped;
 * compressed bodies are not inspected.
 */
public final class HttpAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final int MAX_PATH = 256;
    static final int MAX_VALUE = 256;
    static final int MAX_HEADER_NAMES = 32;
    static final int MAX_PENDING = 32;
    static final int MAX_XML_BODY = 32 * 1024;
    static final int MAX_NTLM_TOKENS = 8;
    static final int MAX_NTLM_TOKEN_CHARS = 12 * 1024;

    private final Direction client = new Direction(true);
    private final Direction server = new Direction(false);
    private final ArrayDeque<String[]> pending = new ArrayDeque<>(4); // {method, path} of unanswered requests
    /**
     * One head reader per analysis thread, reused for every head of every flow: a head is read and
     * handled within one call, so no flow keeps it (and a flow that never sends a head costs none).
     */
    private static final ThreadLocal<HttpHeadReader> READERS = ThreadLocal.withInitial(HttpHeadReader::new);
    /** Index of the first header of each {@link #WANTED} name in the head being handled, -1 when absent. */
    private final int[] wanted = new int[WANTED.length];
    private Set<String> credentialSchemes;
    private int ntlmTokens;
    private boolean confirmed;
    private boolean stopped;

    /** Framing state of one direction. */
    private static final class Direction {
        final boolean fromClient;
        static final int HEAD = 0, LENGTH = 1, CHUNK_SIZE = 2, CHUNK_DATA = 3, CHUNK_CRLF = 4, TRAILERS = 5, UNTIL_CLOSE = 6,
                RESYNC = 7;
        int state = HEAD;
        long remaining;
        byte[] xml;            // captured body, only for XML responses
        int xmlLength;
        String xmlPath;
        int resyncKept;        // bytes left unconsumed by the last resync call: new segment data starts after them

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
        }
    }

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        Direction dir = fromClient ? client : server;
        int pos = offset;
        int end = offset + length;
        while (pos < end && !stopped) {
            int before = dir.state;
            int used = switch (dir.state) {
                case Direction.HEAD -> head(dir, data, pos, end - pos, ctx);
                case Direction.LENGTH -> body(dir, data, pos, (int) Math.min(dir.remaining, end - pos), ctx);
                case Direction.UNTIL_CLOSE -> body(dir, data, pos, end - pos, ctx);
                case Direction.RESYNC -> resync(dir, data, pos, end - pos);
                default -> chunked(dir, data, pos, end - pos, ctx);
            };
            if (used <= 0 && dir.state == before) {
                break; // need more bytes
            }
            pos += used;
        }
        return stopped ? length : pos - offset;
    }

    @Override
    public void onGap(boolean fromClient, long missingBytes, AnalyzerContext ctx) {
        Direction dir = fromClient ? client : server;
        if (dir.state == Direction.LENGTH && missingBytes <= dir.remaining) {
            dir.remaining -= missingBytes; // the hole fell inside a body of known length: keep framing
            dir.xml = null;
            if (dir.remaining == 0) {
                dir.state = Direction.HEAD;
            }
            return;
        }
        if (dir.state == Direction.UNTIL_CLOSE) {
            dir.xml = null;
            return;
        }
        // framing lost: skip to the next line that starts a message in this direction
        ctx.anomaly("http_gap");
        dir.state = Direction.RESYNC;
        dir.xml = null;
        if (fromClient) {
            pending.clear(); // requests were lost: responses can no longer be matched to them
        }
    }

    /**
     * Skips bytes up to the next line start, or the start of newly arrived data (a segment boundary,
     * where senders start messages), that begins a request line or status line.
     */
    private int resync(Direction dir, byte[] d, int off, int len) {
        int end = off + len;
        int boundary = off + Math.min(dir.resyncKept, len);
        for (int i = off; i < end; i++) {
            if ((i == off || i == boundary || d[i - 1] == '\n') && (dir.fromClient ? looksLikeHttp(d, i, end - i) && !Ascii.startsWith(d, i, end - i, "HTTP/")
                    : Ascii.startsWith(d, i, end - i, "HTTP/1."))) {
                dir.state = Direction.HEAD;
                dir.resyncKept = 0;
                return i - off;
            }
        }
        // keep a short tail: a start line may be split across calls
        int consumed = Math.max(0, len - 16);
        dir.resyncKept = len - consumed;
        return consumed;
    }


    @Override
    public void onEnd(AnalyzerContext ctx) {
        if (server.state == Direction.UNTIL_CLOSE) {
            finishBody(server, ctx);
        }
    }

    private int head(Direction dir, byte[] d, int off, int len, AnalyzerContext ctx) {
        // tolerate stray CRLFs between messages (RFC 9112 2.2)
        int skip = 0;
        while (skip < len && (d[off + skip] == '\r' || d[off + skip] == '\n')) {
            skip++;
        }
        if (skip > 0) {
            return skip;
        }
        HttpHeadReader h = READERS.get();
        switch (h.read(d, off, len, HttpMessageParser.DEFAULT_MAX_HEAD_BYTES)) {
            case INCOMPLETE:
                return 0;
            case TOO_LONG:
                ctx.anomaly("http_head_too_long");
                return lostFraming(dir, len, ctx, "head too long");
            case MALFORMED:
                ctx.anomaly("http_malformed_head");
                return lostFraming(dir, len, ctx, h.error);
            default:
                break;
        }
        if (h.request != dir.fromClient) {
            // a request from the server side or a response from the client side: not a normal HTTP flow
            ctx.anomaly("http_malformed_head");
            return lostFraming(dir, len, ctx, "message in the wrong direction");
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        long contentLength = h.contentLength();
        if (contentLength == -2) {
            ctx.anomaly("http_bad_content_length");
        }
        h.findFirst(WANTED, wanted);
        if (h.request) {
            request(h, contentLength, ctx);
            frameBody(dir, h.chunked(), contentLength, false);
            return h.length;
        }
        int status = h.statusCode;
        String[] req = status >= 100 && status < 200 ? pending.peekFirst() : pending.pollFirst();
        response(h, contentLength, ctx);
        boolean noBody = (req != null && req[0].equals("HEAD")) || (status >= 100 && status < 200) || status == 204 || status == 304;
        if (status == 101 || (req != null && req[0].equals("CONNECT") && status / 100 == 2)) {
            stopped = true; // the bytes that follow are another protocol
            ctx.done();
            return h.length;
        }
        if (noBody) {
            dir.state = Direction.HEAD;
        } else {
            frameBody(dir, h.chunked(), contentLength, true);
            int type = wanted[W_CONTENT_TYPE];
            if (type >= 0 && dir.state != Direction.HEAD && h.valueContains(type, XML) && wanted[W_CONTENT_ENCODING] < 0
                    && (contentLength < 0 || contentLength <= MAX_XML_BODY)) {
                dir.xml = new byte[(int) (contentLength > 0 ? contentLength : 4096)];
                dir.xmlLength = 0;
                dir.xmlPath = req == null ? null : req[1];
            }
        }
        return h.length;
    }

    /**
     * Bytes where a head should start are not one. Before the flow is confirmed that means it is not
     * HTTP; after, the capture started mid-message or lost bytes: skip to the next start line.
     */
    private int lostFraming(Direction dir, int len, AnalyzerContext ctx, String why) {
        if (!confirmed) {
            stop(ctx, why);
            return 0;
        }
        dir.state = Direction.RESYNC;
        if (dir.fromClient) {
            pending.clear();
        }
        return Math.min(len, 1); // step past the byte that did not start a message
    }

    private void frameBody(Direction dir, boolean chunked, long contentLength, boolean response) {
        if (chunked) {
            dir.state = Direction.CHUNK_SIZE;
        } else if (contentLength > 0) {
            dir.state = Direction.LENGTH;
            dir.remaining = contentLength;
        } else if (contentLength == 0 || !response) {
            dir.state = Direction.HEAD;
        } else {
            dir.state = Direction.UNTIL_CLOSE; // RFC 9112 6.3 rule 8: the body ends with the connection
        }
    }

    private int body(Direction dir, byte[] d, int off, int len, AnalyzerContext ctx) {
        capture(dir, d, off, len);
        if (dir.state == Direction.LENGTH) {
            dir.remaining -= len;
            if (dir.remaining == 0) {
                dir.state = Direction.HEAD;
                finishBody(dir, ctx);
            }
        }
        return len;
    }

    private int chunked(Direction dir, byte[] d, int off, int len, AnalyzerContext ctx) {
        switch (dir.state) {
            case Direction.CHUNK_DATA -> {
                int n = (int) Math.min(dir.remaining, len);
                capture(dir, d, off, n);
                dir.remaining -= n;
                if (dir.remaining == 0) {
                    dir.state = Direction.CHUNK_CRLF;
                }
                return n;
            }
            case Direction.CHUNK_CRLF, Direction.CHUNK_SIZE, Direction.TRAILERS -> {
                int lf = Ascii.indexOfLf(d, off, Math.min(len, 1024));
                if (lf < 0) {
                    if (len >= 1024) {
                        ctx.anomaly("http_bad_chunk");
                        stop(ctx, "bad chunk");
                    }
                    return 0;
                }
                int lineLen = lf - off;
                if (dir.state == Direction.CHUNK_CRLF) {
                    dir.state = Direction.CHUNK_SIZE;
                    return lineLen + 1;
                }
                if (dir.state == Direction.TRAILERS) {
                    if (lineLen == 0 || (lineLen == 1 && d[off] == '\r')) {
                        dir.state = Direction.HEAD;
                        finishBody(dir, ctx);
                    }
                    return lineLen + 1;
                }
                long size = 0;
                int digits = 0;
                for (int i = off; i < lf; i++) {
                    int c = Character.digit(d[i] & 0xFF, 16);
                    if (c < 0) {
                        break; // chunk extensions or CR
                    }
                    if (++digits > 15) {
                        break;
                    }
                    size = size * 16 + c;
                }
                if (digits == 0 || digits > 15) {
                    ctx.anomaly("http_bad_chunk");
                    stop(ctx, "bad chunk size");
                    return 0;
                }
                if (size == 0) {
                    dir.state = Direction.TRAILERS;
                } else {
                    dir.state = Direction.CHUNK_DATA;
                    dir.remaining = size;
                }
                return lineLen + 1;
            }
            default -> {
                return 0;
            }
        }
    }

    private static void capture(Direction dir, byte[] d, int off, int len) {
        if (dir.xml == null || len <= 0) {
            return;
        }
        if (dir.xmlLength + len > MAX_XML_BODY) {
            dir.xml = null; // too large to be a device description worth keeping
            return;
        }
        if (dir.xmlLength + len > dir.xml.length) {
            dir.xml = java.util.Arrays.copyOf(dir.xml, Math.min(MAX_XML_BODY, Math.max(dir.xml.length * 2, dir.xmlLength + len)));
        }
        System.arraycopy(d, off, dir.xml, dir.xmlLength, len);
        dir.xmlLength += len;
    }

    private void finishBody(Direction dir, AnalyzerContext ctx) {
        if (dir.xml == null) {
            return;
        }
        String xml = new String(dir.xml, 0, dir.xmlLength, StandardCharsets.UTF_8);
        dir.xml = null;
        if (!UpnpDescriptionParser.isDeviceDescription(xml)) {
            return;
        }
        UpnpDescriptionParser.Description u = UpnpDescriptionParser.parse(xml);
        if (u != null) {
            ctx.emit(new UpnpDeviceDescribed(ctx.ts(), ctx.flow(), dir.xmlPath, u.deviceType(), u.friendlyName(),
                    u.manufacturer(), u.manufacturerUrl(), u.modelName(), u.modelNumber(), u.modelDescription(),
                    u.serialNumber(), u.udn(), u.presentationUrl(), u.serviceTypes()));
        }
    }

    private void request(HttpHeadReader h, long contentLength, AnalyzerContext ctx) {
        byte[] d = h.data;
        boolean hasQuery = Ascii.indexOf(d, h.targetStart, h.targetEnd, '?') >= 0;
        // FHIR REST paths name patients (Patient/{MRN}): their ids are patient data, never kept
        String path = org.wardwatch.protocols.fhir.FhirPaths.withoutPatientIds(pathOf(d, h.targetStart, h.targetEnd));
        String method = method(d, h.methodStart, h.methodEnd);
        if (pending.size() < MAX_PENDING) {
            pending.addLast(new String[] {method, path});
        } else {
            ctx.anomaly("http_pending_cap");
        }
        int nameCount = Math.min(h.headerCount, MAX_HEADER_NAMES);
        String[] names = new String[nameCount];
        for (int k = 0; k < nameCount; k++) {
            names[k] = headerName(d, h.nameStart[k], h.nameEnd[k]);
        }
        int authorization = wanted[W_AUTHORIZATION];
        int proxyAuthorization = wanted[W_PROXY_AUTHORIZATION];
        String host = capped(h, wanted[W_HOST]);
        ctx.emit(new HttpRequestSeen(ctx.ts(), ctx.flow(), Ascii.cap(method, 32), host, path, hasQuery, version(h),
                capped(h, wanted[W_USER_AGENT]), capped(h, wanted[W_CONTENT_TYPE]),
                contentLength >= 0 ? contentLength : null, List.of(names)));
        if (authorization >= 0 || proxyAuthorization >= 0) {
            String authorizationValue = h.value(authorization);
            String proxyAuthorizationValue = h.value(proxyAuthorization);
            credentials(authorizationValue, "authorization", host, ctx);
            credentials(proxyAuthorizationValue, "proxy-authorization", host, ctx);
            ntlm(authorizationValue, ctx);
            ntlm(proxyAuthorizationValue, ctx);
        }
    }

    /** Header {@code k}'s value cut to {@link #MAX_VALUE} characters; null when absent. */
    private static String capped(HttpHeadReader h, int k) {
        if (k < 0) {
            return null;
        }
        int from = h.valueStart[k];
        return HttpHeadReader.text(h.valueBytes(k), from, Math.min(h.valueEnd[k], from + MAX_VALUE));
    }

    private static String version(HttpHeadReader h) {
        byte[] d = h.data;
        int v = h.versionStart;
        // "HTTP/1.1" and "HTTP/1.0" as constants: every message names one
        if (d[v + 5] == '1' && d[v + 7] == '1') {
            return "HTTP/1.1";
        }
        if (d[v + 5] == '1' && d[v + 7] == '0') {
            return "HTTP/1.0";
        }
        return HttpHeadReader.text(d, v, h.versionEnd);
    }

    private static final String[] KNOWN_METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT",
        "TRACE", "PROPFIND", "SUBSCRIBE", "NOTIFY", "M-SEARCH"};
    private static final byte[][] KNOWN_METHOD_BYTES = asciiAll(KNOWN_METHODS);

    /** The method token as text (a constant for the usual methods). */
    private static String method(byte[] d, int from, int to) {
        for (int i = 0; i < KNOWN_METHOD_BYTES.length; i++) {
            if (regionEquals(d, from, to, KNOWN_METHOD_BYTES[i], false)) {
                return KNOWN_METHODS[i];
            }
        }
        return HttpHeadReader.text(d, from, to);
    }

    private static final String[] COMMON_HEADER_NAMES = {"host", "user-agent", "accept", "accept-encoding", "accept-language",
        "connection", "content-type", "content-length", "cache-control", "cookie", "authorization", "referer", "origin",
        "upgrade-insecure-requests", "pragma", "if-modified-since", "if-none-match", "x-requested-with", "keep-alive",
        "soapaction", "transfer-encoding", "range", "te", "expect", "dnt", "nt", "nts", "sid", "callback", "timeout",
        "content-encoding", "x-forwarded-for", "proxy-authorization", "proxy-connection", "date", "man", "mx", "st"};
    private static final byte[][] COMMON_HEADER_NAME_BYTES = asciiAll(COMMON_HEADER_NAMES);

    /** A header name lower-cased and cut to 64 characters (a constant for common names). */
    private static String headerName(byte[] d, int from, int to) {
        for (int i = 0; i < COMMON_HEADER_NAME_BYTES.length; i++) {
            if (regionEquals(d, from, to, COMMON_HEADER_NAME_BYTES[i], true)) {
                return COMMON_HEADER_NAMES[i];
            }
        }
        return lowerCaseName(d, from, to);
    }

    /** A header name that is not a common one, lower-cased and cut to 64 characters. */
    private static String lowerCaseName(byte[] d, int from, int to) {
        int n = Math.min(to - from, 64);
        byte[] lower = new byte[n];
        for (int i = 0; i < n; i++) {
            lower[i] = (byte) Ascii.lower(d[from + i] & 0xFF); // a token: ASCII only
        }
        return new String(lower, StandardCharsets.ISO_8859_1);
    }

    private static boolean regionEquals(byte[] d, int from, int to, byte[] expected, boolean ignoreCase) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            int c = d[from + i] & 0xFF;
            if ((ignoreCase ? Ascii.lower(c) : c) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] asciiAll(String[] texts) {
        byte[][] out = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            out[i] = HttpHeadReader.ascii(texts[i]);
        }
        return out;
    }

    private static final byte[] HOST = HttpHeadReader.ascii("host");
    private static final byte[] USER_AGENT = HttpHeadReader.ascii("user-agent");
    private static final byte[] CONTENT_TYPE = HttpHeadReader.ascii("content-type");
    private static final byte[] CONTENT_ENCODING = HttpHeadReader.ascii("content-encoding");
    private static final byte[] AUTHORIZATION = HttpHeadReader.ascii("authorization");
    private static final byte[] PROXY_AUTHORIZATION = HttpHeadReader.ascii("proxy-authorization");
    private static final byte[] WWW_AUTHENTICATE = HttpHeadReader.ascii("www-authenticate");
    private static final byte[] PROXY_AUTHENTICATE = HttpHeadReader.ascii("proxy-authenticate");
    private static final byte[] SERVER = HttpHeadReader.ascii("server");
    private static final byte[] X_POWERED_BY = HttpHeadReader.ascii("x-powered-by");
    private static final byte[] XML = HttpHeadReader.ascii("xml");
    /** The headers the observations read, found in one pass over a head ({@link HttpHeadReader#findFirst}). */
    private static final byte[][] WANTED = {HOST, USER_AGENT, CONTENT_TYPE, CONTENT_ENCODING, AUTHORIZATION,
        PROXY_AUTHORIZATION, WWW_AUTHENTICATE, PROXY_AUTHENTICATE, SERVER, X_POWERED_BY};
    private static final int W_HOST = 0, W_USER_AGENT = 1, W_CONTENT_TYPE = 2, W_CONTENT_ENCODING = 3, W_AUTHORIZATION = 4,
            W_PROXY_AUTHORIZATION = 5, W_WWW_AUTHENTICATE = 6, W_PROXY_AUTHENTICATE = 7, W_SERVER = 8, W_X_POWERED_BY = 9;

    /**
     * "NTLM &lt;base64&gt;" or "Negotiate &lt;base64&gt;" ([MS-NTHT] 2.2.1-2.2.2): decodes the token and hands an
     * NTLMSSP message in it (SPNEGO-wrapped or bare) to the NTLMSSP decoder. Kerberos tokens are left alone.
     */
    private void ntlm(String value, AnalyzerContext ctx) {
        if (value == null) {
            return;
        }
        String t = value.trim();
        int sp = t.indexOf(' ');
        if (sp < 0) {
            return;
        }
        String scheme = t.substring(0, sp);
        if (!scheme.equalsIgnoreCase("NTLM") && !scheme.equalsIgnoreCase("Negotiate")) {
            return;
        }
        String token = t.substring(sp + 1).trim();
        int comma = token.indexOf(',');
        if (comma >= 0) {
            token = token.substring(0, comma).trim(); // another challenge follows in the same header line
        }
        if (token.isEmpty() || ntlmTokens >= MAX_NTLM_TOKENS) {
            return;
        }
        ntlmTokens++;
        if (token.length() > MAX_NTLM_TOKEN_CHARS) {
            ctx.anomaly("http_ntlm_token_over_cap");
            return;
        }
        byte[] blob;
        try {
            blob = java.util.Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            ctx.anomaly("http_ntlm_bad_base64");
            return;
        }
        int at = NtlmsspDecoder.find(blob, 0, blob.length);
        if (at >= 0) {
            NtlmsspDecoder.decode(blob, at, blob.length - at, "http", ctx);
        }
    }

    private void credentials(String v, String key, String host, AnalyzerContext ctx) {
        if (v == null || v.isBlank()) {
            return;
        }
        String t = v.trim();
        int sp = t.indexOf(' ');
        String scheme = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
        if (scheme.length() > 32 || !scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            scheme = "other"; // not a scheme token: never copy the value
        }
        if (credentialSchemes == null) {
            credentialSchemes = new HashSet<>(4);
        }
        if (credentialSchemes.size() < 8 && credentialSchemes.add(key + " " + scheme)) {
            ctx.emit(new HttpCleartextCredentialsSeen(ctx.ts(), ctx.flow(), scheme, key, host));
        }
    }

    private void response(HttpHeadReader h, long contentLength, AnalyzerContext ctx) {
        List<String> schemes = List.of();
        if (wanted[W_PROXY_AUTHENTICATE] >= 0 || wanted[W_WWW_AUTHENTICATE] >= 0) {
            schemes = challenges(h, ctx);
        }
        ctx.emit(new HttpResponseSeen(ctx.ts(), ctx.flow(), version(h), h.statusCode, capped(h, wanted[W_SERVER]),
                capped(h, wanted[W_CONTENT_TYPE]), contentLength >= 0 ? contentLength : null,
                capped(h, wanted[W_X_POWERED_BY]), schemes));
    }

    /** Proxy-Authenticate and WWW-Authenticate challenges: NTLM tokens decoded, the WWW schemes listed. */
    private List<String> challenges(HttpHeadReader h, AnalyzerContext ctx) {
        for (int k = h.find(PROXY_AUTHENTICATE); k >= 0; k = h.find(PROXY_AUTHENTICATE, k + 1)) {
            ntlm(h.value(k), ctx);
        }
        List<String> schemes = new ArrayList<>(2);
        for (int k = h.find(WWW_AUTHENTICATE); k >= 0; k = h.find(WWW_AUTHENTICATE, k + 1)) {
            String challenge = h.value(k);
            ntlm(challenge, ctx);
            String t = challenge.trim();
            int sp = t.indexOf(' ');
            String scheme = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
            if (!scheme.isEmpty() && schemes.size() < 8 && !schemes.contains(scheme)) {
                schemes.add(Ascii.cap(scheme, 32));
            }
        }
        return schemes;
    }

    /**
     * The path of a request target (origin form as is, absolute form without scheme and authority), with
     * the query and fragment dropped and identifier-like segments replaced by {@code *}, so that no
     * record, patient, user or session identifier leaves the sensor (see {@link #redactPath}).
     */
    static String pathOf(String target) {
        byte[] b = latin1(target);
        return pathOf(b, 0, b.length);
    }

    /** {@link #pathOf(String)} of the target's text {@code d[from, to)}, read in place. */
    static String pathOf(byte[] d, int from, int to) {
        int scheme = indexOfSchemeEnd(d, from, to);
        if (scheme - from > 0 && scheme - from < 10) {
            int slash = Ascii.indexOf(d, scheme + 3, to, '/');
            if (slash < 0) {
                return "/";
            }
            from = slash;
        }
        int q = Ascii.indexOf(d, from, to, '?');
        if (q >= 0) {
            to = q;
        }
        int frag = Ascii.indexOf(d, from, to, '#');
        if (frag >= 0) {
            to = frag;
        }
        return Ascii.cap(redactPath(d, from, to), MAX_PATH);
    }

    /** Index of the first "://", or -1. */
    private static int indexOfSchemeEnd(byte[] d, int from, int to) {
        for (int i = from; i + 3 <= to; i++) {
            if (d[i] == ':' && d[i + 1] == '/' && d[i + 2] == '/') {
                return i;
            }
        }
        return -1;
    }

    /** Segments after which every segment names a person or record (REST and FHIR conventions), lower case. */
    private static final byte[][] PERSON_COLLECTIONS = asciiAll(new String[] {"patient", "patients", "person", "persons",
        "people", "user", "users", "member", "members", "subject", "subjects", "mrn", "practitioner", "relatedperson",
        "account", "accounts", "encounter", "encounters", "fhir"});
    private static final byte[] FHIR = HttpHeadReader.ascii("fhir");

    /**
     * Keeps a path's shape and its words, not its identifiers. A segment is kept only when it is a
     * word: starts with a letter, at most 32 characters of letters, '.', '-', '_' or '~', no digits
     * (so "description.xml", "cgi-bin", "api" stay; "v1", "12345", UUIDs, tokens, e-mail addresses and
     * percent-encoded text become "*"). After a segment naming people or records ("Patient", "users",
     * "fhir"...) everything but the next word (a FHIR resource type after "fhir") becomes "*" too,
     * because names are words: "/fhir/Patient/WW-CANARY-8675309" → "/fhir/Patient/*",
     * "/patients/smith-john" → "/patients/*".
     */
    static String redactPath(String path) {
        if (path.isEmpty() || path.equals("*")) {
            return path;
        }
        byte[] b = latin1(path);
        return redactPath(b, 0, b.length);
    }

    /** {@link #redactPath(String)} of the text {@code d[from, to)}, read in place (words are ASCII). */
    private static String redactPath(byte[] d, int from, int to) {
        if (from >= to) {
            return "";
        }
        if (to - from == 1 && d[from] == '*') {
            return "*";
        }
        byte[] out = new byte[to - from]; // a segment becomes itself or "*": never longer
        int n = 0;
        int wordsLeft = Integer.MAX_VALUE; // after a person/record collection: how many more words may stay
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && d[i] != '/') {
                continue;
            }
            if (start > from) {
                out[n++] = '/';
            }
            if (i > start) {
                boolean word = isWord(d, start, i) && wordsLeft > 0;
                if (word) {
                    System.arraycopy(d, start, out, n, i - start);
                    n += i - start;
                } else {
                    out[n++] = '*';
                }
                if (wordsLeft != Integer.MAX_VALUE) {
                    wordsLeft--;
                }
                if (word && isPersonCollection(d, start, i)) {
                    wordsLeft = regionEquals(d, start, i, FHIR, true) ? 1 : 0;
                }
            }
            start = i + 1;
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static boolean isPersonCollection(byte[] d, int from, int to) {
        for (byte[] c : PERSON_COLLECTIONS) {
            if (regionEquals(d, from, to, c, true)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWord(byte[] d, int from, int to) {
        int first = d[from];
        if (to - from > 32 || !((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = d[i];
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A String's characters as bytes for the path readers: ISO-8859-1, and any other character as 0x01 (it
     * is no letter, separator or delimiter, as U+FFFD in a target's text is none).
     */
    private static byte[] latin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            b[i] = (byte) (c <= 0xFF ? c : 0x01);
        }
        return b;
    }

    private void stop(AnalyzerContext ctx, String why) {
        stopped = true;
        if (!confirmed) {
            ctx.violation(why == null ? "not HTTP" : why);
        } else {
            ctx.done();
        }
    }

    /**
     * A request line ("GET /x HTTP/1.1") or status line ("HTTP/1.1 200"): the method must be a known
     * HTTP or WebDAV method followed by a space and a target start, so other text protocols with
     * upper-case verbs (SMTP, FTP, RTSP, SIP) are not claimed.
     */
    public static boolean looksLikeHttp(byte[] d, int off, int len) {
        if (Ascii.startsWith(d, off, len, "HTTP/1.")) {
            return len >= 9 && (d[off + 7] == '0' || d[off + 7] == '1') && d[off + 8] == ' ';
        }
        for (String m : METHODS) {
            if (Ascii.startsWith(d, off, len, m) && len > m.length()) {
                int c = d[off + m.length()];
                return c == '/' || c == '*' || c == 'h' || (m.equals("CONNECT ") && c != ' ');
            }
        }
        return false;
    }

    private static final String[] METHODS = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ",
        "TRACE ", "PROPFIND ", "PROPPATCH ", "MKCOL ", "COPY ", "MOVE ", "LOCK ", "UNLOCK ", "SUBSCRIBE ", "UNSUBSCRIBE ",
        "NOTIFY ", "M-SEARCH ", "REPORT ", "SEARCH "};

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "http";
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public int[] portHints() {
            return new int[] {80, 8080, 8000, 8008, 8888, 591, 49152};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeHttp(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new HttpAnalyzer();
        }

        @Override
        public int maxBufferedBytes() {
            return HttpMessageParser.DEFAULT_MAX_HEAD_BYTES + 1024;
        }
    }
}
