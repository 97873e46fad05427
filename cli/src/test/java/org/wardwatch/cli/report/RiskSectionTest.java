package org.wardwatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.cli.stage.AnalysisContext;
import org.wardwatch.model.finding.AdvisoryRef;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.model.finding.Finding;
import org.wardwatch.model.finding.FindingKind;
import org.wardwatch.model.finding.MatchCertainty;
import org.wardwatch.model.finding.Severity;
import org.wardwatch.risk.RiskResult;

class RiskSectionTest {
    static final String HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    @Test
    void escapesHostileAdvisoryTextAndNeverLinksItsUrls() {
        Finding f = new Finding("known_vulnerability:d1:ADV-1:CVE-2099-1", "d1", FindingKind.KNOWN_VULNERABILITY, Severity.HIGH,
                HOSTILE, HOSTILE, List.of(), HOSTILE,
                new AdvisoryRef("ADV-1", "csaf", HOSTILE, HOSTILE, "javascript:alert(1)", null, "a.json"),
                List.of("CVE-2099-1"), List.of(), List.of(), MatchCertainty.EXACT_VERSION, HOSTILE, List.of(), List.of(), List.of(),
                0.9, null, null);
        DeviceRisk s = new DeviceRisk("d1", 77, 0.77, 1.0, 1.0, List.of("score = round(100 × 0.770 × 1.00) = 77", HOSTILE), 1,
                Severity.HIGH, List.of(f.id()));
        RiskResult r = new RiskResult(List.of(f), List.of(s), List.of(new RiskResult.AdvisoryImpact("ADV-1", "csaf", HOSTILE, HOSTILE,
                "javascript:alert(1)", List.of("CVE-2099-1"), 8.1, List.of("d1"), MatchCertainty.EXACT_VERSION)), List.of(),
                new RiskResult.Stats(1, 1, 0, 1, 1, 0));
        AnalysisContext ctx = new AnalysisContext(Path.of("."), null, null);
        ctx.put(RiskResult.class, r);
        String html = new RiskSection().html(ctx);
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("href=");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html).contains("<svg").contains("Riskiest devices").contains("Advisories affecting the inventory");
        assertThat(html).contains("score = round(100 × 0.770 × 1.00) = 77");
    }

    @Test
    void saysWhenNoIntelWasLoaded() {
        AnalysisContext ctx = new AnalysisContext(Path.of("."), null, null);
        ctx.put(RiskResult.class, RiskResult.empty());
        assertThat(new RiskSection().html(ctx)).contains("No vulnerability intelligence was loaded").contains("No findings.");
        assertThat(new RiskSection().html(new AnalysisContext(Path.of("."), null, null))).isNull();
    }
}
