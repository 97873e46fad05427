package org.wardwatch.cli.stage;

import java.util.ArrayList;
import java.util.List;

/** The stages of {@code wardwatch analyze}, in order. One line per stage. */
public final class Stages {
    private Stages() {
    }

    public static List<AnalysisStage> all() {
        List<AnalysisStage> stages = new ArrayList<>();
        stages.add(new org.wardwatch.cli.report.TrafficStage());
        stages.add(new InventoryStage());
        stages.add(new RiskStage());
        stages.add(new org.wardwatch.cli.report.ReportStage()); // keep last: it renders what the others produced
        return stages;
    }
}
