package org.wardwatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.wardwatch.sim.AttackKind;
import org.wardwatch.sim.SimulationConfig;
import org.wardwatch.sim.SimulationResult;
import org.wardwatch.sim.Simulator;
import org.wardwatch.sim.hospital.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wardwatch simulate}: a synthetic hospital capture with its ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a hospital network: write a capture and, beside it, FILE.truth.json (every device with the",
            "source of each identity fact, every injected attack with its packet window). Same seed, same bytes.",
            "Simulated traffic checks the pipeline; it is not evidence of accuracy on real networks."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--beds", paramLabel = "N", description = "Number of beds (1-5000, default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int beds;

    @Option(names = "--hours", paramLabel = "H", description = "Capture length in hours, decimals allowed (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    double hours;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--topology", paramLabel = "flat|segmented",
            description = "flat: a few large VLANs (most hospitals); segmented: one VLAN per device class (default: ${DEFAULT-VALUE}).",
            defaultValue = "flat")
    String topology;

    @Option(names = "--attacks", paramLabel = "LIST",
            description = "Attacks to inject: all, none, or a comma-separated list of scan, smb_lateral, bruteforce, dicom_harvest,"
                    + " hl7_unauthorized, exfiltration, ransomware, arp_spoof, bad_address (default: ${DEFAULT-VALUE}).",
            defaultValue = "none")
    String attacks;

    @Option(names = "--start", paramLabel = "ISO", description = "Time of the first packet, e.g. 2024-03-04T07:00:00Z (default: ${DEFAULT-VALUE}).",
            defaultValue = "2024-03-04T07:00:00Z")
    String start;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true,
            description = "Capture to write: .pcap, .pcap.gz (gzip) or .pcapng.")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        SimulationResult r = simulate(config(), out, !noProgress && System.console() != null);
        System.out.printf("devices     %,d%n", r.devices());
        System.out.printf("packets     %,d (%,d bytes)%n", r.packets(), r.bytes());
        System.out.printf("attacks     %d%n", r.attacks());
        System.out.printf("elapsed     %.1f s (%,.0f packets/s)%n", r.elapsedNanos() / 1e9, r.packetsPerSecond());
        System.out.printf("capture     %s%n", r.capture().toAbsolutePath().normalize());
        System.out.printf("truth       %s%n", r.truth().toAbsolutePath().normalize());
        System.out.println("note        simulated traffic checks the pipeline, not real-world accuracy");
        return 0;
    }

    SimulationConfig config() {
        if (!(hours > 0) || hours > 168) {
            throw new IllegalArgumentException("--hours must be more than 0 and at most 168");
        }
        Topology t = switch (topology.toLowerCase(java.util.Locale.ROOT)) {
            case "flat" -> Topology.FLAT;
            case "segmented" -> Topology.SEGMENTED;
            default -> throw new IllegalArgumentException("--topology must be flat or segmented");
        };
        Instant at;
        try {
            at = Instant.parse(start);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--start must be an ISO-8601 instant such as 2024-03-04T07:00:00Z");
        }
        return new SimulationConfig(beds, Math.max(1, Math.round(hours * 3600)), seed, t, AttackKind.parse(attacks), at);
    }

    /** Runs the simulator, with a progress bar on a terminal. Shared with {@code demo}. */
    static SimulationResult simulate(SimulationConfig config, Path capture, boolean progress) throws java.io.IOException {
        Path parent = capture.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!progress) {
            return Simulator.run(config, capture, null);
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("simulate").setInitialMax(config.durationSeconds())
                .setStyle(ProgressBarStyle.ASCII).setUnit(" s", 1)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
            return Simulator.run(config, capture, (done, total, packets) -> {
                bar.stepTo(done / 1_000_000_000L);
                bar.setExtraMessage(String.format("%,d packets", packets));
            });
        }
    }
}
