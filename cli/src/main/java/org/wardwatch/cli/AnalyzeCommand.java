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
            "and write observations, flows, the inventory and findings into the output folder.",
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

    @Option(names = "--data", paramLabel = "DIR", description = "Store folder of the embedded database (default: none).")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL of a server store instead of the embedded one.")
    String databaseUrl;

    @Option(names = "--max-flows", paramLabel = "N", description = "Flow table size bound (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000000")
    int maxFlows;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (captures.isEmpty() && interfaceName == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a CAPTURE file or --interface IF");
        }
        Analysis.Live live = interfaceName == null ? null
                : new Analysis.Live(interfaceName, filter, durationSeconds == null ? null : java.time.Duration.ofSeconds(durationSeconds),
                        () -> System.err.println("wardwatch: capturing on " + interfaceName + (filter == null ? "" : " (" + filter + ")")
                                + (durationSeconds == null ? "; Ctrl-C to stop" : " for " + durationSeconds + " s")));
        Analysis.Options options = new Analysis.Options(captures, out, data, databaseUrl,
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
