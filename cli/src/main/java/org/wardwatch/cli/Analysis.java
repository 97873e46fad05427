package org.wardwatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.engine.EngineStats;
import org.wardwatch.capture.live.LiveCapture;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.cli.output.Json;
import org.wardwatch.cli.output.ObservationWriter;
import org.wardwatch.cli.output.SinkThread;
import org.wardwatch.cli.stage.AnalysisContext;
import org.wardwatch.cli.stage.AnalysisStage;
import org.wardwatch.cli.stage.Stages;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.Pipeline;

/**
 * One analysis run, as {@code wardwatch analyze} and {@code wardwatch demo} do it: captures through the
 * sensor {@link Pipeline}, observations to {@code observations.jsonl} and {@code flows.jsonl} and to
 * every {@link AnalysisStage} (in packet order, the writers on one {@link SinkThread} and the stages on
 * another, beside the packet path), then the stages' outputs and {@code summary.json}.
 */
public final class Analysis {
    /**
     * @param inputs       capture paths, or "-" for standard input
     * @param outDir       output folder (created)
     * @param dataDir      embedded store folder, or null for none
     * @param databaseUrl  JDBC URL of a server store, or null
     * @param progress     show a progress bar (only on a terminal)
     */
    public record Options(List<String> inputs, Path outDir, Path dataDir, String databaseUrl, boolean progress,
                          EngineConfig engine, Live live) {
        public Options {
            inputs = List.copyOf(inputs);
        }

        public Options(List<String> inputs, Path outDir, Path dataDir, String databaseUrl, boolean progress, EngineConfig engine) {
            this(inputs, outDir, dataDir, databaseUrl, progress, engine, null);
        }

        public static Options of(List<String> inputs, Path outDir) {
            return new Options(inputs, outDir, null, null, false, EngineConfig.defaults(), null);
        }
    }

    /**
     * Live capture instead of (or after) files: the interface, a BPF filter (null for all), and how
     * long to listen (null: until interrupted, Ctrl-C ends the capture and the outputs are written).
     */
    public record Live(String interfaceName, String filter, Duration duration, Runnable onListening) {
        public Live(String interfaceName, String filter, Duration duration) {
            this(interfaceName, filter, duration, null);
        }
    }

    /** What a run produced. */
    public record Result(EngineStats engine, Map<String, Long> analyzerCounters, long observations, long flows,
                         Duration elapsed, AnalysisContext context) {
    }

    private Analysis() {
    }

