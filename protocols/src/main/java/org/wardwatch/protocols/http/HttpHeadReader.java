package org.wardwatch.protocols.http;

import java.util.Arrays;

/**
 * Reads an HTTP/1.x head in place: the rules of {@link HttpMessageParser} (same statuses, errors, caps,
 * obs-fold joining, header limit), but the result is offsets into the caller's bytes, not Strings. An
 * analyzer keeps one reader and makes Strings only for the parts it reports ({@link #text}); the offsets
 * are valid until the bytes passed to {@link #read} change. {@link HttpMessageParser#parse} builds its
 * {@link HttpMessageParser.Head} from a reader.
 *
 * <p>Text rules, as {@link Ascii#textWithNul} shows bytes: a byte range becomes ISO-8859-1 text with
 * control characters and DEL as U+FFFD, so Java's {@code trim()} of such text removes only spaces, and
 * ASCII case-insensitive comparison of a range equals {@code equalsIgnoreCase}/{@code toLowerCase} on
 * its text (no ISO-8859-1 letter lower-cases to ASCII). A value joined from folded lines is kept in the
 * reader's own buffer ({@link #valueBytes}).
 */
final class HttpHeadReader {
    static final int MAX_START_LINE = 8 * 1024;

    HttpMessageParser.Status status;
    /** Why the head is malformed, null otherwise. */
    String error;
    boolean request;
    byte[] data;
    /** Request: method, target (capped), version; response: version, reason (capped; -1 when absent). */
    int methodStart, methodEnd, targetStart, targetEnd, versionStart, versionEnd, reasonStart = -1, reasonEnd;
    int statusCode = -1;
    int headerCount;
    int headersDropped;
    /** Bytes of the head, including the final empty line. */
    int length;
    int[] nameStart = new int[12];
    int[] nameEnd = new int[12];
    int[] valueStart = new int[12];
    int[] valueEnd = new int[12];
    /** Whether a header's value lives in {@link #folded} (joined from obs-fold lines). */
    boolean[] valueFolded = new boolean[12];
    private byte[] folded;
    private int foldedLength;

    /** Reads {@code data[offset, offset+length)}; see {@link HttpMessageParser#parse(byte[], int, int, int)}. */
    HttpMessageParser.Status read(byte[] d, int offset, int len, int maxHeadBytes) {
        data = d;
        error = null;
        headerCount = 0;
        headersDropped = 0;
        foldedLength = 0;
        statusCode = -1;
        reasonStart = -1;
        int limit = offset + Math.min(len, maxHeadBytes);
        int end = offset + len;
        // find the end of the first line before anything else: a non-HTTP stream fails fast
        int lineEnd = Ascii.indexOfLf(d, offset, limit - offset);
        if (lineEnd < 0) {
            if (len >= maxHeadBytes) {
                return status = HttpMessageParser.Status.TOO_LONG;
            }
            return HttpMessageParser.startsLikeHttp(d, offset, len) ? status = HttpMessageParser.Status.INCOMPLETE
                    : malformed("no HTTP start line");
        }
        if (!startLine(d, offset, lineEnd)) {
            return status;
        }
        int pos = lineEnd + 1;
        while (true) {
            int lf = Ascii.indexOfLf(d, pos, limit - pos);
            if (lf < 0) {
                return status = limit < end || len >= maxHeadBytes ? HttpMessageParser.Status.TOO_LONG
                        : HttpMessageParser.Status.INCOMPLETE;
            }
            int contentEnd = lf > pos && d[lf - 1] == '\r' ? lf - 1 : lf;
            if (contentEnd == pos) {
                length = lf + 1 - offset;
                return status = HttpMessageParser.Status.COMPLETE;
            }
            int first = d[pos] & 0xFF;
            if ((first == ' ' || first == '\t') && headerCount > 0) {
                fold(d, pos, contentEnd); // obs-fold: continuation of the previous field value
            } else if (!field(d, pos, contentEnd)) {
                return malformed("bad header field");
            }
            pos = lf + 1;
        }
    }

