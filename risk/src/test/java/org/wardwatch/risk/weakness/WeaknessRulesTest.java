package org.wardwatch.risk.weakness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.finding.FindingKind;

class WeaknessRulesTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** The checked-in observation schema (docs/schema), generated from the model's records. */
    private static JsonNode schema() throws Exception {
        Path p = Path.of("..", "docs", "schema", "observations.schema.json");
        return M.readTree(Files.readString(p));
    }

    @Test
    void everyRuleNamesObservationTypesAndFieldsThatExist() throws Exception {
        JsonNode defs = schema().get("$defs");
        Pattern placeholder = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)\\}");
        List<String> problems = new ArrayList<>();
        for (WeaknessRule r : WeaknessRules.defaults()) {
            JsonNode def = defs.get(r.observation());
            if (def == null) {
                problems.add(r.id() + ": unknown observation type " + r.observation());
                continue;
            }
            List<String> paths = new ArrayList<>(r.device());
            r.when().forEach(c -> paths.add(c.path()));
            r.when().stream().filter(c -> c.op().equals("before")).forEach(c -> paths.add(c.operand().asText()));
            for (String text : List.of(r.title(), r.detail(), r.fact())) {
                Matcher m = placeholder.matcher(text);
                while (m.find()) {
                    paths.add(m.group(1));
                }
            }
            for (String path : paths) {
                if (!exists(defs, def, path)) {
                    problems.add(r.id() + ": " + r.observation() + " has no field " + path);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static boolean exists(JsonNode defs, JsonNode def, String path) {
        JsonNode cur = def;
        for (String part : path.split("\\.")) {
            if (cur.has("$ref")) {
                cur = defs.get(cur.get("$ref").asText().replace("#/$defs/", ""));
            }
            JsonNode props = cur.get("properties");
            if (props == null || !props.has(part)) {
                return false;
            }
            cur = props.get(part);
        }
        return true;
    }

    @Test
    void everyKindHasARuleOrADeviceLevelCheck() {
        List<FindingKind> byRules = WeaknessRules.defaults().stream().map(WeaknessRule::kind).distinct().toList();
        assertThat(byRules).contains(FindingKind.CLEARTEXT_CREDENTIALS, FindingKind.CLEARTEXT_PHI, FindingKind.SMBV1,
                FindingKind.WEAK_TLS, FindingKind.UNTRUSTED_CERTIFICATE, FindingKind.REMOTE_ACCESS_EXPOSED,
                FindingKind.INTERNET_COMMUNICATION);
    }

    private static ObjectNode obs(String ts, String client, int cport, String server, int sport) {
        ObjectNode o = M.createObjectNode();
        o.put("ts", ts);
        ObjectNode f = o.putObject("flow");
        f.put("vlan", 0);
        f.put("client", client);
        f.put("clientPort", cport);
        f.put("server", server);
        f.put("serverPort", sport);
        f.put("protocol", 6);
        return o;
    }

    @Test
    void tlsRulesFireOnOldVersionsWeakCiphersAndExpiredCertificates() {
        WeaknessEngine w = new WeaknessEngine();
        ObjectNode hello = obs("2024-05-02T10:00:00Z", "10.0.0.5", 50000, "10.0.0.9", 443);
        hello.put("selectedVersion", 769);
        hello.put("cipher", 10);
        w.accept("tls_server_hello_seen", hello);
        ObjectNode modern = obs("2024-05-02T10:00:01Z", "10.0.0.5", 50001, "10.0.0.8", 443);
        modern.put("selectedVersion", 772);
        modern.put("cipher", 4865);
        w.accept("tls_server_hello_seen", modern);
        ObjectNode cert = obs("2024-05-02T10:00:00Z", "10.0.0.5", 50000, "10.0.0.9", 443);
        cert.put("fromServer", true);
        cert.put("position", 0);
        cert.put("selfSigned", true);
        cert.put("notAfter", "2023-01-01T00:00:00Z");
        cert.put("subject", "CN=pump<script>");
        cert.put("sha256", "ab");
        cert.put("keyAlgorithm", "RSA");
        cert.put("keySize", 1024);
        w.accept("tls_certificate_seen", cert);
        List<String> ids = w.hits().stream().map(h -> h.rule().id() + "@" + h.endpoint().ip()).toList();
        assertThat(ids).containsExactlyInAnyOrder("tls.old_version@10.0.0.9", "tls.weak_cipher@10.0.0.9", "tls.self_signed@10.0.0.9",
                "tls.expired@10.0.0.9", "tls.weak_key@10.0.0.9");
    }

    @Test
    void internetRulesNeedOnePrivateAndOnePublicEnd() {
        WeaknessEngine w = new WeaknessEngine();
        ObjectNode out = obs("2024-05-02T10:00:00Z", "10.0.0.5", 50000, "8.8.8.8", 53);
        w.accept("flow_record", out);
        ObjectNode local = obs("2024-05-02T10:00:00Z", "10.0.0.5", 50000, "10.0.0.6", 53);
        w.accept("flow_record", local);
        ObjectNode doc = obs("2024-05-02T10:00:00Z", "10.0.0.5", 50000, "192.0.2.7", 80);
        w.accept("flow_record", doc);
        ObjectNode in = obs("2024-05-02T10:00:00Z", "203.0.114.9", 40000, "10.0.0.7", 3389);
        in.put("serverPackets", 5);
        w.accept("flow_record", in);
        List<String> ids = w.hits().stream().map(h -> h.rule().id() + "@" + h.endpoint().ip()).toList();
        assertThat(ids).contains("internet.outbound@10.0.0.5", "internet.inbound@10.0.0.7", "remote_access.port_only@10.0.0.7")
                .doesNotContain("internet.outbound@10.0.0.6");
        assertThat(ids.stream().filter(i -> i.startsWith("internet.outbound"))).hasSize(1);   // 192.0.2.0/24 is documentation space
        assertThat(w.endpoints().get(new WeaknessEngine.Endpoint(0, "10.0.0.5")).exposures()).contains("internet");
    }

    @Test
    void templatesNeverCarryControlCharacters() {
        WeaknessEngine w = new WeaknessEngine();
        ObjectNode c = obs("2024-05-02T10:00:00Z", "10.0.0.5", 50000, "10.0.0.9", 80);
        c.put("scheme", "basic");
        c.put("header", "authorization\u001b[31m");
        w.accept("http_cleartext_credentials_seen", c);
        assertThat(w.hits()).singleElement().satisfies(h -> assertThat(h.samples().get(0)).doesNotContain("\u001b"));
    }
}
