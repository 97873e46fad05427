package org.wardwatch.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wardwatch.testkit.Requirements;

/**
 * Runs tshark (skips the test when it is not installed) and returns the requested fields per frame,
 * all occurrences of a field joined by commas. The packet engine's tests use it as their oracle.
 */
public final class TsharkOracle {
    private TsharkOracle() {
    }

    /** Rows of {@code fields} for the first {@code maxFrames} frames (0: all), with extra tshark options. */
    public static List<String[]> fields(Path capture, int maxFrames, List<String> options, String... fields) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.command("tshark").toString(), "-n", "-r", capture.toString()));
        if (maxFrames > 0) {
            cmd.addAll(List.of("-c", Integer.toString(maxFrames)));
        }
        cmd.addAll(options);
        cmd.addAll(List.of("-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        String out = Requirements.run(300, cmd.toArray(String[]::new));
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            rows.add(cols.length == fields.length ? cols : Arrays.copyOf(cols, fields.length));
        }
        return rows;
    }

    /** The output of {@code tshark -n -q -r capture -z stat}. */
    public static String stats(Path capture, String stat) {
        return Requirements.run(300, Requirements.command("tshark").toString(), "-n", "-q", "-r", capture.toString(), "-z", stat);
    }
}
