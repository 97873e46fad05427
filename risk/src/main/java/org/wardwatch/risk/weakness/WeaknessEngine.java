package org.wardwatch.risk.weakness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.wardwatch.model.Observation;

/**
 * Applies the observed-weakness rules to the observation stream and keeps, per rule and device
 * endpoint (VLAN + IP address), when it was first and last seen, how often, and up to three example
 * facts. It also counts patient-data observations per endpoint (for the impact of the score), notes
 * endpoints that talk to the internet (exposure), and watches DICOM associations for SCPs that accept
 * tools' default AE titles.
 *
 * <p>Bounded: at most {@link #MAX_KEYS} (rule, endpoint) entries and as many endpoints with counters;
 * observations beyond that are counted in {@link #dropped()}. Endpoints are resolved to devices later,
 * when the inventory is known ({@code RiskEngine}).
 */
public final class WeaknessEngine {
    public static final int MAX_KEYS = 200_000;
    private static final int MAX_SAMPLES = 3;

    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final Map<String, List<WeaknessRule>> byType = new HashMap<>();
    private final Map<Class<?>, Dispatch> dispatch = new IdentityHashMap<>();
    private final ObservationFields.Records fields = new ObservationFields.Records(mapper);
    private final Map<String, Hit> hits = new LinkedHashMap<>();
    private final Map<Endpoint, EndpointFacts> endpoints = new HashMap<>();
    private final Map<String, String> defaultAeTitles = loadDefaultAeTitles();
    private long dropped;
    private Instant latest;

    /** A device address: VLAN and IP as the flow saw it. */
    public record Endpoint(int vlan, String ip) {
        @Override
        public String toString() {
            return ip + (vlan != 0 ? " (VLAN " + vlan + ")" : "");
        }
    }

    /** What one rule found on one endpoint. */
    public static final class Hit {
        private final WeaknessRule rule;
        private final Endpoint endpoint;
        private Instant first;
        private Instant last;
        private long count;
        private final Set<String> samples = new LinkedHashSet<>();
        private String title;
        private String detail;

        Hit(WeaknessRule rule, Endpoint endpoint) {
            this.rule = rule;
            this.endpoint = endpoint;
        }

        public WeaknessRule rule() {
            return rule;
        }

        public Endpoint endpoint() {
            return endpoint;
        }

        public Instant first() {
            return first;
        }

        public Instant last() {
            return last;
        }

        public long count() {
            return count;
        }

        public List<String> samples() {
            return List.copyOf(samples);
        }

        /** The title with the first matching observation's fields filled in. */
        public String title() {
            return title;
        }

        public String detail() {
            return detail;
        }
    }

    /** Per-endpoint counters that are not findings themselves. */
    public static final class EndpointFacts {
        long phiMessages;
        final Set<String> exposures = new LinkedHashSet<>();
        final Set<String> acceptedDefaultAe = new LinkedHashSet<>();
        final Set<String> callingAeSeen = new LinkedHashSet<>();
        boolean rejectedUnknownCaller;
        Instant firstDefaultAe;
        Instant lastDefaultAe;
        long defaultAeCount;

        public long phiMessages() {
            return phiMessages;
        }

        public Set<String> exposures() {
            return exposures;
        }

        /** Default AE titles (calling or called) the endpoint accepted as a DICOM SCP. */
        public Set<String> acceptedDefaultAe() {
            return acceptedDefaultAe;
        }

        public boolean rejectedUnknownCaller() {
            return rejectedUnknownCaller;
        }

        public Instant firstDefaultAe() {
            return firstDefaultAe;
        }

        public Instant lastDefaultAe() {
            return lastDefaultAe;
        }

        public long defaultAeCount() {
            return defaultAeCount;
        }
    }

    public WeaknessEngine(List<WeaknessRule> rules) {
        for (WeaknessRule r : rules) {
            byType.computeIfAbsent(r.observation(), k -> new ArrayList<>()).add(r);
        }
    }

    public WeaknessEngine() {
        this(WeaknessRules.defaults());
    }

    /** Feeds one observation (any type; only those with rules or DICOM associations cost anything). */
    public void accept(Observation o) {
        Dispatch d = dispatch.get(o.getClass());
        if (d == null) {
            d = dispatchOf(o.type());
            dispatch.put(o.getClass(), d);
        }
        String type = o.type();
        if (!type.equals(d.type)) {
            d = dispatchOf(type); // a record whose own "type" component overrides the type name
        }
        Instant ts = o.ts();
        track(ts);
        if (d.rules.isEmpty() && !d.dicom) {
            return;
        }
        apply(d, fields.bind(o), ts);
    }

    /** Feeds one observation as its JSON form (tests; observations read back from observations.jsonl). */
    public void accept(String type, JsonNode obs) {
        Instant ts = instant(obs.get("ts"));
        track(ts);
        apply(dispatchOf(type), ObservationFields.of(obs), ts);
    }

    /** What one observation type costs: its rules, and whether it is a DICOM association outcome. */
    private record Dispatch(String type, List<WeaknessRule> rules, boolean dicom) {
    }

    private Dispatch dispatchOf(String type) {
        return new Dispatch(type, byType.getOrDefault(type, List.of()),
                type.equals("dicom_association_accepted") || type.equals("dicom_association_rejected"));
    }

