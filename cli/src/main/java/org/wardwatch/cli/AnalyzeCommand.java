package org.wardwatch.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wardwatch analyze CAPTURE... [--out DIR]}. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyze capture files: decode every packet, follow every flow, dissect the protocols,",
            "and write observations, flows, the inventory and findings into the output folder;",
            "the inventory is also merged into the store (default data folder below, or --data, --db, --no-store).",
            "CAPTURE is a pcap or pcapng file (optionally gzip-compressed), or - for standard input."})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "CAPTURE")
    List<String> captures = new java.util.ArrayList<>();

    @Option(names = {"-i", "--interface"}, paramLabel = "IF",
            description = "Capture live from this interface (needs root and tcpdump); Ctrl-C or --duration ends it.")
    String interfaceName;

    @Option(names = {"-f", "--filter"}, paramLabel = "BPF", description = "BPF filter for live capture, e.g. 'not port 22'.")
    String filter;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop a live capture after this many seconds.")
    Long durationSeconds;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).",
            defaultValue = "wardwatch-out")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", description = {"Data folder: the embedded store (SQLite wardwatch.db) the inventory is",
        "merged into, and imported intel. Default: $WARDWATCH_DATA, else $XDG_DATA_HOME/wardwatch,",
        "else ~/.local/share/wardwatch."})
    Path data;

    @Option(names = "--no-store", description = "Write no store: results go to the output folder only.")
    boolean noStore;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL of a server store instead of the embedded one.")
    String databaseUrl;

    @Option(names = "--max-flows", paramLabel = "N", description = "Flow table size bound (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000000")
    int maxFlows;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The embedded store folder: --data, else the per-user default; none with --no-store or a server store (--db). */
    Path dataDir() {
        if (noStore || databaseUrl != null) {
            return null;
        }
        return data != null ? data : org.wardwatch.store.Store.defaultDataDir();
    }

    @Override
    public Integer call() throws Exception {
        if (captures.isEmpty() && interfaceName == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a CAPTURE file or --interface IF");
        }
        Analysis.Live live = interfaceName == null ? null
                : new Analysis.Live(interfaceName, filter, durationSeconds == null ? null : java.time.Duration.ofSeconds(durationSeconds),
                        () -> System.err.println("wardwatch: capturing on " + interfaceName + (filter == null ? "" : " (" + filter + ")")
                                + (durationSeconds == null ? "; Ctrl-C to stop" : " for " + durationSeconds + " s")));
        if (noStore && (data != null || databaseUrl != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--no-store excludes --data and --db");
        }
        Analysis.Options options = new Analysis.Options(captures, out, dataDir(), databaseUrl,
                !noProgress && System.console() != null && live == null,
                org.wardwatch.capture.engine.EngineConfig.defaults().withMaxFlows(maxFlows), live);
        Thread hook = null;
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        if (live != null) {
            // Ctrl-C ends the capture, then waits (bounded) until the outputs of what was seen are written
            hook = new Thread(() -> {
                Analysis.stopLiveCaptures();
                try {
                    written.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "analyze-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            Analysis.Result result = Analysis.run(options);
            Analysis.printSummary(result, out, System.out);
            return 0;
        } finally {
            written.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it is waiting for this very moment
                }
            }
        }
    }
}
