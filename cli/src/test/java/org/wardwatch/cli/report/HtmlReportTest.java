package org.wardwatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.cli.stage.AnalysisContext;

class HtmlReportTest {
    private static final String HOSTILE = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;\u0007";

    private static ReportSection section(String title, String body) {
        return new ReportSection() {
            @Override
            public String id() {
                return "x\" onclick=\"evil";
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public String html(AnalysisContext context) {
                return body;
            }
        };
    }

    @Test
    void hostileStringsAreEscapedEverywhere() {
        AnalysisContext ctx = new AnalysisContext(Path.of("."), null, null);
        ctx.summary(HOSTILE, HOSTILE);
        String body = Html.table(List.of(HOSTILE), List.of(List.of(Html.text(HOSTILE))))
                + Html.barChart(HOSTILE, List.of(HOSTILE), List.of(5L), false)
                + Html.timeChart(HOSTILE, new long[] {1, 2}, HOSTILE, HOSTILE)
                + Html.tiles(List.<String[]>of(new String[] {HOSTILE, HOSTILE}));
        String html = HtmlReport.render(ctx, List.of(new OverviewSection(), section(HOSTILE, body)), HOSTILE);
        assertThat(html).doesNotContain("<script>", "<img", "onclick=\"evil", "\u0007"); // "onerror=" survives only as inert text
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&#39;&gt;&lt;img");
    }

    @Test
    void aFailingSectionBecomesANoteNotABrokenReport() {
        AnalysisContext ctx = new AnalysisContext(Path.of("."), null, null);
        ReportSection broken = new ReportSection() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public String title() {
                return "Broken";
            }

            @Override
            public String html(AnalysisContext context) {
                throw new IllegalStateException("boom " + HOSTILE);
            }
        };
        String html = HtmlReport.render(ctx, List.of(broken, section("Fine", "<p>ok</p>")), null);
        assertThat(html).contains("could not be produced (IllegalStateException)", "<p>ok</p>").doesNotContain("boom");
    }

    @Test
    void emptySectionsAreLeftOut() {
        AnalysisContext ctx = new AnalysisContext(Path.of("."), null, null);
        String html = HtmlReport.render(ctx, List.of(section("Nothing here", null), section("Something", "<p>x</p>")), null);
        assertThat(html).doesNotContain("Nothing here").contains("Something");
    }
}
