package org.wardwatch.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wardwatch.cli.stage.AnalysisContext;

/**
 * What the simulator put into the capture (from {@code FILE.truth.json}): the hospital, its devices by
 * category, and the injected attacks with their packet windows, under the honesty note that simulated
 * scores check the pipeline, not real-world accuracy.
 */
public final class SimulationSection implements ReportSection {
    private final JsonNode truth;
    private final String truthName;

    public SimulationSection(Path truthFile) throws IOException {
        this.truth = new ObjectMapper().readTree(truthFile.toFile());
        this.truthName = truthFile.getFileName().toString();
    }

    @Override
    public String id() {
        return "simulation";
    }

    @Override
    public String title() {
        return "Simulated hospital (ground truth)";
    }

    @Override
    public String html(AnalysisContext context) {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"note\">").append(Html.text(truth.path("note").asText(
                "Simulated traffic: scores check the pipeline, not real-world accuracy."))).append("</div>");
        JsonNode g = truth.path("generator");
        JsonNode cap = truth.path("capture");
        List<String[]> tiles = new ArrayList<>();
        tiles.add(new String[] {"beds", g.path("beds").asText()});
        tiles.add(new String[] {"devices", Html.number(truth.path("devices").size())});
        tiles.add(new String[] {"attacks injected", String.valueOf(truth.path("attacks").size())});
        tiles.add(new String[] {"packets written", Html.number(cap.path("packets").asLong())});
        tiles.add(new String[] {"topology", g.path("topology").asText()});
        tiles.add(new String[] {"seed", g.path("seed").asText()});
        sb.append(Html.tiles(tiles));
        sb.append("<p class=\"muted\">Ground truth: <code>").append(Html.text(truthName)).append("</code>, capture from ")
                .append(Html.text(g.path("start").asText())).append(" to ").append(Html.text(g.path("end").asText())).append(".</p>");

        Map<String, long[]> byCategory = new TreeMap<>();
        for (JsonNode d : truth.path("devices")) {
            String key = d.path("class").asText() + " / " + d.path("category").asText();
            byCategory.computeIfAbsent(key, k -> new long[1])[0]++;
        }
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        byCategory.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e -> {
            labels.add(e.getKey());
            values.add(e.getValue()[0]);
        });
        sb.append("<h3>Devices by class and category</h3>").append(Html.barChart("simulated devices per class / category", labels, values, false));

        JsonNode attacks = truth.path("attacks");
        if (attacks.size() > 0) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode a : attacks) {
                JsonNode who = a.path("attacker");
                String attacker = who.path("ip").asText("") + (who.has("externalPeer") ? " \u2192 " + who.path("externalPeer").asText() : "");
                rows.add(List.of(Html.text(a.path("id").asText()), "<b>" + Html.text(a.path("kind").asText()) + "</b>",
                        Html.text(attacker), Html.text(String.valueOf(a.path("victims").size())),
                        Html.text(a.path("firstPacket").asText("-")) + "<br>" + Html.text(a.path("lastPacket").asText("-")),
                        Html.text(Html.number(a.path("packets").asLong())), Html.text(a.path("details").asText())));
            }
            sb.append("<h3>Injected attacks</h3>").append(Html.table(
                    List.of("id", "kind", "attacker", "victims", "packet window (UTC)", "packets", "what happens"), rows));
        }
        return sb.toString();
    }
}
