package org.wardwatch.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.cli.stage.AnalysisContext;

/**
 * The self-contained HTML report: one file, inline CSS and SVG, no script, no external resource (a
 * Content-Security-Policy meta tag forbids fetching anything), every value escaped. Sections come from
 * {@link ReportSections#all()}; a section that fails is replaced by a one-line note, never the report.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "report.html";

    private static final String CSS = """
            :root{--fg:#1d2733;--muted:#5b6775;--line:#d9dee4;--accent:#1f6feb;--bg:#f6f8fa;--warn:#9a6700;--warnbg:#fff8c5}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
            header{padding:20px 32px;border-bottom:1px solid var(--line);background:var(--bg)}
            header h1{margin:0 0 4px;font-size:22px}
            header .meta{color:var(--muted)}
            nav{padding:8px 32px;border-bottom:1px solid var(--line);font-size:13px}
            nav a{margin-right:16px;color:var(--accent);text-decoration:none}
            main{padding:8px 32px 40px;max-width:1200px}
            section{margin-top:28px}
            h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px}
            h3{font-size:15px;margin-bottom:6px}
            table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
            th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
            th{background:var(--bg)}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
            .tile{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:140px;background:var(--bg)}
            .tile .v{font-size:20px;font-weight:600}
            .tile .k{color:var(--muted);font-size:12px}
            .note{border:1px solid #d4a72c;background:var(--warnbg);color:#3b2e00;padding:10px 14px;border-radius:6px;margin:12px 0}
            .muted{color:var(--muted)}
            figure{margin:8px 0 16px}
            figcaption{color:var(--muted);font-size:12px}
            svg text{font-size:11px;fill:var(--fg)}
            svg .bar{fill:var(--accent)}
            svg .axis{stroke:var(--muted);stroke-width:1}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
            """;

    private HtmlReport() {
    }

    /** Writes {@code report.html} into the context's output folder with the registered sections plus {@code extra}. */
    public static Path write(AnalysisContext context, List<ReportSection> extra, String subtitle) throws IOException {
        List<ReportSection> sections = new ArrayList<>(ReportSections.all());
        sections.addAll(extra);
        Path file = context.outDir().resolve(FILE_NAME);
        Files.writeString(file, render(context, sections, subtitle), StandardCharsets.UTF_8);
        return file;
    }

    public static String render(AnalysisContext context, List<ReportSection> sections, String subtitle) {
        List<String[]> rendered = new ArrayList<>();
        for (ReportSection s : sections) {
            String body;
            try {
                body = s.html(context);
            } catch (RuntimeException e) {
                body = "<p class=\"muted\">This section could not be produced (" + Html.text(e.getClass().getSimpleName()) + ").</p>";
            }
            if (body != null && !body.isBlank()) {
                rendered.add(new String[] {safeId(s.id()), s.title(), body});
            }
        }
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.append("<meta name=\"referrer\" content=\"no-referrer\">");
        sb.append("<title>wardwatch report</title><style>").append(CSS).append("</style></head><body>");
        sb.append("<header><h1>wardwatch report</h1><div class=\"meta\">");
        if (subtitle != null) {
            sb.append(Html.text(subtitle)).append(" &middot; ");
        }
        sb.append("generated ").append(Html.text(Instant.now().toString().substring(0, 19).replace('T', ' '))).append(" UTC");
        sb.append("</div></header><nav>");
        for (String[] r : rendered) {
            sb.append("<a href=\"#").append(r[0]).append("\">").append(Html.text(r[1])).append("</a>");
        }
        sb.append("</nav><main>");
        for (String[] r : rendered) {
            sb.append("<section id=\"").append(r[0]).append("\"><h2>").append(Html.text(r[1])).append("</h2>").append(r[2])
                    .append("</section>");
        }
        sb.append("</main></body></html>\n");
        return sb.toString();
    }

    private static String safeId(String id) {
        String s = id == null ? "" : id.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return s.isEmpty() ? "section" : s;
    }
}
