package org.wardwatch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.wardwatch.inventory.eval.Evaluation;
import org.wardwatch.inventory.eval.Truth;
import org.wardwatch.inventory.kb.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wardwatch evaluate RESULTS TRUTH}: identification accuracy, coverage and calibration per attribute. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score identification against ground truth: per attribute (category, vendor, model, OS) the coverage,",
            "the accuracy of the answers, and the accuracy of answers given with confidence >= 0.9.",
            "RESULTS: a devices.json or an analyze output folder. TRUTH: a simulator FILE.truth.json or a labelled CSV",
            "(columns mac and/or ip, and any of category, vendor, model, os)."})
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS")
    Path results;

    @Parameters(index = "1", paramLabel = "TRUTH")
    Path truth;

    @Option(names = "--format", description = "table (default) or json", defaultValue = "table")
    String format;

    @Option(names = "--misses", description = "Also list the wrong answers.")
    boolean misses;

    @Override
    public Integer call() throws Exception {
        Evaluation.Report report = Evaluation.evaluate(InventoryCommand.readDevices(results), Truth.read(truth), KnowledgeBase.defaults());
        if (format.equalsIgnoreCase("json")) {
            org.wardwatch.inventory.io.DevicesJson.mapper().writerWithDefaultPrettyPrinter().writeValue(System.out, report);
            System.out.println();
            return 0;
        }
        System.out.print(Evaluation.table(report));
        if (misses) {
            for (Evaluation.Miss m : report.misses()) {
                System.out.printf("  %-10s %-24s expected %-30s got %s (%.2f)%n", m.attribute(), m.deviceId(), m.expected(), m.answered(),
                        m.confidence());
            }
        }
        return 0;
    }
}
