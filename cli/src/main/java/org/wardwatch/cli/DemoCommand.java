package org.wardwatch.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.wardwatch.cli.report.HtmlReport;
import org.wardwatch.cli.report.SimulationSection;
import org.wardwatch.sim.AttackKind;
import org.wardwatch.sim.SimulationConfig;
import org.wardwatch.sim.SimulationResult;
import org.wardwatch.sim.hospital.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wardwatch demo}: no setup. Simulates a small hospital with a few attacks, analyzes the
 * capture exactly as {@code analyze} does, and writes the results and a self-contained report.html
 * into one folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate a small hospital (with a few attacks), analyze it, and write the results and a",
            "self-contained report.html into a folder. Needs nothing but Java.",
            "Figures on simulated traffic check the pipeline; they are not evidence of accuracy on real networks."})
final class DemoCommand implements Callable<Integer> {
    static final String DEFAULT_ATTACKS = "scan,dicom_harvest,bad_address";

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Folder for everything (default: ${DEFAULT-VALUE}).",
            defaultValue = "wardwatch-demo")
    Path out;

    @Option(names = "--beds", paramLabel = "N", description = "Beds of the simulated hospital (default: ${DEFAULT-VALUE}).",
            defaultValue = "20")
    int beds;

    @Option(names = "--minutes", paramLabel = "M", description = "Minutes of traffic (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int minutes;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    long seed;

    @Option(names = "--attacks", paramLabel = "LIST", description = "Attacks to inject (default: ${DEFAULT-VALUE}).",
            defaultValue = DEFAULT_ATTACKS)
    String attacks;

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (minutes < 1 || minutes > 24 * 60) {
            throw new IllegalArgumentException("--minutes must be between 1 and 1440");
        }
        boolean progress = !noProgress && System.console() != null;
        Path dir = out.toAbsolutePath().normalize();
        Path capture = dir.resolve("hospital.pcap");
        System.out.printf("simulating a %d-bed hospital for %d minutes (seed %d)...%n", beds, minutes, seed);
        SimulationConfig config = new SimulationConfig(beds, minutes * 60L, seed, Topology.FLAT, AttackKind.parse(attacks), null);
        SimulationResult sim = SimulateCommand.simulate(config, capture, progress);
        System.out.printf("  %,d devices, %,d packets, %d attacks (%.1f s)%n", sim.devices(), sim.packets(), sim.attacks(),
                sim.elapsedNanos() / 1e9);
        System.out.println("analyzing it...");
        Analysis.Options options = new Analysis.Options(List.of(capture.toString()), dir, null, null, progress,
                org.wardwatch.capture.engine.EngineConfig.defaults());
        Analysis.Result result = Analysis.run(options);
        Path report = HtmlReport.write(result.context(), List.of(new SimulationSection(sim.truth())),
                String.format("demo: simulated %d-bed hospital, %d minutes, seed %d", beds, minutes, seed));
        Analysis.printSummary(result, dir, System.out);
        System.out.println();
        System.out.println("Open the report:   " + report);
        System.out.println("Ground truth:      " + sim.truth());
        System.out.println("Everything else:   " + dir);
        System.out.println("This traffic is simulated: it checks the pipeline, not accuracy on a real network.");
        return 0;
    }
}
