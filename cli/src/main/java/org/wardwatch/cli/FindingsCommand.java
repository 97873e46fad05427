package org.wardwatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.wardwatch.cli.output.Json;
import org.wardwatch.model.finding.CvssScore;
import org.wardwatch.model.finding.Finding;
import org.wardwatch.model.finding.FindingKind;
import org.wardwatch.model.finding.Severity;
import org.wardwatch.risk.FindingsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wardwatch findings}: the findings of an analysis, filtered, as a table, CSV or JSON. */
@Command(name = "findings", mixinStandardHelpOptions = true,
        description = {"Show the risk findings of an analysis (its findings.json).",
            "Filters combine with AND; a repeated filter matches any of its values."})
final class FindingsCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    @Option(names = {"-i", "--in"}, paramLabel = "DIR", defaultValue = "wardwatch-out",
            description = "Output folder of 'wardwatch analyze' (default: ${DEFAULT-VALUE}).")
    Path in;

    @Option(names = "--device", paramLabel = "ID", description = "Only this device (repeatable).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--severity", paramLabel = "LEVEL", description = "Minimum severity: critical, high, medium, low, info.")
    String severity;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind, e.g. known_vulnerability, cleartext_phi (repeatable).")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--advisory", paramLabel = "ID", description = "Only findings of this advisory or CVE, e.g. ICSMA-19-190-01 (repeatable).")
    List<String> advisories = new ArrayList<>();

    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Path file = in.resolve(FindingsFile.NAME);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no findings here; run 'wardwatch analyze CAPTURE --out " + in + "' first");
        }
        FindingsFile ff = FindingsFile.read(file, Json.mapper());
        Severity min = severity == null ? null : parseSeverity(severity);
        List<FindingKind> ks = new ArrayList<>();
        for (String k : kinds) {
            try {
                ks.add(FindingKind.parse(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown finding kind '" + k + "'; kinds: "
                        + java.util.Arrays.stream(FindingKind.values()).map(FindingKind::jsonName).collect(Collectors.joining(", ")));
            }
        }
        List<Finding> selected = new ArrayList<>();
        for (Finding f : ff.findings()) {
            if (!devices.isEmpty() && !devices.contains(f.deviceId())) {
                continue;
            }
            if (min != null && !f.severity().atLeast(min)) {
                continue;
            }
            if (!ks.isEmpty() && !ks.contains(f.kind())) {
                continue;
            }
            if (!advisories.isEmpty() && advisories.stream().noneMatch(a -> (f.advisory() != null && f.advisory().id().equalsIgnoreCase(a))
                    || f.cves().stream().anyMatch(c -> c.equalsIgnoreCase(a)))) {
                continue;
            }
            selected.add(f);
        }
        OutputStream os = output == null ? System.out : Files.newOutputStream(output);
        try (PrintStream out = new PrintStream(os, true, StandardCharsets.UTF_8)) {
            switch (format) {
                case json -> out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(selected));
                case csv -> csv(selected, out);
                default -> table(selected, ff, out);
            }
        } finally {
            if (output != null) {
                os.close();
            }
        }
        return 0;
    }

    private static Severity parseSeverity(String s) {
        try {
            return Severity.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + s + "'; use critical, high, medium, low or info");
        }
    }

    static final List<String> CSV_COLUMNS = List.of("id", "device", "kind", "severity", "title", "certainty", "advisory", "cves",
            "cvss_base", "cvss_rubric", "likelihood", "first_seen", "last_seen", "nist_csf", "hipaa", "remediation", "match_reason");

    /** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with an apostrophe (advisory text is hostile). */
    static void csv(List<Finding> findings, PrintStream out) {
        out.print(String.join(",", CSV_COLUMNS) + "\r\n");
        for (Finding f : findings) {
            Double base = f.maxBaseScore();
            Double rubric = null;
            for (CvssScore s : f.cvss()) {
                if (s.rubricScore() != null && (rubric == null || s.rubricScore() > rubric)) {
                    rubric = s.rubricScore();
                }
            }
            List<String> cells = List.of(f.id(), f.deviceId(), f.kind().jsonName(), f.severity().jsonName(), f.title(),
                    f.certainty() == null ? "" : f.certainty().jsonName(), f.advisory() == null ? "" : f.advisory().id(),
                    String.join(" ", f.cves()), base == null ? "" : base.toString(), rubric == null ? "" : rubric.toString(),
                    String.format(Locale.ROOT, "%.3f", f.likelihood()), f.firstSeen() == null ? "" : f.firstSeen().toString(),
                    f.lastSeen() == null ? "" : f.lastSeen().toString(), String.join(" ", f.nistCsf()), String.join(" ", f.hipaa()),
                    f.remediation() == null ? "" : f.remediation(), f.matchReason() == null ? "" : f.matchReason());
            out.print(cells.stream().map(FindingsCommand::cell).collect(Collectors.joining(",")) + "\r\n");
        }
    }

    static String cell(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static void table(List<Finding> findings, FindingsFile ff, PrintStream out) {
        out.printf(Locale.ROOT, "%d finding(s) of %d; %d device(s) scored%n", findings.size(), ff.findings().size(), ff.scores().size());
        for (Finding f : findings) {
            String where = f.certainty() == null ? "" : " [" + f.certainty().jsonName() + "]";
            out.printf(Locale.ROOT, "%-8s %-22s %-28s %s%s%n", f.severity().jsonName(), trim(f.deviceId(), 22),
                    f.kind().jsonName(), trim(f.title(), 100), where);
        }
    }

    private static String trim(String s, int n) {
        String t = s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
        return t.length() <= n ? t : t.substring(0, n - 1) + "…";
    }

    /** For tests. */
    static String readAll(Path p) throws IOException {
        return Files.readString(p);
    }
}
