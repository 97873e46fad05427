package org.wardwatch.cli.report;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wardwatch.cli.stage.AnalysisContext;

/** Overview and traffic: key figures, the analysis summary, protocols, VLANs, busiest hosts and packets over time. */
public final class OverviewSection implements ReportSection {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Override
    public String id() {
        return "overview";
    }

    @Override
    public String title() {
        return "Overview and traffic";
    }

    @Override
    public String html(AnalysisContext context) {
        StringBuilder sb = new StringBuilder();
        TrafficSummary t = context.get(TrafficSummary.class).orElse(null);
        if (t != null) {
            List<String[]> tiles = new ArrayList<>();
            tiles.add(new String[] {"packets in flows", Html.number(t.packets())});
            tiles.add(new String[] {"bytes", Html.bytes(t.bytes())});
            tiles.add(new String[] {"flows", Html.number(t.flows())});
            tiles.add(new String[] {"IP hosts", Html.number(t.hosts()) + (t.hostsCapped() ? "+" : "")});
            if (t.first() != null && t.last() != null) {
                Duration d = Duration.between(t.first(), t.last());
                tiles.add(new String[] {"time span", String.format("%d h %02d min %02d s", d.toHours(), d.toMinutesPart(), d.toSecondsPart())});
            }
            sb.append(Html.tiles(tiles));
        }
        Map<String, String> lines = context.summaryLines();
        if (!lines.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            lines.forEach((k, v) -> rows.add(List.of(Html.text(k), Html.text(v))));
            sb.append("<h3>Analysis summary</h3>").append(Html.table(List.of("item", "value"), rows));
        }
        if (t == null) {
            return sb.length() == 0 ? null : sb.toString();
        }
        if (t.packetsOverTime().length > 0 && t.first() != null) {
            sb.append("<h3>Packets over time</h3>").append(Html.timeChart(
                    "packets per " + (t.bucketSeconds() >= 3600 && t.bucketSeconds() % 3600 == 0 ? t.bucketSeconds() / 3600 + " h"
                            : t.bucketSeconds() / 60 + " min") + " (flows spread over the minutes they span)",
                    t.packetsOverTime(), TIME.format(t.first()), TIME.format(t.last())));
        }
        sb.append("<h3>Application protocols</h3>");
        sb.append(Html.barChart("bytes per application protocol (as confirmed by wardwatch's analyzers)",
                t.applications().stream().map(TrafficSummary.Row::label).toList(),
                t.applications().stream().map(TrafficSummary.Row::bytes).toList(), true));
        sb.append(rowsTable("protocol", t.applications()));
        sb.append("<h3>Server ports</h3>").append(rowsTable("transport/port", t.serverPorts()));
        sb.append("<h3>VLANs</h3>").append(rowsTable("VLAN", t.vlans()));
        sb.append("<h3>Busiest hosts</h3>").append(rowsTable("address", t.topHosts()));
        return sb.toString();
    }

    private static String rowsTable(String what, List<TrafficSummary.Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (TrafficSummary.Row r : rows) {
            out.add(List.of(Html.text(r.label()), num(r.flows()), num(r.packets()), "<span class=\"num\">" + Html.text(Html.bytes(r.bytes())) + "</span>"));
        }
        return Html.table(List.of(what, "flows", "packets", "bytes"), out);
    }

    private static String num(long n) {
        return Html.text(Html.number(n));
    }
}
