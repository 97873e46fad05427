package org.wardwatch.cli.report;

import java.io.IOException;
import java.util.List;
import org.wardwatch.cli.stage.AnalysisContext;
import org.wardwatch.cli.stage.AnalysisStage;
import org.wardwatch.model.Observation;

/** Last stage of {@code analyze}: writes {@code report.html} from what the earlier stages produced. */
public final class ReportStage implements AnalysisStage {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public void accept(Observation observation) {
        // the report reads the other stages' results only
    }

    @Override
    public void finish(AnalysisContext context) throws IOException {
        context.awaitPending(); // the overview shows every summary line (the store's, filled in when its update ends)
        HtmlReport.write(context, List.of(), null);
        context.summary("report", context.outDir().resolve(HtmlReport.FILE_NAME).toAbsolutePath().normalize().toString());
    }
}
