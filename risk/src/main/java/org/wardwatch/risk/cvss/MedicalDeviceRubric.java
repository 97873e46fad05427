package org.wardwatch.risk.cvss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adjusts a CVSS v3 vector to a device per the impact questions of MITRE's "Rubric for Applying CVSS
 * to Medical Devices" (data: {@code cvss-medical-rubric.json}, with its sources). Only questions
 * about the device's clinical function and patient data are answered, automatically:
 * <ul>
 * <li>a question is asked only for an impact metric the published vector already rates above None
 *     (the advisory says the vulnerability can read/modify/disrupt something; the rubric asks what);</li>
 * <li>its data category applies when the device's criticality says so (life_sustaining → therapy,
 *     diagnostic → diagnosis/monitoring, informational → clinical workflow) or, for PHI, when the device
 *     was seen carrying patient data; the PHI volume question is answered from the count of
 *     PHI-bearing messages (500 or more: yes);</li>
 * <li>the adjusted metric is the highest of the published value and the answers' values.</li>
 * </ul>
 * Exploitability metrics stay as published. The result is a CVSS v3.1 base vector and score.
 */
public final class MedicalDeviceRubric {
    /** What the rubric needs to know about the device. */
    public record DeviceContext(String criticality, long phiMessages) {
    }

    /** The adjusted vector, its score, and the answered questions. */
    public record Adjustment(String vector, double score, List<String> answers) {
    }

    private record Question(String id, String metric, String category, String text, String yes, String no) {
    }

    private final List<Question> questions = new ArrayList<>();
    private final Map<String, List<String>> categoriesByCriticality = new LinkedHashMap<>();

    private static final MedicalDeviceRubric DEFAULT = load();

    public static MedicalDeviceRubric defaults() {
        return DEFAULT;
    }

    private static MedicalDeviceRubric load() {
        try (InputStream in = MedicalDeviceRubric.class.getResourceAsStream("/org/wardwatch/risk/cvss-medical-rubric.json")) {
            if (in == null) {
                throw new IllegalStateException("cvss-medical-rubric.json missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            MedicalDeviceRubric r = new MedicalDeviceRubric();
            for (JsonNode q : root.get("questions")) {
                r.questions.add(new Question(q.get("id").asText(), q.get("metric").asText(), q.get("category").asText(),
                        q.get("text").asText(), q.get("yes").asText(), q.has("no") ? q.get("no").asText() : null));
            }
            root.get("categoriesByCriticality").fields().forEachRemaining(e -> {
                List<String> cats = new ArrayList<>();
                e.getValue().forEach(c -> cats.add(c.asText()));
                r.categoriesByCriticality.put(e.getKey(), cats);
            });
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The adjustment for a v3.0/v3.1 vector, or null when the vector is not valid v3. */
    public Adjustment adjust(String vector, DeviceContext device) {
        Map<String, String> m = CvssV3Vectors.metrics(vector);
        if (m == null) {
            return null;
        }
        Set<String> categories = new LinkedHashSet<>(categoriesByCriticality.getOrDefault(device.criticality(), List.of()));
        if (device.phiMessages() > 0) {
            categories.add("phi");
        }
        Map<String, String> adjusted = new LinkedHashMap<>(m);
        List<String> answers = new ArrayList<>();
        for (String metric : List.of("C", "I", "A")) {
            String published = m.get(metric);
            if (published.equals("N")) {
                continue;
            }
            String best = published;
            for (Question q : questions) {
                if (!q.metric().equals(metric) || q.category().equals("phi_volume")) {
                    continue;
                }
                if (!categories.contains(q.category())) {
                    continue;
                }
                String value = q.yes();
                String why = switch (q.category()) {
                    case "phi" -> "the device was seen carrying patient data (" + device.phiMessages() + " messages)";
                    case "therapy" -> "the device's criticality is life_sustaining (therapy delivery)";
                    case "diagnosis_monitoring" -> "the device's criticality is diagnostic (diagnosis or monitoring)";
                    default -> "the device's criticality is informational (clinical workflow)";
                };
                if (q.id().equals("XCP")) {
                    Question volume = questions.stream().filter(x -> x.id().equals("XCPM")).findFirst().orElseThrow();
                    boolean many = device.phiMessages() >= 500;
                    value = many ? volume.yes() : volume.no();
                    answers.add("XCPM=" + (many ? "yes" : "no") + " (" + device.phiMessages() + " PHI messages seen, threshold 500)");
                }
                answers.add(q.id() + "=yes (" + metric + ":" + published + " published; " + why + ")");
                if (rank(value) > rank(best)) {
                    best = value;
                }
            }
            adjusted.put(metric, best);
        }
        String v31 = CvssV3Vectors.toVector31(adjusted);
        Double score = CvssV3Vectors.baseScore(v31);
        return new Adjustment(v31, score == null ? 0 : score, answers);
    }

    private static int rank(String v) {
        return switch (v) {
            case "H" -> 2;
            case "L" -> 1;
            default -> 0;
        };
    }
}