    public static Result run(Options options) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(options.outDir());
        List<AnalysisStage> stages = new ArrayList<>(); // built on the stage thread while the packet path starts
        AnalysisContext context = new AnalysisContext(options.outDir(), options.dataDir(), options.databaseUrl());
        List<PacketSource> sources = new ArrayList<>();
        Pipeline.Result pipeline;
        long[] counts = new long[2];
        try (ObservationWriter observations = new ObservationWriter(options.outDir().resolve("observations.jsonl"));
             ObservationWriter flows = new ObservationWriter(options.outDir().resolve("flows.jsonl"));
             SinkThread writing = new SinkThread("wardwatch-writer", null, o -> {
                 if (o instanceof FlowRecord) {
                     flows.write(o);
                     counts[1]++;
                 } else {
                     observations.write(o);
                     counts[0]++;
                 }
             });
             SinkThread staging = new SinkThread("wardwatch-stages", () -> stages.addAll(Stages.all()), o -> {
                 for (AnalysisStage stage : stages) {
                     stage.accept(o);
                 }
             })) {
            for (String input : options.inputs()) {
                sources.add(CaptureFiles.open(input));
            }
            if (options.live() != null) {
                sources.add(openLive(options.live()));
            }
            ProgressBar bar = options.progress() ? progressBar(sources) : null;
            try {
                pipeline = Pipeline.run(sources, options.engine(), o -> {
                    writing.accept(o);
                    staging.accept(o);
                }, bar == null ? null : (done, total) -> {
                    if (total > 0) {
                        bar.maxHint(total);
                    }
                    bar.stepTo(done);
                });
                writing.finish(); // the writers and the stages have seen every observation
                staging.finish();
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
        } finally {
            for (PacketSource s : sources) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a read-only source cannot lose data
                }
            }
        }
        LIVE_STOPS.clear();
        try {
            for (AnalysisStage stage : stages) {
                stage.finish(context);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                context.awaitPending(); // work left beside (the store update) ends before the failure is reported
            } catch (IOException | RuntimeException | Error p) {
                e.addSuppressed(p);
            }
            throw e;
        }
        context.awaitPending();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Result result = new Result(pipeline.engine(), pipeline.analyzerCounters(), counts[0], counts[1], elapsed, context);
        writeSummary(result, options);
        return result;
    }

    private static PacketSource openLive(Live live) throws IOException {
        PacketSource source = LiveCapture.open(live.interfaceName(), live.filter());
        if (live.onListening() != null) {
            live.onListening().run();
        }
        Runnable stop = () -> {
            try {
                source.close();
            } catch (IOException ignored) {
                // the capture is ending either way
            }
        };
        if (live.duration() != null) {
            Thread timer = new Thread(() -> {
                try {
                    Thread.sleep(live.duration().toMillis());
                    stop.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "live-capture-timer");
            timer.setDaemon(true);
            timer.start();
        }
        LIVE_STOPS.add(stop);
        return source;
    }

    /** Stops of live captures in progress: Ctrl-C runs them, so that the outputs of what was seen get written. */
    private static final List<Runnable> LIVE_STOPS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Ends running live captures (the {@code analyze} command's shutdown hook calls this). */
    public static void stopLiveCaptures() {
        LIVE_STOPS.forEach(Runnable::run);
    }

    private static ProgressBar progressBar(List<PacketSource> sources) {
        long total = 0;
        for (PacketSource s : sources) {
            total = s.sizeBytes() < 0 || total < 0 ? -1 : total + s.sizeBytes();
        }
        if (total >= 0 && total < (64L << 20)) {
            return null; // small inputs finish before a bar helps
        }
        return new ProgressBarBuilder().setTaskName("analyze").setInitialMax(Math.max(total, 1))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
    }

    private static void writeSummary(Result r, Options options) throws IOException {
        EngineStats e = r.engine();
        ObjectNode s = Json.mapper().createObjectNode();
        s.putPOJO("inputs", options.inputs());
        s.put("packets", e.packets());
        s.put("bytes", e.bytes());
        s.put("decodedPackets", e.decodedPackets());
        s.put("malformedPackets", e.malformedPackets());
        s.put("flows", e.flows());
        s.put("peakFlows", e.peakFlows());
        s.put("flowsEvicted", e.flowsEvicted());
        s.putPOJO("flowEnds", new TreeMap<>(e.flowEnds()));
        s.put("observations", r.observations());
        s.putPOJO("anomalies", e.anomalies());
        s.putPOJO("analyzers", r.analyzerCounters());
        s.put("elapsedSeconds", r.elapsed().toNanos() / 1e9);
        s.put("packetsPerSecond", e.packetsPerSecond());
        s.putPOJO("stages", r.context().summaryLines());
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(options.outDir().resolve("summary.json").toFile(), s);
    }

    /** The short human summary printed at the end of analyze. */
    public static void printSummary(Result r, Path outDir, PrintStream out) {
        EngineStats e = r.engine();
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("packets", String.format("%,d (%,d bytes, %,d malformed)", e.packets(), e.bytes(), e.malformedPackets()));
        lines.put("flows", String.format("%,d (peak %,d concurrent, %,d evicted)", e.flows(), e.peakFlows(), e.flowsEvicted()));
        lines.put("observations", String.format("%,d", r.observations()));
        long anomalies = e.anomalyCount();
        StringBuilder kinds = new StringBuilder();
        e.anomalies().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(en -> kinds.append(kinds.length() == 0 ? "" : ", ").append(en.getKey()).append('=').append(en.getValue()));
        lines.put("anomalies", String.format("%,d", anomalies) + (kinds.length() > 0 ? " (" + kinds + (e.anomalies().size() > 6 ? ", ..." : "") + ")" : ""));
        long protocols = r.analyzerCounters().entrySet().stream().filter(en -> en.getKey().endsWith("_confirmed")).count();
        StringBuilder apps = new StringBuilder();
        r.analyzerCounters().forEach((k, v) -> {
            if (k.endsWith("_confirmed")) {
                apps.append(apps.length() == 0 ? "" : ", ").append(k, 0, k.length() - "_confirmed".length()).append('=').append(v);
            }
        });
        lines.put("protocols", protocols == 0 ? "none confirmed" : apps + " (flows)");
        lines.putAll(r.context().summaryLines());
        lines.put("elapsed", String.format("%.2f s (%,.0f packets/s)", r.elapsed().toNanos() / 1e9,
                e.packets() * 1e9 / Math.max(1, r.elapsed().toNanos())));
        lines.put("output", outDir.toAbsolutePath().normalize().toString());
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(8);
        lines.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
    }
}
