package org.wardwatch.protocols.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Previous implementation, kept as the oracle of {@link HttpInPlaceParsingAgreementTest} (same
 * observations, byte for byte). Previous documentation follows.
 *
 * <p>
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
 *     characters replaced (see {@link AsciiReference}).</li>
 * </ul>
 *
 * <h2>Pitfalls</h2>
 * Header values are as sent, including anything sensitive (Authorization, Cookie): callers record
 * facts about them, never the values. Targets may carry query strings with identifiers: see how
 * {@code HttpAnalyzerReference} reduces them to a path.
 */
final class HttpMessageParserReference {
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

    private HttpMessageParserReference() {
    }

    /** Parses a head with the default cap of {@value #DEFAULT_MAX_HEAD_BYTES} bytes. */
    public static Parsed parse(byte[] data, int offset, int length) {
        return parse(data, offset, length, DEFAULT_MAX_HEAD_BYTES);
    }

    public static Parsed parse(byte[] data, int offset, int length, int maxHeadBytes) {
        int limit = offset + Math.min(length, maxHeadBytes);
        int end = offset + length;
        // find the end of the first line before anything else: a non-HTTP stream fails fast
        int lineEnd = AsciiReference.indexOfLf(data, offset, limit - offset);
        if (lineEnd < 0) {
            if (length >= maxHeadBytes) {
                return Parsed.TOO_LONG;
            }
            return startsLikeHttp(data, offset, length) ? Parsed.INCOMPLETE : Parsed.malformed("no HTTP start line");
        }
        String startLine = line(data, offset, lineEnd);
        boolean request;
        String method = null, target = null, version, reason = null;
        int status = -1;
        if (startLine.startsWith("HTTP/")) {
            request = false;
            int sp = startLine.indexOf(' ');
            if (sp < 0 || !isVersion(startLine.substring(0, sp))) {
                return Parsed.malformed("bad status line");
            }
            version = startLine.substring(0, sp);
            String rest = startLine.substring(sp + 1);
            if (rest.length() < 3 || !Character.isDigit(rest.charAt(0)) || !Character.isDigit(rest.charAt(1))
                    || !Character.isDigit(rest.charAt(2)) || (rest.length() > 3 && rest.charAt(3) != ' ')) {
                return Parsed.malformed("bad status code");
            }
            status = Integer.parseInt(rest.substring(0, 3));
            reason = rest.length() > 4 ? cap(rest.substring(4)) : "";
        } else {
            request = true;
            // method SP request-target SP HTTP-version: the target holds no space (RFC 9112 3.2); a target
            // with spaces (attack tools send them) ends at the first one, as tshark reads it
            int sp1 = startLine.indexOf(' ');
            int sp2 = startLine.lastIndexOf(' ');
            if (sp1 <= 0 || sp2 <= sp1 || !isToken(startLine, 0, sp1)) {
                return Parsed.malformed("bad request line");
            }
            version = startLine.substring(sp2 + 1);
            if (!isVersion(version)) {
                return Parsed.malformed("bad request version");
            }
            method = startLine.substring(0, sp1);
            int targetEnd = startLine.indexOf(' ', sp1 + 1);
            target = cap(startLine.substring(sp1 + 1, targetEnd));
        }
        List<Header> headers = new ArrayList<>();
        int dropped = 0;
        int pos = lineEnd + 1;
        while (true) {
            int lf = AsciiReference.indexOfLf(data, pos, limit - pos);
            if (lf < 0) {
                return limit < end || length >= maxHeadBytes ? Parsed.TOO_LONG : Parsed.INCOMPLETE;
            }
            int contentEnd = lf > pos && data[lf - 1] == '\r' ? lf - 1 : lf;
            if (contentEnd == pos) {
                return new Parsed(Status.COMPLETE, new Head(request, method, target, version, status, reason,
                        List.copyOf(headers), dropped, lf + 1 - offset), null);
            }
            int first = data[pos] & 0xFF;
            if ((first == ' ' || first == '\t') && !headers.isEmpty()) {
                // obs-fold: continuation of the previous field value
                Header prev = headers.remove(headers.size() - 1);
                headers.add(new Header(prev.name(), cap(prev.value() + " " + line(data, pos, lf).trim())));
            } else {
                int colon = -1;
                for (int i = pos; i < contentEnd; i++) {
                    if (data[i] == ':') {
                        colon = i;
                        break;
                    }
                }
                if (colon <= pos || !isToken(data, pos, colon)) {
                    return Parsed.malformed("bad header field");
                }
                if (headers.size() < MAX_HEADERS) {
                    String name = AsciiReference.text(data, pos, colon - pos, MAX_FIELD_CHARS);
                    String value = AsciiReference.textWithNul(data, colon + 1, contentEnd - colon - 1, MAX_FIELD_CHARS).trim();
                    headers.add(new Header(name, value));
                } else {
                    dropped++;
                }
            }
            pos = lf + 1;
        }
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

    private static boolean isVersion(String v) {
        return v.length() == 8 && v.startsWith("HTTP/") && Character.isDigit(v.charAt(5)) && v.charAt(6) == '.'
                && Character.isDigit(v.charAt(7));
    }

    private static boolean isToken(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!tchar(s.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean isToken(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!tchar((char) (d[i] & 0xFF))) {
                return false;
            }
        }
        return to > from;
    }

    /** RFC 9110 tchar. */
    private static boolean tchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String line(byte[] d, int from, int lf) {
        int e = lf > from && d[lf - 1] == '\r' ? lf - 1 : lf;
        return AsciiReference.textWithNul(d, from, e - from, 8 * 1024);
    }

    private static String cap(String s) {
        return AsciiReference.cap(s, MAX_FIELD_CHARS);
    }
}
