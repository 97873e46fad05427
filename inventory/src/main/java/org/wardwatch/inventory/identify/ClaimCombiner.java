package org.wardwatch.inventory.identify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.Evidence;

/**
 * Combines the claims about one attribute into a value with a confidence (docs/inventory.md, "How
 * claims combine"):
 * <ol>
 *   <li>Claims are grouped by value. Within a value, each rule counts once (its strongest claim): a rule
 *       that fires on every packet is one witness, not many.</li>
 *   <li>Values are <em>compatible</em> when one refines the other: a taxonomy descendant for categories
 *       ({@code imaging_ct} refines {@code imaging_modality}), a word-prefix for OS and model
 *       ({@code Windows 10} refines {@code Windows}, {@code Android 5.1.1} refines {@code Android 5}), equality otherwise (vendors after canonical names).</li>
 *   <li>Support of a value: S(v) = 1 − Π(1 − w) over the rules claiming v or a refinement of v
 *       (noisy-OR: independent witnesses, each right with probability w).</li>
 *   <li>Confidence: C(v) = S(v) × (1 − max S(u)) over values u incompatible with v: a strong
 *       contradiction lowers the answer's confidence.</li>
 *   <li>The answer is the most specific value compatible with the best one whose confidence reaches
 *       {@value #SPECIFIC_FLOOR} or {@value #SPECIFIC_RATIO} of the best, whichever is
 *       lower: "Windows 10" beats a stronger "Windows" when it is itself likely. Below {@value #MIN_CONFIDENCE}
 *       the answer is unknown.</li>
 * </ol>
 * The answer keeps the evidence of the compatible claims and lists the incompatible ones as conflicts.
 */
public final class ClaimCombiner {
    public static final double MIN_CONFIDENCE = 0.15;
    public static final double SPECIFIC_RATIO = 0.8;
    public static final double SPECIFIC_FLOOR = 0.4;
    private static final int MAX_EVIDENCE = 12;
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private final KnowledgeBase kb;

    public ClaimCombiner(KnowledgeBase kb) {
        this.kb = kb;
    }

    public AttributeValue combine(Attribute attribute, List<Claim> all) {
        List<Claim> claims = new ArrayList<>();
        for (Claim c : all) {
            if (c.attribute() == attribute && c.value() != null && !c.value().isBlank()) {
                claims.add(c);
            }
        }
        if (claims.isEmpty()) {
            return AttributeValue.unknown(attribute);
        }
        // distinct values, first spelling kept
        Map<String, String> spelling = new LinkedHashMap<>();
        for (Claim c : claims) {
            spelling.putIfAbsent(key(attribute, c.value()), c.value());
        }
        List<String> values = new ArrayList<>(spelling.keySet());
        Map<String, Double> support = new HashMap<>();
        for (String v : values) {
            Map<String, Double> perRule = new HashMap<>();
            for (Claim c : claims) {
                if (refines(attribute, key(attribute, c.value()), v)) {
                    perRule.merge(c.evidence().rule(), c.weight(), Math::max);
                }
            }
            double miss = 1;
            for (double w : perRule.values()) {
                miss *= 1 - w;
            }
            support.put(v, 1 - miss);
        }
        Map<String, Double> confidence = new HashMap<>();
        String best = null;
        for (String v : values) {
            double against = 0;
            for (String u : values) {
                if (!compatible(attribute, u, v)) {
                    against = Math.max(against, support.get(u));
                }
            }
            double c = support.get(v) * (1 - against);
            confidence.put(v, c);
            if (best == null || c > confidence.get(best) + 1e-12
                    || (Math.abs(c - confidence.get(best)) <= 1e-12 && specificity(attribute, v) > specificity(attribute, best))) {
                best = v;
            }
        }
        String answer = best;
        for (String v : values) {
            double bar = Math.min(SPECIFIC_FLOOR, SPECIFIC_RATIO * confidence.get(best));
            if (confidence.get(v) >= bar && compatible(attribute, v, best)
                    && specificity(attribute, v) > specificity(attribute, answer)) {
                answer = v;
            }
        }
        double conf = confidence.get(answer);
        List<Evidence> evidence = new ArrayList<>();
        List<Claim> conflicts = new ArrayList<>();
        claims.sort(Comparator.comparingDouble(Claim::weight).reversed());
        boolean known = conf >= MIN_CONFIDENCE;
        for (Claim c : claims) {
            boolean agrees = known && compatible(attribute, key(attribute, c.value()), answer);
            if (agrees && evidence.size() < MAX_EVIDENCE) {
                evidence.add(c.evidence());
            } else if (!agrees && conflicts.size() < MAX_EVIDENCE) {
                conflicts.add(c);
            }
        }
        if (!known) {
            return new AttributeValue(attribute, null, 0, List.of(), conflicts);
        }
        return new AttributeValue(attribute, spelling.get(answer), round(conf), evidence, conflicts);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Comparison key of a value: category ids as they are, vendors by canonical name, text lower-cased. */
    String key(Attribute a, String value) {
        String v = value.trim();
        return switch (a) {
            case CATEGORY -> v;
            case VENDOR -> kb.vendors().key(v);
            default -> WHITESPACE.matcher(v.toLowerCase(Locale.ROOT)).replaceAll(" ");
        };
    }

    /** True when {@code specific} is {@code general} or a refinement of it (both keys). */
    boolean refines(Attribute a, String specific, String general) {
        if (specific.equals(general)) {
            return true;
        }
        return switch (a) {
            case CATEGORY -> kb.taxonomy().refines(specific, general);
            case OS, MODEL -> specific.startsWith(general + " ") || specific.startsWith(general + "-")
                    || (specific.startsWith(general + ".") && Character.isDigit(general.charAt(general.length() - 1)));
            default -> false;
        };
    }

    boolean compatible(Attribute a, String x, String y) {
        return refines(a, x, y) || refines(a, y, x);
    }

    private int specificity(Attribute a, String key) {
        return a == Attribute.CATEGORY ? kb.taxonomy().lineage(key).size() : key.length();
    }
}
