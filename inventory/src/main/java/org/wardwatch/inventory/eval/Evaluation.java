package org.wardwatch.inventory.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Device;

/**
 * Scores identification against a {@link Truth} (docs/inventory.md "Accuracy"). Per attribute:
 * <ul>
 *   <li><b>coverage</b>: share of labelled devices (with that attribute labelled) that got an answer;</li>
 *   <li><b>accuracy</b>: share of the answers that are right;</li>
 *   <li><b>calibration</b>: accuracy of the answers given with confidence &ge; 0.9 (they should be right &ge; 99%).</li>
 * </ul>
 * Right means: category equal to the expected one or more specific than it (taxonomy; see
 * {@link Truth.Device#expectedCategory}); vendor the same maker after
 * canonical names (a label "BD (CareFusion, Alaris)" accepts any of the names); {@code category_family} also
 * accepts a less specific answer that is not a taxonomy root ("infusion" for a syringe pump, "server" for a
 * PACS, but not "medical_device"); model equal or one
 * containing the other, ignoring case and punctuation; OS equal or more specific ("Windows 10 22H2" for
 * "Windows 10"); {@code os_family} compares the first word only. Devices are paired by MAC, else by IP.
 */
public final class Evaluation {
    public static final double HIGH_CONFIDENCE = 0.9;

    /** Counts for one attribute. */
    public record Score(String attribute, int labelled, int answered, int correct, int highAnswered, int highCorrect) {
        public double coverage() {
            return labelled == 0 ? Double.NaN : (double) answered / labelled;
        }

        public double accuracy() {
            return answered == 0 ? Double.NaN : (double) correct / answered;
        }

        public double calibration() {
            return highAnswered == 0 ? Double.NaN : (double) highCorrect / highAnswered;
        }
    }

    /** A wrong answer, for investigation. */
    public record Miss(String truthLabel, String deviceId, String attribute, String expected, String answered, double confidence) {
    }

    public record Report(String truthSource, int truthDevices, int matchedDevices, int resultDevices, Map<String, Score> scores,
                         List<Miss> misses) {
    }

    private Evaluation() {
    }

