package org.wardwatch.cli.stage;

import java.io.IOException;
import org.wardwatch.model.Observation;

/**
 * One step of {@code wardwatch analyze} after the packet path: it sees every observation in packet
 * order, then writes its outputs. Stages run in the order of {@link Stages#all()}; a later stage
 * reads an earlier one's result from the {@link AnalysisContext}. Memory is the stage's to bound.
 */
public interface AnalysisStage {
    String name();

    /**
     * Every observation (flow records included), in packet order, on one stage thread beside the
     * packet path; {@link #finish} runs after the last one, on the caller's thread.
     */
    void accept(Observation observation);

    /** Input ended: compute, {@link AnalysisContext#put} results for later stages, write files into the output folder. */
    void finish(AnalysisContext context) throws IOException;
}
