package org.wardwatch.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wardwatch analyze CAPTURE... [--out DIR]}. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyze capture files (pcap, pcapng, gzip-compressed, or - for standard input).")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CAPTURE")
    List<String> captures;

    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).", defaultValue = "wardwatch-out")
    Path out;

    @Override
    public Integer call() throws Exception {
        throw new UnsupportedOperationException("analyze is being built");
    }
}