    public static Report evaluate(List<Device> results, Truth truth, KnowledgeBase kb) {
        Map<Long, Device> byMac = new HashMap<>();
        Map<String, Device> byIp = new HashMap<>();
        for (Device d : results) {
            d.macs().forEach(m -> byMac.putIfAbsent(m.value(), d));
            for (AddressPeriod p : d.addresses()) {
                byIp.putIfAbsent(p.ip().toString(), d);
            }
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String a : List.of("category", "category_family", "vendor", "model", "os", "os_family")) {
            counts.put(a, new int[5]);
        }
        List<Miss> misses = new ArrayList<>();
        int matched = 0;
        for (Truth.Device t : truth.devices()) {
            Device d = t.mac() == null ? null : byMac.get(t.mac().value());
            if (d == null) {
                for (String ip : t.ips()) {
                    d = byIp.get(ip);
                    if (d != null) {
                        break;
                    }
                }
            }
            if (d != null) {
                matched++;
            }
            String expected = t.expectedCategory(kb.taxonomy());
            if (expected != null) {
                score(counts.get("category"), misses, t, d, "category", expected, d == null ? null : d.category(),
                        ours -> kb.taxonomy().refines(ours, expected));
                score(counts.get("category_family"), null, t, d, "category_family", expected, d == null ? null : d.category(),
                        ours -> kb.taxonomy().refines(ours, expected)
                                || (kb.taxonomy().refines(expected, ours) && kb.taxonomy().get(ours).parent() != null));
            }
            if (t.vendor() != null) {
                score(counts.get("vendor"), misses, t, d, "vendor", t.vendor(), d == null ? null : d.vendor(),
                        ours -> vendorRight(kb, ours, t.vendor()));
            }
            if (t.model() != null) {
                score(counts.get("model"), misses, t, d, "model", t.model(), d == null ? null : d.model(),
                        ours -> modelRight(ours, t.model()));
            }
            if (t.os() != null) {
                score(counts.get("os"), misses, t, d, "os", t.os(), d == null ? null : d.os(), ours -> osRight(ours, t.os()));
                score(counts.get("os_family"), null, t, d, "os_family", t.os(), d == null ? null : d.os(),
                        ours -> firstWord(ours).equals(firstWord(t.os())));
            }
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        counts.forEach((a, c) -> scores.put(a, new Score(a, c[0], c[1], c[2], c[3], c[4])));
        return new Report(truth.source(), truth.devices().size(), matched, results.size(), scores, misses);
    }

    private static void score(int[] c, List<Miss> misses, Truth.Device t, Device d, String attribute, String expected,
                              AttributeValue ours, java.util.function.Predicate<String> right) {
        c[0]++;
        if (ours == null || !ours.isKnown()) {
            return;
        }
        c[1]++;
        boolean ok = right.test(ours.value());
        if (ok) {
            c[2]++;
        } else if (misses != null && misses.size() < 20_000) {
            misses.add(new Miss(t.label(), d.id(), attribute, expected, ours.value(), ours.confidence()));
        }
        if (ours.confidence() >= HIGH_CONFIDENCE) {
            c[3]++;
            if (ok) {
                c[4]++;
            }
        }
    }

    static boolean vendorRight(KnowledgeBase kb, String ours, String label) {
        List<String> names = new ArrayList<>();
        int open = label.indexOf('(');
        names.add(open > 0 ? label.substring(0, open).trim() : label);
        if (open > 0 && label.indexOf(')', open) > open) {
            for (String alt : label.substring(open + 1, label.indexOf(')', open)).split("[,/]")) {
                names.add(alt.trim());
            }
        }
        names.add(label);
        for (String n : names) {
            if (!n.isEmpty() && kb.vendors().same(ours, n)) {
                return true;
            }
        }
        return false;
    }

    static boolean modelRight(String ours, String label) {
        String a = norm(ours), b = norm(label);
        return !a.isEmpty() && !b.isEmpty() && (a.equals(b) || a.contains(b) || b.contains(a));
    }

    static boolean osRight(String ours, String label) {
        String a = ours.toLowerCase(Locale.ROOT).trim(), b = label.toLowerCase(Locale.ROOT).trim();
        return a.equals(b) || a.startsWith(b + " ") || a.startsWith(b + ".");
    }

    private static String firstWord(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        int sp = t.indexOf(' ');
        return sp > 0 ? t.substring(0, sp) : t;
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Several reports as one (scores added up), e.g. one per labelled capture. */
    public static Report combine(String source, List<Report> reports) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<Miss> misses = new ArrayList<>();
        int truth = 0, matched = 0, results = 0;
        for (Report r : reports) {
            truth += r.truthDevices();
            matched += r.matchedDevices();
            results += r.resultDevices();
            misses.addAll(r.misses());
            r.scores().forEach((a, s) -> {
                int[] c = counts.computeIfAbsent(a, k -> new int[5]);
                c[0] += s.labelled();
                c[1] += s.answered();
                c[2] += s.correct();
                c[3] += s.highAnswered();
                c[4] += s.highCorrect();
            });
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        counts.forEach((a, c) -> scores.put(a, new Score(a, c[0], c[1], c[2], c[3], c[4])));
        return new Report(source, truth, matched, results, scores, misses);
    }

    /** The report as a fixed-width table. */
    public static String table(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "truth: %s (%d devices; %d found among %d identified)%n", r.truthSource(),
                r.truthDevices(), r.matchedDevices(), r.resultDevices()));
        sb.append(String.format(Locale.ROOT, "%-10s %8s %8s %9s %9s %14s%n", "attribute", "labelled", "answered", "coverage",
                "accuracy", "conf>=0.9 right"));
        for (Score s : r.scores().values()) {
            if (s.labelled() == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-10s %8d %8d %8s %9s %9s (%d)%n", s.attribute(), s.labelled(), s.answered(),
                    pct(s.coverage()), pct(s.accuracy()), pct(s.calibration()), s.highAnswered()));
        }
        return sb.toString();
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
