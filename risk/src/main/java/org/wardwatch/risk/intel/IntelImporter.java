package org.wardwatch.risk.intel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Imports intel files into an {@link IntelBundle}: CSAF 2.0 advisories (single files, folders, or a ROLIE
 * feed document whose entries name files found beside it), NVD CVE API 2.0 JSON (pages, feeds, single
 * items; {@code .gz} compressed or not) and CycloneDX JSON SBOM/VEX documents. The kind is recognized
 * from the content, not the file name.
 *
 * <p>All or nothing: {@link #importPaths} reads and validates every file before returning, and throws
 * on the first invalid one; the caller stores the bundle only when it returns. No network access is
 * ever made: a ROLIE feed's entries are looked up as local files.
 *
 * <p>Bounded: files above {@link IntelLimits#maxDocumentBytes()} (NVD: {@link IntelLimits#maxFeedBytes()})
 * are refused, gzip included (the decompressed size counts); Jackson's read constraints cap nesting,
 * string and number lengths; arrays are capped while reading.
 */
public final class IntelImporter {
    private final IntelLimits limits;
    private final ObjectMapper mapper;
    private final CsafImporter csaf;
    private final NvdImporter nvd;
    private final CycloneDxImporter cyclonedx;

    public IntelImporter(IntelLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringChars())
                        .maxNumberLength(100)
                        .maxNameLength(1000)
                        .maxDocumentLength(limits.maxFeedBytes())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.csaf = new CsafImporter(limits);
        this.nvd = new NvdImporter(limits);
        this.cyclonedx = new CycloneDxImporter(limits);
    }

    public IntelImporter() {
        this(IntelLimits.DEFAULT);
    }

    /** The result of an import: the documents and non-fatal remarks (rejected CVEs skipped, score mismatches). */
    public record Result(IntelBundle bundle, List<String> warnings) {
    }

    /** Imports files and folders (recursively: {@code *.json}, {@code *.json.gz}); throws on the first bad file. */
    public Result importPaths(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(IntelImporter::isJsonName).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new NoSuchFileException(p.toString(), null, "no such file or folder");
            }
        }
        IntelBundle bundle = IntelBundle.empty();
        List<String> warnings = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path f : files) {
            bundle = bundle.merge(importFile(f, warnings, seen, 0));
        }
        return new Result(bundle, warnings);
    }

    static boolean isJsonName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".json.gz");
    }

    private IntelBundle importFile(Path file, List<String> warnings, Set<Path> seen, int feedDepth) throws IOException {
        Path real = file.toAbsolutePath().normalize();
        if (!seen.add(real)) {
            return IntelBundle.empty();
        }
        String name = file.toString();
        long size = Files.size(file);
        boolean gz = name.toLowerCase(Locale.ROOT).endsWith(".gz");
        if (!gz && size > limits.maxFeedBytes()) {
            throw new IntelFormatException(name, null, "file is " + size + " bytes, above the cap of " + limits.maxFeedBytes());
        }
        if (gz || size <= limits.maxDocumentBytes()) {
            byte[] bytes;
            try {
                bytes = readCapped(file, gz, limits.maxDocumentBytes(), name);
            } catch (CapExceeded e) {
                return importLargeNvd(file, true, name, warnings);
            }
            return importBytes(bytes, name, sha256(bytes), file, warnings, seen, feedDepth);
        }
        // large: only an NVD feed may be this big; read it as a stream
        return importLargeNvd(file, gz, name, warnings);
    }

    /** Imports one document from memory (tests, the fuzz target): CSAF, NVD or CycloneDX; ROLIE feeds need a folder. */
    public IntelBundle importBytes(byte[] bytes, String name, List<String> warnings) throws IOException {
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new IntelFormatException(name, null, "document is " + bytes.length + " bytes, above the cap of " + limits.maxDocumentBytes());
        }
        return importBytes(bytes, name, sha256(bytes), null, warnings, new LinkedHashSet<>(), 1);
    }

    private IntelBundle importBytes(byte[] bytes, String name, String sha, Path file, List<String> warnings, Set<Path> seen,
                                    int feedDepth) throws IOException {
        JsonNode root = parse(bytes, name);
        JsonCursor c = JsonCursor.root(root, name, limits);
        String shortName = file == null ? name : file.getFileName().toString();
        String now = Instant.now().toString();
        if (CsafImporter.looksLike(root)) {
            Advisory a = csaf.read(c, shortName, sha, warnings);
            return new IntelBundle(IntelBundle.FORMAT, List.of(a), List.of(),
                    List.of(new IntelBundle.ImportRecord(shortName, sha, "csaf", List.of(a.id()), now)));
        }
        if (CycloneDxImporter.looksLike(root)) {
            Sbom s = cyclonedx.read(c, bytes, shortName, sha);
            return new IntelBundle(IntelBundle.FORMAT, List.of(), List.of(s),
                    List.of(new IntelBundle.ImportRecord(shortName, sha, "cyclonedx", List.of(s.serial()), now)));
        }
        if (NvdImporter.looksLike(root)) {
            List<Advisory> list = nvd.read(c, shortName, sha, warnings);
            return new IntelBundle(IntelBundle.FORMAT, list, List.of(),
                    List.of(new IntelBundle.ImportRecord(shortName, sha, "nvd", ids(list), now)));
        }
        if (root.isObject() && root.has("feed")) {
            if (file == null || feedDepth > 0) {
                throw c.fail("feed", "a ROLIE feed must be imported from a file in the folder holding its advisories");
            }
            return importRolie(c, file, warnings, seen);
        }
        throw new IntelFormatException(name, "$", "not a CSAF 2.0 document (document.csaf_version), ROLIE feed (feed), "
                + "NVD CVE 2.0 JSON (vulnerabilities[].cve) or CycloneDX document (bomFormat)");
    }

    /**
     * A ROLIE feed (RFC 8322, as CSAF 2.0 §7.1.20 uses it): each {@code feed.entry[].content.src} names an
     * advisory URL; it is looked for beside the feed as the URL's last path segments (year/file, then file).
     */
    private IntelBundle importRolie(JsonCursor root, Path file, List<String> warnings, Set<Path> seen) throws IOException {
        JsonCursor feed = root.object("feed");
        feed.text("id");
        Path dir = file.toAbsolutePath().getParent();
        IntelBundle bundle = IntelBundle.empty();
        for (JsonCursor entry : feed.array("entry", true, false)) {
            JsonCursor content = entry.object("content");
            String src = content.text("src");
            Path local = locate(dir, src);
            if (local == null) {
                throw content.fail("src", "advisory not found beside the feed (looked for the URL's last path "
                        + "segments under " + dir + "): " + Text.line(src, 200));
            }
            bundle = bundle.merge(importFile(local, warnings, seen, 1));
        }
        return bundle;
    }

    private static Path locate(Path dir, String src) {
        String path;
        try {
            URI u = URI.create(src);
            path = u.getPath() != null ? u.getPath() : src;
        } catch (IllegalArgumentException e) {
            path = src;
        }
        String[] seg = path.split("/");
        for (int take = Math.min(3, seg.length); take >= 1; take--) {
            StringBuilder rel = new StringBuilder();
            for (int i = seg.length - take; i < seg.length; i++) {
                if (seg[i].isEmpty() || seg[i].equals("..") || seg[i].equals(".")) {
                    rel.setLength(0);
                    break;
                }
                rel.append(rel.length() > 0 ? "/" : "").append(seg[i]);
            }
            if (rel.length() == 0) {
                continue;
            }
            Path candidate = dir.resolve(rel.toString()).normalize();
            if (candidate.startsWith(dir) && Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private IntelBundle importLargeNvd(Path file, boolean gz, String name, List<String> warnings) throws IOException {
        MessageDigest md = digest();
        List<Advisory> out = new ArrayList<>();
        String shortName = file.getFileName().toString();
        int rejected = 0;
        try (InputStream raw = new DigestInputStream(Files.newInputStream(file), md);
             InputStream in = capped(gz ? new GZIPInputStream(raw, 1 << 16) : raw, limits.maxFeedBytes(), name);
             JsonParser p = mapper.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IntelFormatException(name, "$", "expected a JSON object");
            }
            boolean sawVulns = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("vulnerabilities") && t == JsonToken.START_ARRAY) {
                    sawVulns = true;
                    int i = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode item = mapper.readTree(p);
                        JsonCursor c = JsonCursor.root(item, name, limits);
                        Advisory a;
                        try {
                            a = nvd.readItem(c, shortName, null);
                        } catch (IntelFormatException e) {
                            String inner = e.path() == null ? "" : e.path().substring(1);
                            throw new IntelFormatException(name, "$.vulnerabilities[" + i + "]" + inner, e.problem());
                        }
                        if (a == null) {
                            rejected++;
                        } else {
                            out.add(a);
                        }
                        if (++i > 10_000_000) {
                            throw new IntelFormatException(name, "$.vulnerabilities", "too many entries");
                        }
                    }
                } else if (field.equals("version") && t == JsonToken.VALUE_STRING && !p.getText().equals("2.0")) {
                    throw new IntelFormatException(name, "$.version", "unsupported NVD format version (wardwatch reads CVE API 2.0 JSON)");
                } else {
                    p.skipChildren();
                }
            }
            if (!sawVulns) {
                throw new IntelFormatException(name, null, "file is larger than " + limits.maxDocumentBytes()
                        + " bytes and is not an NVD CVE feed (only NVD feeds may be that large)");
            }
        } catch (JsonProcessingException e) {
            throw syntax(name, e);
        }
        if (rejected > 0) {
            warnings.add(name + ": skipped " + rejected + " rejected CVE(s)");
        }
        String sha = HexFormat.of().formatHex(md.digest());
        List<Advisory> withSha = new ArrayList<>(out.size());
        for (Advisory a : out) {
            withSha.add(new Advisory(a.id(), a.source(), a.title(), a.publisher(), a.url(), a.released(), a.updated(), a.file(),
                    sha, a.products(), a.vulnerabilities()));
        }
        return new IntelBundle(IntelBundle.FORMAT, withSha, List.of(),
                List.of(new IntelBundle.ImportRecord(shortName, sha, "nvd", ids(withSha), Instant.now().toString())));
    }

    private JsonNode parse(byte[] bytes, String name) throws IntelFormatException {
        try {
            JsonNode n = mapper.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw new IntelFormatException(name, null, "empty file");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw syntax(name, e);
        } catch (IOException e) {
            throw new IntelFormatException(name, null, "cannot parse: " + Text.line(e.getMessage(), 200), e);
        }
    }

    private static IntelFormatException syntax(String name, JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String msg = Text.line(e.getOriginalMessage(), 200);
        return new IntelFormatException(name, null, "malformed JSON" + where + ": " + msg, e);
    }

    /** The decompressed content went past the in-memory cap (the caller may stream instead). */
    private static final class CapExceeded extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private byte[] readCapped(Path file, boolean gz, long cap, String name) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
            if (bytes.length > cap) {
                throw new CapExceeded();
            }
            return bytes;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IntelFormatException(name, null, "not a valid gzip file: " + Text.line(e.getMessage(), 100), e);
        }
    }

    /** A stream that fails with a clear message once more than {@code cap} bytes have been read. */
    static InputStream capped(InputStream in, long cap, String name) {
        return new java.io.FilterInputStream(in) {
            long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    check(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    check(n);
                }
                return n;
            }

            private void check(int n) throws IntelFormatException {
                count += n;
                if (count > cap) {
                    throw new IntelFormatException(name, null, "content is larger than the cap of " + cap + " bytes");
                }
            }
        };
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(List<Advisory> list) {
        List<String> ids = new ArrayList<>();
        for (Advisory a : list) {
            if (ids.size() == 20) {
                ids.add("+" + (list.size() - 20) + " more");
                break;
            }
            ids.add(a.id());
        }
        return ids;
    }

    /** For tests: reads a JSON tree with the same constraints. */
    JsonNode parseForTest(byte[] bytes) throws IOException {
        return mapper.readTree(new ByteArrayInputStream(bytes));
    }
}
