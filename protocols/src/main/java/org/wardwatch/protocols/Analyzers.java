package org.wardwatch.protocols;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/**
 * The registry: an explicit, ordered list of every analyzer (no classpath scanning). Each family of
 * analyzers keeps its own list in its own file; adding a protocol is one line there.
 */
public final class Analyzers {
    private Analyzers() {
    }

    /** Flow analyzers, in probe order (more specific probes first). */
    public static List<AnalyzerFactory> flowAnalyzers() {
        List<AnalyzerFactory> all = new ArrayList<>();
        all.addAll(MedicalAnalyzers.FLOW);
        all.addAll(NetworkAnalyzers.FLOW);
        all.addAll(InfrastructureAnalyzers.FLOW);
        return Collections.unmodifiableList(all);
    }

    /** Frame analyzers (link-layer protocols and single-packet IP protocols), new instances on every call. */
    public static List<FrameAnalyzer> frameAnalyzers() {
        List<FrameAnalyzer> all = new ArrayList<>();
        all.addAll(NetworkAnalyzers.frame());
        all.addAll(InfrastructureAnalyzers.frame());
        return Collections.unmodifiableList(all);
    }
}
