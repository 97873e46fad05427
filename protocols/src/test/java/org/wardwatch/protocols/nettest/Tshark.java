package org.wardwatch.protocols.nettest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.testkit.Requirements;

/**
 * tshark as the field oracle: runs it over a capture with a display filter and returns one row of
 * fields per matching frame. Multi-valued fields come back comma separated (tshark's default
 * occurrence separator is ','), so rows are split on tabs only.
 */
public final class Tshark {
    private Tshark() {
    }

    public static List<String[]> fields(Path capture, String filter, String... fields) {
        return fieldsWith(capture, filter, List.of(), fields);
    }

    public static List<String[]> fieldsWith(Path capture, String filter, List<String> options, String... fields) {
        Requirements.command("tshark");
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        cmd.addAll(options);
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        String out = Requirements.run(120, cmd.toArray(String[]::new));
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                String[] cells = line.split("\t", -1);
                if (cells.length < fields.length) {
                    String[] padded = new String[fields.length];
                    for (int i = 0; i < fields.length; i++) {
                        padded[i] = i < cells.length ? cells[i] : "";
                    }
                    cells = padded;
                }
                rows.add(cells);
            }
        }
        return rows;
    }
}
