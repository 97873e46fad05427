package org.wardwatch.protocols.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the head of an HTTP/1.x message (RFC 9112 sections 2-5): the request line or status line
 * and the header fields, up to and including the empty line. Reusable by every analyzer that
 * speaks HTTP/1.x or its relatives (SSDP over UDP, FHIR REST, RTSP-like heads): it knows nothing
 * about bodies, which depend on the protocol (see {@link Head#contentLength()} and
 * {@link Head#chunked()} for HTTP's own rules).
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@link #parse} looks at {@code data[offset, offset+length)} and returns
 *     {@link Status#INCOMPLETE} when the empty line has not arrived yet (call again with more bytes),
 *     {@link Status#TOO_LONG} when no complete head fits in {@code maxHeadBytes},
 *     {@link Status#MALFORMED} when the bytes cannot be an HTTP/1.x head, or
 *     {@link Status#COMPLETE} with the {@link Head} and how many bytes it used.</li>
 * <li>It never throws and never reads outside the range. Lines may end with CRLF or a bare LF;
 *     obsolete line folding is joined with a space; at most {@value #MAX_HEADERS} header fields are
 *     kept (the rest are skipped, {@link Head#headersDropped()} says how many); each name and value
 *     is capped at {@value #MAX_FIELD_CHARS} characters. Text is ISO-8859-1 with control
 *     characters replaced (see {@link Ascii}).</li>
 * </ul>
 *
 * <h2>Pitfalls</h2>
 * Header values are as sent, including anything sensitive (Authorization, Cookie): callers record
 * facts about them, never the values. Targets may carry query strings with identifiers: see how
 * {@code HttpAnalyzer} reduces them to a path.
 */
public final class HttpMessageParser {
    public static final int DEFAULT_MAX_HEAD_BYTES = 16 * 1024;
    public static final int MAX_HEADERS = 100;
    public static final int MAX_FIELD_CHARS = 1024;

    public enum Status { COMPLETE, INCOMPLETE, MALFORMED, TOO_LONG }

    /** One header field; the name keeps its case as sent. */
    public record Header(String name, String value) {
    }

    /**
     * A parsed head. For a request {@code method}, {@code target} and {@code version} are set and
     * {@code status} is -1; for a response {@code version}, {@code status} and {@code reason}.
     *
     * @param length bytes of the head, including the final empty line
     */
    public record Head(boolean request, String method, String target, String version, int status, String reason,
                       List<Header> headers, int headersDropped, int length) {
        /** The first value of a header field (name compared ignoring case), or null. */
        public String header(String name) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }

        /** Every value of a header field, in order. */
        public List<String> headers(String name) {
            List<String> out = new ArrayList<>(2);
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    out.add(h.value());
                }
            }
            return out;
        }

        /** Content-Length as a number; -1 when absent, -2 when invalid or conflicting (RFC 9112 6.3). */
        public long contentLength() {
            long result = -1;
            for (String v : headers("Content-Length")) {
                for (String part : v.split(",")) {
                    String p = part.trim();
                    if (p.isEmpty() || p.length() > 18) {
                        return -2;
                    }
                    long n = 0;
                    for (int i = 0; i < p.length(); i++) {
                        char c = p.charAt(i);
                        if (c < '0' || c > '9') {
                            return -2;
                        }
                        n = n * 10 + (c - '0');
                    }
                    if (result >= 0 && result != n) {
                        return -2;
                    }
                    result = n;
                }
            }
            return result;
        }

        /** Whether Transfer-Encoding ends with "chunked". */
        public boolean chunked() {
            List<String> te = headers("Transfer-Encoding");
            if (te.isEmpty()) {
                return false;
            }
            String last = te.get(te.size() - 1).trim().toLowerCase(java.util.Locale.ROOT);
            return last.endsWith("chunked");
        }
    }

    /** The outcome of {@link #parse}: a status and, when complete, the head. */
    public record Parsed(Status status, Head head, String error) {
        static final Parsed INCOMPLETE = new Parsed(Status.INCOMPLETE, null, null);
        static final Parsed TOO_LONG = new Parsed(Status.TOO_LONG, null, "head longer than the cap");

        static Parsed malformed(String why) {
            return new Parsed(Status.MALFORMED, null, why);
        }
    }

    private HttpMessageParser() {
    }

    /** Parses a head with the default cap of {@value #DEFAULT_MAX_HEAD_BYTES} bytes. */
    public static Parsed parse(byte[] data, int offset, int length) {
        return parse(data, offset, length, DEFAULT_MAX_HEAD_BYTES);
    }

    public static Parsed parse(byte[] data, int offset, int length, int maxHeadBytes) {
        HttpHeadReader r = READERS.get();
        switch (r.read(data, offset, length, maxHeadBytes)) {
            case INCOMPLETE:
                return Parsed.INCOMPLETE;
            case TOO_LONG:
                return Parsed.TOO_LONG;
            case MALFORMED:
                return Parsed.malformed(r.error);
            default:
                return new Parsed(Status.COMPLETE, head(r), null);
        }
    }

    /** One reader per thread: the head is turned into Strings before parse returns, nothing keeps the reader. */
    private static final ThreadLocal<HttpHeadReader> READERS = ThreadLocal.withInitial(HttpHeadReader::new);

    /** The head a reader found, as Strings. */
    static Head head(HttpHeadReader r) {
        Header[] headers = new Header[r.headerCount];
        for (int k = 0; k < headers.length; k++) {
            headers[k] = new Header(r.name(k), r.value(k));
        }
        String reason = r.reasonStart < 0 ? "" : HttpHeadReader.text(r.data, r.reasonStart, r.reasonEnd);
        return r.request
                ? new Head(true, HttpHeadReader.text(r.data, r.methodStart, r.methodEnd),
                        HttpHeadReader.text(r.data, r.targetStart, r.targetEnd),
                        HttpHeadReader.text(r.data, r.versionStart, r.versionEnd), -1, null, List.of(headers),
                        r.headersDropped, r.length)
                : new Head(false, null, null, HttpHeadReader.text(r.data, r.versionStart, r.versionEnd), r.statusCode, reason,
                        List.of(headers), r.headersDropped, r.length);
    }

    /**
     * Whether the bytes can be the beginning of an HTTP/1.x head: "HTTP/1." or an upper-case method
     * token followed by a space (only the bytes present are checked).
     */
    public static boolean startsLikeHttp(byte[] d, int off, int len) {
        String http = "HTTP/1.";
        int n = Math.min(len, http.length());
        boolean httpPrefix = true;
        for (int i = 0; i < n; i++) {
            if (d[off + i] != (byte) http.charAt(i)) {
                httpPrefix = false;
                break;
            }
        }
        if (httpPrefix) {
            return true;
        }
        for (int i = 0; i < Math.min(len, 21); i++) {
            int c = d[off + i] & 0xFF;
            if (c == ' ') {
                return i > 0;
            }
            if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                return false;
            }
        }
        return len < 21;
    }

}
