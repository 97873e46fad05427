package org.wardwatch.protocols;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.engine.EngineStats;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.dispatch.Dispatcher;

/**
 * The whole sensor: capture sources → packet engine → every registered analyzer → one observation
 * sink (analyzer observations and flow records, in packet order).
 *
 * <pre>{@code
 * List<Observation> all = Pipeline.observe(Path.of("dicom.pcap"));   // tests
 * Pipeline.Result r = Pipeline.run(sources, EngineConfig.defaults(), sink, progress);
 * }</pre>
 */
public final class Pipeline {
    private Pipeline() {
    }

    /**
     * @param engine            packet engine statistics (packets, flows, anomalies of the packet path)
     * @param analyzerCounters  analyzer anomalies and lifecycle counters ({@code dicom_confirmed}, ...)
     * @param observations      observations emitted by analyzers (flow records not included)
     */
    public record Result(EngineStats engine, Map<String, Long> analyzerCounters, long observations) {
    }

    /** Runs the sources in sequence (as one capture) through every registered analyzer. */
    public static Result run(List<? extends PacketSource> sources, EngineConfig config, Consumer<Observation> sink,
                             Engine.Progress progress) throws IOException {
        Dispatcher dispatcher = new Dispatcher(Analyzers.flowAnalyzers(), Analyzers.frameAnalyzers(), sink);
        Engine engine = new Engine(config, dispatcher);
        if (progress != null) {
            engine.progress(progress);
        }
        EngineStats stats = engine.run(sources);
        return new Result(stats, dispatcher.counters().snapshot(), dispatcher.observationsEmitted());
    }

    /** Runs one capture file with default settings. */
    public static Result run(Path capture, Consumer<Observation> sink) throws IOException {
        try (PacketSource source = CaptureFiles.open(capture)) {
            return run(List.of(source), EngineConfig.defaults(), sink, null);
        }
    }

    /** Every observation of one capture file, flow records included (for tests and small inputs). */
    public static List<Observation> observe(Path capture) throws IOException {
        List<Observation> out = new ArrayList<>();
        run(capture, out::add);
        return out;
    }

    /** Observations of one type from a capture file. */
    public static <T extends Observation> List<T> observe(Path capture, Class<T> type) throws IOException {
        return observe(capture).stream().filter(type::isInstance).map(type::cast).toList();
    }
}