    /** The request line or status line (its text is capped at {@link #MAX_START_LINE} characters). */
    private boolean startLine(byte[] d, int offset, int lineEnd) {
        int contentEnd = lineEnd > offset && d[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        int stop = offset + Math.min(contentEnd - offset, MAX_START_LINE);
        if (Ascii.startsWith(d, offset, stop - offset, "HTTP/")) {
            request = false;
            int sp = Ascii.indexOf(d, offset, stop, ' ');
            if (sp < 0 || !isVersion(d, offset, sp)) {
                malformed("bad status line");
                return false;
            }
            versionStart = offset;
            versionEnd = sp;
            int rest = sp + 1;
            int restLength = stop - rest;
            if (restLength < 3 || !digit(d[rest]) || !digit(d[rest + 1]) || !digit(d[rest + 2])
                    || (restLength > 3 && d[rest + 3] != ' ')) {
                malformed("bad status code");
                return false;
            }
            statusCode = (d[rest] - '0') * 100 + (d[rest + 1] - '0') * 10 + (d[rest + 2] - '0');
            if (restLength > 4) {
                reasonStart = rest + 4;
                reasonEnd = Math.min(stop, reasonStart + HttpMessageParser.MAX_FIELD_CHARS);
            }
            return true;
        }
        request = true;
        // method SP request-target SP HTTP-version: the target holds no space (RFC 9112 3.2); a target
        // with spaces (attack tools send them) ends at the first one, as tshark reads it
        int sp1 = Ascii.indexOf(d, offset, stop, ' ');
        int sp2 = lastIndexOf(d, offset, stop, (byte) ' ');
        if (sp1 <= offset || sp2 <= sp1 || !isToken(d, offset, sp1)) {
            malformed("bad request line");
            return false;
        }
        if (!isVersion(d, sp2 + 1, stop)) {
            malformed("bad request version");
            return false;
        }
        versionStart = sp2 + 1;
        versionEnd = stop;
        methodStart = offset;
        methodEnd = sp1;
        targetStart = sp1 + 1;
        targetEnd = Math.min(Ascii.indexOf(d, targetStart, stop, ' '), targetStart + HttpMessageParser.MAX_FIELD_CHARS);
        return true;
    }

    /** A "name: value" line; false when it is not one. */
    private boolean field(byte[] d, int pos, int contentEnd) {
        int colon = Ascii.indexOf(d, pos, contentEnd, ':');
        if (colon <= pos || !isToken(d, pos, colon)) {
            return false;
        }
        if (headerCount >= HttpMessageParser.MAX_HEADERS) {
            headersDropped++;
            return true;
        }
        if (headerCount == nameStart.length) {
            grow();
        }
        int k = headerCount++;
        nameStart[k] = pos;
        nameEnd[k] = Math.min(colon, pos + HttpMessageParser.MAX_FIELD_CHARS);
        int from = colon + 1;
        int to = Math.min(contentEnd, from + HttpMessageParser.MAX_FIELD_CHARS);
        while (from < to && d[from] == ' ') {
            from++;
        }
        while (to > from && d[to - 1] == ' ') {
            to--;
        }
        valueStart[k] = from;
        valueEnd[k] = to;
        valueFolded[k] = false;
        return true;
    }

    /**
     * Joins a continuation line to the last kept field: previous value, a space, the line's text trimmed,
     * capped at {@link HttpMessageParser#MAX_FIELD_CHARS}. Rare, so the value moves to the reader's buffer.
     */
    private void fold(byte[] d, int pos, int contentEnd) {
        int k = headerCount - 1;
        int from = pos;
        int to = pos + Math.min(contentEnd - pos, MAX_START_LINE);
        while (from < to && d[from] == ' ') {
            from++;
        }
        while (to > from && d[to - 1] == ' ') {
            to--;
        }
        if (!valueFolded[k]) {
            // the last kept field's value moves to the end of the buffer, where later folds extend it
            int n = valueEnd[k] - valueStart[k];
            ensureFolded(n);
            System.arraycopy(d, valueStart[k], folded, foldedLength, n);
            valueStart[k] = foldedLength;
            valueEnd[k] = foldedLength + n;
            foldedLength += n;
            valueFolded[k] = true;
        }
        int room = HttpMessageParser.MAX_FIELD_CHARS - (valueEnd[k] - valueStart[k]);
        if (room <= 0) {
            return;
        }
        int add = Math.min(room, 1 + (to - from));
        ensureFolded(add);
        folded[foldedLength] = ' ';
        System.arraycopy(d, from, folded, foldedLength + 1, add - 1);
        foldedLength += add;
        valueEnd[k] += add;
    }

    private void ensureFolded(int more) {
        if (folded == null) {
            folded = new byte[Math.max(2 * HttpMessageParser.MAX_FIELD_CHARS, more)];
        } else if (foldedLength + more > folded.length) {
            folded = Arrays.copyOf(folded, Math.max(folded.length * 2, foldedLength + more));
        }
    }

    private void grow() {
        int n = Math.min(HttpMessageParser.MAX_HEADERS, nameStart.length * 2);
        nameStart = Arrays.copyOf(nameStart, n);
        nameEnd = Arrays.copyOf(nameEnd, n);
        valueStart = Arrays.copyOf(valueStart, n);
        valueEnd = Arrays.copyOf(valueEnd, n);
        valueFolded = Arrays.copyOf(valueFolded, n);
    }

    private HttpMessageParser.Status malformed(String why) {
        error = why;
        return status = HttpMessageParser.Status.MALFORMED;
    }

    // ---- reading the result ----

    /** The bytes holding header {@code k}'s value ({@link #valueStart}..{@link #valueEnd}). */
    byte[] valueBytes(int k) {
        return valueFolded[k] ? folded : data;
    }

    String name(int k) {
        return Ascii.text(data, nameStart[k], nameEnd[k] - nameStart[k], HttpMessageParser.MAX_FIELD_CHARS);
    }

    String value(int k) {
        return k < 0 ? null : text(valueBytes(k), valueStart[k], valueEnd[k]);
    }

    /** Index of the first header whose name is {@code lowerName} ignoring ASCII case, from {@code from}; -1 if none. */
    int find(byte[] lowerName, int from) {
        for (int k = from; k < headerCount; k++) {
            if (nameIs(k, lowerName)) {
                return k;
            }
        }
        return -1;
    }

    int find(byte[] lowerName) {
        return find(lowerName, 0);
    }

    /** For each of {@code lowerNames}, the index of the first header so named (-1 if none), in one pass. */
    void findFirst(byte[][] lowerNames, int[] out) {
        Arrays.fill(out, -1);
        for (int k = 0; k < headerCount; k++) {
            int n = nameEnd[k] - nameStart[k];
            for (int i = 0; i < lowerNames.length; i++) {
                if (out[i] < 0 && lowerNames[i].length == n && nameIs(k, lowerNames[i])) {
                    out[i] = k;
                }
            }
        }
    }

    boolean nameIs(int k, byte[] lowerName) {
        int s = nameStart[k];
        if (nameEnd[k] - s != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if (Ascii.lower(data[s + i] & 0xFF) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@link HttpMessageParser.Head#contentLength()} read in place. */
    long contentLength() {
        long result = -1;
        for (int k = find(CONTENT_LENGTH); k >= 0; k = find(CONTENT_LENGTH, k + 1)) {
            byte[] b = valueBytes(k);
            int from = valueStart[k], to = valueEnd[k];
            // String.split(",") parts: no comma → the whole value; else trailing empty parts are dropped
            if (Ascii.indexOf(b, from, to, ',') >= 0) {
                while (to > from && b[to - 1] == ',') {
                    to--;
                }
                if (to == from) {
                    continue;
                }
            }
            int start = from;
            for (int i = from; i <= to; i++) {
                if (i < to && b[i] != ',') {
                    continue;
                }
                int ps = start, pe = i;
                start = i + 1;
                while (ps < pe && b[ps] == ' ') {
                    ps++;
                }
                while (pe > ps && b[pe - 1] == ' ') {
                    pe--;
                }
                if (ps == pe || pe - ps > 18) {
                    return -2;
                }
                long n = 0;
                for (int j = ps; j < pe; j++) {
                    if (!digit(b[j])) {
                        return -2;
                    }
                    n = n * 10 + (b[j] - '0');
                }
                if (result >= 0 && result != n) {
                    return -2;
                }
                result = n;
            }
        }
        return result;
    }

    /** {@link HttpMessageParser.Head#chunked()} read in place: the last Transfer-Encoding ends with "chunked". */
    boolean chunked() {
        int last = -1;
        for (int k = find(TRANSFER_ENCODING); k >= 0; k = find(TRANSFER_ENCODING, k + 1)) {
            last = k;
        }
        if (last < 0) {
            return false;
        }
        byte[] b = valueBytes(last);
        int from = valueStart[last], to = valueEnd[last];
        while (to > from && b[to - 1] == ' ') {
            to--;
        }
        return to - from >= CHUNKED.length && regionIs(b, to - CHUNKED.length, CHUNKED);
    }

    /** Whether header {@code k}'s value contains {@code lower} ignoring ASCII case. */
    boolean valueContains(int k, byte[] lower) {
        byte[] b = valueBytes(k);
        for (int i = valueStart[k]; i + lower.length <= valueEnd[k]; i++) {
            if (regionIs(b, i, lower)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionIs(byte[] b, int at, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if (Ascii.lower(b[at + i] & 0xFF) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    static final byte[] CONTENT_LENGTH = ascii("content-length");
    static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CHUNKED = ascii("chunked");

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Text of {@code b[from, to)} as {@link Ascii#textWithNul} shows it. */
    static String text(byte[] b, int from, int to) {
        return Ascii.textWithNul(b, from, to - from, Integer.MAX_VALUE);
    }

    private static int lastIndexOf(byte[] d, int from, int to, byte c) {
        for (int i = to - 1; i >= from; i--) {
            if (d[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** "HTTP/" digit "." digit, exactly. */
    private static boolean isVersion(byte[] d, int from, int to) {
        return to - from == 8 && Ascii.startsWith(d, from, 8, "HTTP/") && digit(d[from + 5]) && d[from + 6] == '.'
                && digit(d[from + 7]);
    }

    private static boolean isToken(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!TCHAR[d[i] & 0xFF]) {
                return false;
            }
        }
        return to > from;
    }

    /** RFC 9110 tchar. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = 0; c < 128; c++) {
            TCHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
