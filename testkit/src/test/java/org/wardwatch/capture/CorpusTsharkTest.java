package org.wardwatch.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.testkit.Requirements;

/**
 * Every capture of the shared corpus (protocols, attacks, ics, medical), against tshark:
 * <ul>
 *   <li>the first {@value #SAMPLE} frames decoded field by field (VLAN ids, MACs, IPs, ports, TCP
 *       flags) as tshark decodes them ({@link DecodeComparison});</li>
 *   <li>the engine's TCP and UDP flows equal tshark's conversations: the same set, the same frames
 *       and bytes per direction ({@link ConversationComparison}, whose comment lists the
 *       adjustments between tshark's conversations and our flows).</li>
 * </ul>
 * One tshark run per file gives both. Exclusions: none are needed today; an exclusion goes in
 * {@link #EXCLUDED} with its reason.
 */
class CorpusTsharkTest {
    static final int SAMPLE = 200;

    /** Corpus files (relative to corpus/) not compared, each with the reason. */
    static final Map<String, String> EXCLUDED = Map.of();

    @TestFactory
    Stream<DynamicTest> everyCorpusCaptureDecodesAndFlowsAsTsharkSeesIt() throws IOException {
        Requirements.command("tshark");
        List<Path> files = new ArrayList<>();
        for (String folder : CorpusFiles.TRAFFIC) {
            files.addAll(CorpusFiles.captures(folder));
        }
        assertThat(files).as("corpus captures").isNotEmpty();
        return files.stream().filter(p -> !EXCLUDED.containsKey(CorpusFiles.name(p)))
                .map(p -> DynamicTest.dynamicTest(CorpusFiles.name(p), () -> check(p)));
    }

    private static void check(Path capture) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Requirements.command("tshark").toString(), "-n", "-r", capture.toString(),
                "-z", "conv,tcp", "-z", "conv,udp", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                "-E", "aggregator=,", "-E", "quote=n"));
        for (String f : DecodeComparison.FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        String out = run(cmd);
        int stats = out.indexOf("================");
        String fieldText = stats < 0 ? out : out.substring(0, stats);
        String convText = stats < 0 ? "" : out.substring(stats);
        List<String[]> rows = new ArrayList<>();
        for (String line : fieldText.split("\n")) {
            if (!line.isEmpty()) {
                String[] cells = line.split("\t", -1);
                rows.add(cells.length >= DecodeComparison.FIELDS.length ? cells
                        : java.util.Arrays.copyOf(cells, DecodeComparison.FIELDS.length));
            }
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (r[i] == null) {
                    r[i] = "";
                }
            }
        }
        DecodeComparison.Result decoded = DecodeComparison.compare(capture, rows, SAMPLE);
        assertThat(decoded.mismatches).as("decoded fields differing from tshark's").isEmpty();
        assertThat(decoded.rejected).as("frames tshark decodes and we reject").isEmpty();
        if (decoded.compared > 0) {
            assertThat(decoded.checks).as("field comparisons made").isPositive();
        }
        ConversationComparison.Result flows = ConversationComparison.compare(capture, EngineConfig.defaults(), convText);
        assertThat(flows.mismatches).as("flows differing from tshark's conversations").isEmpty();
        assertThat(flows.stats.packets()).as("packets read").isEqualTo(rows.size());
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ww-tshark", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tshark timed out on " + cmd);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
