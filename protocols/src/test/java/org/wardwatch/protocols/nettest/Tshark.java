package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
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
                "-E", "separator=/t", "-E", "occurrence=a"));
        cmd.addAll(options);
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        String out = run(cmd);
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

    /** Runs tshark; exit 2 ("cut short in the middle of a packet") still yields the frames read before. */
    private static String run(List<String> cmd) {
        try {
            Path out = Files.createTempFile("ww-tshark", ".out");
            Path err = Files.createTempFile("ww-tshark", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    Assertions.fail(String.join(" ", cmd) + ": timed out");
                }
                if (p.exitValue() != 0 && p.exitValue() != 2) {
                    Assertions.fail(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + Files.readString(err));
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return Assertions.fail("tshark: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted");
        }
    }
}
