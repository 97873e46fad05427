package org.wardwatch.protocols.fhir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wardwatch.model.obs.fhir.FhirRequestSeen;
import org.wardwatch.model.obs.fhir.FhirResponseSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * FHIR RESTful interactions (FHIR R4, https://hl7.org/fhir/R4/http.html) over HTTP/1.1 (RFC 9112).
 *
 * <p>A small bounded HTTP reader of its own: request/status line and headers (at most
 * {@link #MAX_HEAD} bytes, left to the dispatcher's buffer until complete), then the body by
 * Content-Length, chunked coding or connection close, of which only the first {@link #MAX_BODY_PREFIX}
 * bytes are kept to find resource types, the CapabilityStatement's fhirVersion and software. The
 * interaction comes from the method and path; search parameters are reduced to their names, because
 * their values (names, birth dates, identifiers) are patient data. Resource ids are never kept.
 *
 * <p>Known gaps: compressed bodies (Content-Encoding) are not inflated; HTTP/2 and TLS are not read
 * here (TLS is the TLS analyzer's); a resource type is recognised by FHIR's PascalCase naming, not a
 * full list of the 145 R4 types.
 */
public final class FhirAnalyzer implements Analyzer {
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_BODY_PREFIX = 16 * 1024;
    private static final byte[] NO_BYTES = new byte[0];
    static final int MAX_PENDING = 32;
    static final int MAX_PARAMS = 32;

    static final Set<String> PATIENT_DATA = load("fhir-patient-data-resources.txt");
    private static final Pattern RESOURCE_TYPE_JSON = Pattern.compile("\"resourceType\"\\s*:\\s*\"([A-Za-z]{1,64})\"");
    private static final Pattern XML_ROOT = Pattern.compile("<(?:[A-Za-z0-9_]+:)?([A-Z][A-Za-z]{1,63})[\\s>/][^>]*xmlns=\"http://hl7\\.org/fhir\"");
    private static final Pattern XML_ELEMENT = Pattern.compile("<(?:[A-Za-z0-9_]+:)?([A-Z][A-Za-z]{1,63})[\\s>/]");
    private static final Pattern JSON_FHIR_VERSION = Pattern.compile("\"fhirVersion\"\\s*:\\s*\"([^\"]{1,32})\"");
    private static final Pattern XML_FHIR_VERSION = Pattern.compile("<fhirVersion\\s+value=\"([^\"]{1,32})\"");
    private static final Pattern JSON_SOFTWARE = Pattern.compile("\"software\"\\s*:\\s*\\{([^{}]{0,1024})\\}");
    private static final Pattern XML_SOFTWARE = Pattern.compile("<software>(.{0,1024}?)</software>", Pattern.DOTALL);
    private static final Pattern JSON_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]{1,128})\"");
    private static final Pattern JSON_VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]{1,64})\"");
    private static final Pattern XML_NAME = Pattern.compile("<name\\s+value=\"([^\"]{1,128})\"");
    private static final Pattern XML_VERSION = Pattern.compile("<version\\s+value=\"([^\"]{1,64})\"");
    private static final Pattern JSON_BUNDLE_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z-]{1,32})\"");
    private static final Pattern XML_BUNDLE_TYPE = Pattern.compile("<type\\s+value=\"([a-z-]{1,32})\"");
    private static final Pattern FHIR_VERSION_PARAM = Pattern.compile("fhirVersion=\"?([0-9.]{1,16})", Pattern.CASE_INSENSITIVE);
    private static final Pattern PASCAL = Pattern.compile("[A-Z][a-z]+(?:[A-Z][a-z]*)*");

    /** A request seen, waiting for its response. */
    record Pending(String method, String interaction, String resourceType) {
    }

    private final Reader client = new Reader(true);
    private final Reader server = new Reader(false);
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean confirmed;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        return (fromClient ? client : server).onStream(data, offset, length, ctx);
    }

    @Override
    public void onGap(boolean fromClient, long missingBytes, AnalyzerContext ctx) {
        ctx.anomaly("fhir_stream_gap");
        (fromClient ? client : server).dead = true;
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        client.endOfStream(ctx);
        server.endOfStream(ctx);
    }

    private final class Reader {
        private static final int HEAD = 0;
        private static final int BODY_LENGTH = 1;
        private static final int CHUNK_SIZE = 2;
        private static final int CHUNK_DATA = 3;
        private static final int CHUNK_CRLF = 4;
        private static final int TRAILERS = 5;
        private static final int BODY_UNTIL_CLOSE = 6;

        private final boolean fromClient;
        private int state = HEAD;
        private long remaining;
        boolean dead;
        private Head head;
        /** Grown on demand up to {@link #MAX_BODY_PREFIX}: a direction without bodies holds nothing. */
        private byte[] body = NO_BYTES;
        private int bodyLen;

        Reader(boolean fromClient) {
            this.fromClient = fromClient;
        }

        int onStream(byte[] b, int off, int len, AnalyzerContext ctx) {
            if (dead) {
                return len;
            }
            int pos = off, end = off + len;
            while (pos < end) {
                switch (state) {
                    case HEAD -> {
                        int headEnd = findHeadEnd(b, pos, end);
                        if (headEnd < 0) {
                            if (end - pos > MAX_HEAD) {
                                ctx.anomaly("fhir_header_too_long");
                                dead = true;
                                return len;
                            }
                            return pos - off;
                        }
                        Head h = Head.parse(b, pos, headEnd - pos, fromClient);
                        pos = headEnd;
                        if (h == null) {
                            if (!confirmed) {
                                ctx.violation("not HTTP");
                            } else {
                                ctx.anomaly("fhir_http_malformed");
                            }
                            dead = true;
                            return len;
                        }
                        head = h;
                        bodyLen = 0;
                        startBody(ctx);
                    }
                    case BODY_LENGTH, CHUNK_DATA, BODY_UNTIL_CLOSE -> {
                        int n = (int) Math.min(remaining, end - pos);
                        keep(b, pos, n);
                        pos += n;
                        remaining -= n;
                        if (remaining == 0) {
                            if (state == BODY_LENGTH) {
                                finish(ctx);
                            } else if (state == CHUNK_DATA) {
                                state = CHUNK_CRLF;
                            }
                        }
                    }
                    case CHUNK_CRLF -> {
                        if (end - pos < 2) {
                            return pos - off;
                        }
                        pos += 2;
                        state = CHUNK_SIZE;
                    }
                    case CHUNK_SIZE -> {
                        int lineEnd = indexOfCrlf(b, pos, end);
                        if (lineEnd < 0) {
                            if (end - pos > 1024) {
                                ctx.anomaly("fhir_chunk_size_invalid");
                                dead = true;
                                return len;
                            }
                            return pos - off;
                        }
                        long size = parseHex(b, pos, lineEnd);
                        pos = lineEnd + 2;
                        if (size < 0) {
                            ctx.anomaly("fhir_chunk_size_invalid");
                            dead = true;
                            return len;
                        }
                        if (size == 0) {
                            state = TRAILERS;
                        } else {
                            remaining = size;
                            state = CHUNK_DATA;
                        }
                    }
                    default -> { // TRAILERS: lines until an empty one
                        int lineEnd = indexOfCrlf(b, pos, end);
                        if (lineEnd < 0) {
                            return pos - off;
                        }
                        boolean empty = lineEnd == pos;
                        pos = lineEnd + 2;
                        if (empty) {
                            finish(ctx);
                        }
                    }
                }
            }
            return len;
        }

        private void startBody(AnalyzerContext ctx) {
            boolean noBody = !fromClient && (head.status / 100 == 1 || head.status == 204 || head.status == 304
                    || (!pending.isEmpty() && "HEAD".equals(pending.peekFirst().method())));
            if (noBody) {
                finish(ctx);
            } else if (head.chunked) {
                state = CHUNK_SIZE;
            } else if (head.contentLength >= 0) {
                remaining = head.contentLength;
                state = BODY_LENGTH;
                if (remaining == 0) {
                    finish(ctx);
                }
            } else if (fromClient) {
                finish(ctx); // a request without length has no body (RFC 9112 6.3)
            } else {
                remaining = Long.MAX_VALUE;
                state = BODY_UNTIL_CLOSE;
            }
        }

        private void keep(byte[] b, int off, int n) {
            int k = Math.min(n, MAX_BODY_PREFIX - bodyLen);
            if (k > 0) {
                if (bodyLen + k > body.length) {
                    body = java.util.Arrays.copyOf(body, Math.min(MAX_BODY_PREFIX, Math.max(512, Math.max(bodyLen + k, body.length * 2))));
                }
                System.arraycopy(b, off, body, bodyLen, k);
                bodyLen += k;
            }
        }

        void endOfStream(AnalyzerContext ctx) {
            if (!dead && state != HEAD && head != null) {
                if (state != BODY_UNTIL_CLOSE) {
                    ctx.anomaly("fhir_message_incomplete");
                }
                finish(ctx);
            }
        }

        private void finish(AnalyzerContext ctx) {
            state = HEAD;
            Head h = head;
            head = null;
            if (h == null) {
                return;
            }
            Body parsed = h.compressed ? Body.EMPTY : Body.scan(body, bodyLen);
            if (!confirmed) {
                confirmed = true;
                ctx.confirm();
            }
            if (fromClient) {
                Interaction in = Interaction.of(h.method, h.target);
                List<String> params = new ArrayList<>(in.searchParameters);
                if (h.formBody && ("search-type".equals(in.interaction) || "search-system".equals(in.interaction))) {
                    addParameterNames(new String(body, 0, bodyLen, StandardCharsets.ISO_8859_1), params);
                }
                boolean phi = parsed.resourceType != null && (PATIENT_DATA.contains(parsed.resourceType)
                        || parsed.entryTypes.stream().anyMatch(PATIENT_DATA::contains));
                ctx.emit(new FhirRequestSeen(ctx.ts(), ctx.flow(), h.method, in.interaction, in.resourceType,
                        in.idPresent, in.operation, params, in.basePath, h.contentType, h.accept,
                        fhirVersionParam(h.contentType, h.accept), h.userAgent, parsed.resourceType, phi));
                if (pending.size() < MAX_PENDING) {
                    pending.addLast(new Pending(h.method, in.interaction, in.resourceType));
                }
            } else {
                Pending p = pending.pollFirst();
                List<String> phiTypes = new ArrayList<>();
                if (parsed.resourceType != null && PATIENT_DATA.contains(parsed.resourceType)) {
                    phiTypes.add(parsed.resourceType);
                }
                for (String t : parsed.entryTypes) {
                    if (PATIENT_DATA.contains(t) && !phiTypes.contains(t)) {
                        phiTypes.add(t);
                    }
                }
                String version = parsed.fhirVersion != null ? parsed.fhirVersion : fhirVersionParam(h.contentType, null);
                ctx.emit(new FhirResponseSeen(ctx.ts(), ctx.flow(), h.status, h.contentType, h.server,
                        p == null ? null : p.interaction(), p == null ? null : p.resourceType(), parsed.resourceType,
                        parsed.bundleType, parsed.entryTypes, version, parsed.softwareName, parsed.softwareVersion,
                        !phiTypes.isEmpty(), phiTypes));
            }
        }
    }

    private static String fhirVersionParam(String contentType, String accept) {
        for (String v : new String[] {contentType, accept}) {
            if (v != null) {
                Matcher m = FHIR_VERSION_PARAM.matcher(v);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** Request or status line and the headers FHIR analysis uses. */
    static final class Head {
        String method;
        String target;
        int status = -1;
        String contentType;
        String accept;
        String userAgent;
        String server;
        long contentLength = -1;
        boolean chunked;
        boolean compressed;
        boolean formBody;

        static Head parse(byte[] b, int off, int len, boolean request) {
            String text = new String(b, off, len, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r?\n");
            if (lines.length == 0) {
                return null;
            }
            Head h = new Head();
            String[] first = lines[0].split(" ", 3);
            if (request) {
                if (first.length != 3 || !first[2].startsWith("HTTP/1.") || !first[0].matches("[A-Z]{3,10}")) {
                    return null;
                }
                h.method = first[0];
                h.target = first[1];
            } else {
                if (first.length < 2 || !first[0].startsWith("HTTP/1.") || !first[1].matches("[0-9]{3}")) {
                    return null;
                }
                h.status = Integer.parseInt(first[1]);
            }
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = clean(lines[i].substring(colon + 1));
                switch (name) {
                    case "content-type" -> {
                        h.contentType = value;
                        h.formBody = value != null && value.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
                    }
                    case "accept" -> h.accept = value;
                    case "user-agent" -> h.userAgent = value;
                    case "server" -> h.server = value;
                    case "content-length" -> {
                        try {
                            h.contentLength = value == null ? -1 : Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            h.contentLength = -1;
                        }
                    }
                    case "transfer-encoding" -> h.chunked = value != null && value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "content-encoding" -> h.compressed = value != null && !value.equalsIgnoreCase("identity");
                    default -> {
                    }
                }
            }
            return h;
        }
    }

    /** What the path says (FHIR R4 http.html 3.1.0.1 service base URL + interaction paths). */
    static final class Interaction {
        String interaction = "unknown";
        String resourceType;
        boolean idPresent;
        String operation;
        String basePath;
        final List<String> searchParameters = new ArrayList<>();

        static Interaction of(String method, String target) {
            Interaction in = new Interaction();
            String path = target;
            String query = null;
            int q = target.indexOf('?');
            if (q >= 0) {
                path = target.substring(0, q);
                query = target.substring(q + 1);
            }
            if (path.startsWith("http://") || path.startsWith("https://")) {
                int slash = path.indexOf('/', path.indexOf("//") + 2);
                path = slash < 0 ? "/" : path.substring(slash);
            }
            String[] segs = path.split("/");
            List<String> s = new ArrayList<>();
            for (String seg : segs) {
                if (!seg.isEmpty()) {
                    s.add(seg);
                }
            }
            // the service base ends where a resource type, "metadata", "_history", "_search" or "$op" starts
            int i = 0;
            while (i < s.size() && !PASCAL.matcher(s.get(i)).matches() && !s.get(i).equals("metadata")
                    && !s.get(i).startsWith("_") && !s.get(i).startsWith("$")) {
                i++;
            }
            if (i == s.size()) {
                // no type: the base itself (system-level search, batch/transaction)
                in.basePath = clean("/" + String.join("/", s));
                if (query != null) {
                    addParameterNames(query, in.searchParameters);
                }
                in.interaction = switch (method) {
                    case "POST" -> "batch-transaction";
                    case "GET" -> query != null ? "search-system" : "unknown";
                    default -> "unknown";
                };
                return in;
            }
            in.basePath = clean("/" + String.join("/", s.subList(0, i)));
            List<String> rest = s.subList(i, s.size());
            String head = rest.get(0);
            if (head.equals("metadata")) {
                in.interaction = "capabilities";
                return in;
            }
            if (query != null) {
                addParameterNames(query, in.searchParameters);
            }
            for (String seg : rest) {
                if (seg.startsWith("$")) {
                    in.operation = clean(seg.length() > 64 ? seg.substring(0, 64) : seg);
                    in.interaction = "operation";
                }
            }
            if (head.startsWith("_")) {
                in.interaction = head.equals("_history") ? "history-system" : head.equals("_search") ? "search-system" : "unknown";
                return in;
            }
            if (head.startsWith("$")) {
                return in;
            }
            in.resourceType = head;
            if (in.operation != null) {
                in.idPresent = rest.size() > 2;
                return in;
            }
            int n = rest.size();
            boolean history = n >= 2 && rest.get(n >= 3 ? 2 : 1).equals("_history");
            if (n == 1) {
                in.interaction = switch (method) {
                    case "GET" -> "search-type";
                    case "POST" -> "create";
                    case "PUT" -> "update"; // conditional update
                    case "DELETE" -> "delete"; // conditional delete
                    case "PATCH" -> "patch";
                    default -> "unknown";
                };
            } else if (rest.get(1).equals("_search")) {
                in.interaction = "search-type";
            } else if (rest.get(1).equals("_history")) {
                in.interaction = "history-type";
            } else {
                in.idPresent = true;
                if (n >= 3 && rest.get(2).equals("_history")) {
                    in.interaction = n >= 4 ? "vread" : "history-instance";
                } else {
                    in.interaction = switch (method) {
                        case "GET", "HEAD" -> "read";
                        case "PUT" -> "update";
                        case "DELETE" -> "delete";
                        case "PATCH" -> "patch";
                        default -> "unknown";
                    };
                }
            }
            if (history && in.interaction.equals("unknown")) {
                in.interaction = "history-instance";
            }
            return in;
        }
    }

    /** Names of {@code a=b&c=d} pairs, URL-decoded, values dropped. */
    static void addParameterNames(String query, List<String> out) {
        Set<String> seen = new HashSet<>(out);
        for (String pair : query.split("&")) {
            if (out.size() >= MAX_PARAMS) {
                return;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // keep it encoded
            }
            name = clean(name.length() > 64 ? name.substring(0, 64) : name);
            if (name != null && seen.add(name)) {
                out.add(name);
            }
        }
    }

    /** What the first KBs of a body say. */
    record Body(String resourceType, String bundleType, List<String> entryTypes, String fhirVersion, String softwareName,
                String softwareVersion) {
        static final Body EMPTY = new Body(null, null, List.of(), null, null, null);

        static Body scan(byte[] b, int len) {
            if (len == 0) {
                return EMPTY;
            }
            String text = new String(b, 0, len, StandardCharsets.UTF_8);
            String trimmed = text.stripLeading();
            boolean json = trimmed.startsWith("{");
            boolean xml = trimmed.startsWith("<");
            if (!json && !xml) {
                return EMPTY;
            }
            String type = null;
            LinkedHashSet<String> entries = new LinkedHashSet<>();
            if (json) {
                Matcher m = RESOURCE_TYPE_JSON.matcher(text);
                if (m.find()) {
                    // the outermost object's resourceType is usually first; Bundles put it first by convention
                    type = m.group(1);
                    while (m.find() && entries.size() < 32) {
                        entries.add(m.group(1));
                    }
                }
            } else {
                Matcher root = XML_ROOT.matcher(text);
                if (root.find()) {
                    type = root.group(1);
                    if ("Bundle".equals(type)) {
                        Matcher inner = Pattern.compile("<resource>\\s*<([A-Z][A-Za-z]{1,63})[\\s>/]").matcher(text);
                        while (inner.find() && entries.size() < 32) {
                            entries.add(inner.group(1));
                        }
                    }
                } else {
                    Matcher any = XML_ELEMENT.matcher(text);
                    type = any.find() ? any.group(1) : null;
                }
            }
            String bundleType = null;
            if ("Bundle".equals(type)) {
                Matcher m = (json ? JSON_BUNDLE_TYPE : XML_BUNDLE_TYPE).matcher(text);
                bundleType = m.find() ? m.group(1) : null;
            }
            String version = null, swName = null, swVersion = null;
            if ("CapabilityStatement".equals(type) || "Conformance".equals(type)) {
                Matcher v = (json ? JSON_FHIR_VERSION : XML_FHIR_VERSION).matcher(text);
                version = v.find() ? clean(v.group(1)) : null;
                Matcher sw = (json ? JSON_SOFTWARE : XML_SOFTWARE).matcher(text);
                if (sw.find()) {
                    String block = sw.group(1);
                    Matcher n = (json ? JSON_NAME : XML_NAME).matcher(block);
                    swName = n.find() ? clean(n.group(1)) : null;
                    Matcher ver = (json ? JSON_VERSION : XML_VERSION).matcher(block);
                    swVersion = ver.find() ? clean(ver.group(1)) : null;
                }
            }
            return new Body(type, bundleType, new ArrayList<>(entries), version, swName, swVersion);
        }
    }

    static String clean(String v) {
        if (v == null) {
            return null;
        }
        String t = v.strip();
        if (t.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(t.length(), 256));
        for (int i = 0; i < t.length() && sb.length() < 256; i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    private static int findHeadEnd(byte[] b, int from, int to) {
        int limit = Math.min(to, from + MAX_HEAD + 4);
        for (int i = from; i + 3 < limit; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int indexOfCrlf(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Chunk size in hex, extensions after ';' ignored; -1 when invalid or absurd (> 2^40). */
    private static long parseHex(byte[] b, int from, int to) {
        long v = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                if (c == ';' || c == ' ' || c == '\t') {
                    break;
                }
                return -1;
            }
            v = v * 16 + d;
            if (++digits > 10) {
                return -1;
            }
        }
        return digits == 0 ? -1 : v;
    }

    private static Set<String> load(String resource) {
        Set<String> out = new HashSet<>();
        try (var in = FhirAnalyzer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
