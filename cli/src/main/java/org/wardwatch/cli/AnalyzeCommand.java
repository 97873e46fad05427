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
    @Parameters(arity = "1..*", paramLabel = "CAPTURE")
    List<String> captures;

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

    @Override
    public Integer call() throws Exception {
        Analysis.Options options = new Analysis.Options(captures, out, data, databaseUrl,
                !noProgress && System.console() != null,
                org.wardwatch.capture.engine.EngineConfig.defaults().withMaxFlows(maxFlows));
        Analysis.Result result = Analysis.run(options);
        Analysis.printSummary(result, out, System.out);
        return 0;
    }
}
