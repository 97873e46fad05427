package org.wardwatch.cli.report;

import java.util.ArrayList;
import java.util.List;

/** The sections of report.html, in order. One line per section. */
public final class ReportSections {
    private ReportSections() {
    }

    public static List<ReportSection> all() {
        List<ReportSection> sections = new ArrayList<>();
        sections.add(new OverviewSection());
        sections.add(new InventorySection());
        sections.add(new RiskSection());
        return sections;
    }
}