    private void apply(Dispatch d, ObservationFields obs, Instant ts) {
        if (d.dicom) {
            dicom(d.type, obs, ts);
        }
        for (WeaknessRule r : d.rules) {
            if (!r.matches(obs)) {
                continue;
            }
            JsonNode vlanNode = obs.node("flow.vlan");
            int vlan = vlanNode == null ? 0 : vlanNode.asInt(0);
            for (String path : r.device()) {
                JsonNode ip = obs.node(path);
                if (ip == null || !ip.isTextual()) {
                    continue;
                }
                Endpoint ep = new Endpoint(vlan, ip.asText());
                String key = r.id() + "|" + ep.vlan() + "|" + ep.ip();
                Hit h = hits.get(key);
                if (h == null) {
                    if (hits.size() >= MAX_KEYS) {
                        dropped++;
                        continue;
                    }
                    h = new Hit(r, ep);
                    h.title = Templates.fill(r.title(), obs);
                    h.detail = Templates.fill(r.detail(), obs);
                    hits.put(key, h);
                }
                h.count++;
                if (ts != null) {
                    if (h.first == null || ts.isBefore(h.first)) {
                        h.first = ts;
                    }
                    if (h.last == null || ts.isAfter(h.last)) {
                        h.last = ts;
                    }
                }
                if (h.samples.size() < MAX_SAMPLES) {
                    h.samples.add(Templates.fill(r.fact(), obs));
                }
                EndpointFacts f = facts(ep);
                if (f != null) {
                    if (r.phi()) {
                        f.phiMessages++;
                    }
                    if (r.exposure() != null) {
                        f.exposures.add(r.exposure());
                    }
                }
            }
        }
    }

    private void dicom(String type, ObservationFields obs, Instant ts) {
        JsonNode server = obs.node("flow.server");
        if (server == null || !server.isTextual()) {
            return;
        }
        JsonNode vlan = obs.node("flow.vlan");
        Endpoint scp = new Endpoint(vlan == null ? 0 : vlan.asInt(0), server.asText());
        EndpointFacts f = facts(scp);
        if (f == null) {
            return;
        }
        String calling = text(obs.node("callingAeTitle")).strip().toUpperCase(Locale.ROOT);
        String called = text(obs.node("calledAeTitle")).strip().toUpperCase(Locale.ROOT);
        if (type.equals("dicom_association_rejected")) {
            String reason = text(obs.node("reason"));
            if (reason.contains("calling_ae_title_not_recognized") || reason.contains("called_ae_title_not_recognized")) {
                f.rejectedUnknownCaller = true;
            }
            return;
        }
        if (f.callingAeSeen.size() < 64 && !calling.isEmpty()) {
            f.callingAeSeen.add(calling);
        }
        String hit = null;
        if ("calling".equals(defaultAeTitles.get(calling))) {
            hit = "calling AE title " + calling;
        } else if ("called".equals(defaultAeTitles.get(called))) {
            hit = "called AE title " + called;
        }
        if (hit != null) {
            if (f.acceptedDefaultAe.size() < 8) {
                f.acceptedDefaultAe.add(hit);
            }
            f.defaultAeCount++;
            if (ts != null) {
                if (f.firstDefaultAe == null || ts.isBefore(f.firstDefaultAe)) {
                    f.firstDefaultAe = ts;
                }
                if (f.lastDefaultAe == null || ts.isAfter(f.lastDefaultAe)) {
                    f.lastDefaultAe = ts;
                }
            }
        }
    }

    /** A node's text as {@code JsonNode.asText("")} gives it (empty for absent or null). */
    private static String text(JsonNode n) {
        return n == null ? "" : n.asText("");
    }

    private EndpointFacts facts(Endpoint ep) {
        EndpointFacts f = endpoints.get(ep);
        if (f == null) {
            if (endpoints.size() >= MAX_KEYS) {
                dropped++;
                return null;
            }
            f = new EndpointFacts();
            endpoints.put(ep, f);
        }
        return f;
    }

    private void track(Instant ts) {
        if (ts != null && (latest == null || ts.isAfter(latest))) {
            latest = ts;
        }
    }

    private static Instant instant(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    public List<Hit> hits() {
        return List.copyOf(hits.values());
    }

    public Map<Endpoint, EndpointFacts> endpoints() {
        return endpoints;
    }

    /** Observations not recorded because a cap was reached. */
    public long dropped() {
        return dropped;
    }

    /** Time of the latest observation seen (the analysis' "now" for end-of-support checks), null when none. */
    public Instant latest() {
        return latest;
    }

    /** The tool a default AE title belongs to, by the data file. */
    public Map<String, String> defaultAeTitles() {
        return defaultAeTitles;
    }

    private static Map<String, String> loadDefaultAeTitles() {
        try (InputStream in = WeaknessEngine.class.getResourceAsStream("/org/wardwatch/risk/dicom-default-ae-titles.tsv")) {
            if (in == null) {
                throw new IllegalStateException("dicom-default-ae-titles.tsv missing from the classpath");
            }
            Map<String, String> out = new HashMap<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("ae_title\t")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IllegalStateException("dicom-default-ae-titles.tsv: bad line: " + line);
                }
                out.put(f[0].toUpperCase(Locale.ROOT), f[1]);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
