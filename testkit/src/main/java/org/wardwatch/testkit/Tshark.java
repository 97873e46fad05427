package org.wardwatch.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * tshark as the field oracle: runs {@code tshark -r FILE -T fields -e ...} and returns one
 * {@code String[]} per frame, one cell per field (multiple occurrences joined with ','; an absent
 * field is ""). Name resolution is off ({@code -n}). Skips the test (fails under CI) when tshark is
 * not installed, via {@link Requirements#command}.
 *
 * <pre>{@code
 * List<String[]> rows = Tshark.fields(capture, "udp", "ip.src", "udp.dstport");
 * List<String[]> hl7 = Tshark.on(capture).decodeAs("tcp.port==5555,hl7").option("tcp.desegment_tcp_streams:TRUE")
 *         .filter("hl7").fields("hl7.msh.message_type");
 * }</pre>
 *
 * <p>tshark exits non-zero on a damaged file (after printing every frame it could read): by default
 * that fails the test; {@link Query#tolerateReadErrors()} accepts it and keeps the frames.
 */
public final class Tshark {
    private static final long TIMEOUT_SECONDS = 120;

    private Tshark() {
    }

    /** Field columns of every frame matching {@code displayFilter} (null or "" for all frames). */
    public static List<String[]> fields(Path capture, String displayFilter, String... fields) {
        return on(capture).filter(displayFilter).fields(fields);
    }

    /** Frames in the capture, as tshark counts them. */
    public static long count(Path capture) {
        return on(capture).fields("frame.number").size();
    }

    /** A query with options ({@code -o}), decode-as rules ({@code -d}), a display filter. */
    public static Query on(Path capture) {
        return new Query(capture);
    }

    /** A tshark command line being built; {@link #fields} runs it. */
    public static final class Query {
        private final Path capture;
        private final List<String> extra = new ArrayList<>();
        private String filter;
        private boolean tolerateReadErrors;
        private boolean twoPass;

        private Query(Path capture) {
            this.capture = capture;
        }

        /** A display filter ({@code -Y}). */
        public Query filter(String displayFilter) {
            this.filter = displayFilter;
            return this;
        }

        /** A preference, e.g. {@code "tcp.desegment_tcp_streams:FALSE"} ({@code -o}). */
        public Query option(String nameColonValue) {
            extra.add("-o");
            extra.add(nameColonValue);
            return this;
        }

        /** A decode-as rule, e.g. {@code "tcp.port==2575,hl7"} ({@code -d}). */
        public Query decodeAs(String rule) {
            extra.add("-d");
            extra.add(rule);
            return this;
        }

        /** Two-pass analysis ({@code -2}), for fields that depend on later frames. */
        public Query twoPass() {
            this.twoPass = true;
            return this;
        }

        /** Accept tshark's non-zero exit on a damaged or cut file; the frames it printed are kept. */
        public Query tolerateReadErrors() {
            this.tolerateReadErrors = true;
            return this;
        }

        /** Runs tshark and returns one row per frame, one cell per requested field. */
        public List<String[]> fields(String... fields) {
            if (fields.length == 0) {
                throw new IllegalArgumentException("name at least one field");
            }
            List<String> cmd = new ArrayList<>(List.of(Requirements.command("tshark").toString(), "-n", "-r", capture.toString()));
            if (twoPass) {
                cmd.add("-2");
            }
            cmd.addAll(extra);
            if (filter != null && !filter.isEmpty()) {
                cmd.add("-Y");
                cmd.add(filter);
            }
            cmd.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "quote=n"));
            for (String f : fields) {
                cmd.add("-e");
                cmd.add(f);
            }
            String out = run(cmd, tolerateReadErrors);
            List<String[]> rows = new ArrayList<>();
            for (String line : out.split("\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length < fields.length) {
                    cells = java.util.Arrays.copyOf(cells, fields.length);
                    for (int i = 0; i < cells.length; i++) {
                        if (cells[i] == null) {
                            cells[i] = "";
                        }
                    }
                }
                rows.add(cells);
            }
            return rows;
        }
    }

    private static String run(List<String> cmd, boolean tolerateReadErrors) {
        try {
            Path out = Files.createTempFile("ww-tshark", ".out");
            Path err = Files.createTempFile("ww-tshark", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Assertions.fail(String.join(" ", cmd) + ": timed out after " + TIMEOUT_SECONDS + " s");
                }
                if (p.exitValue() != 0 && !tolerateReadErrors) {
                    return Assertions.fail(String.join(" ", cmd) + ": exit " + p.exitValue() + ": "
                            + Files.readString(err, StandardCharsets.UTF_8).strip());
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return Assertions.fail(String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted while running tshark");
        }
    }
}
