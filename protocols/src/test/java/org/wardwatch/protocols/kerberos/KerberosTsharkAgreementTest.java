package org.wardwatch.protocols.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.kerberos.KerberosRequestSeen;
import org.wardwatch.model.obs.kerberos.KerberosResponseSeen;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * Kerberos fields equal tshark's for every AS-REQ, AS-REP, TGS-REQ, TGS-REP and KRB-ERROR tshark
 * dissects, over UDP and TCP. tshark fields compared: kerberos.msg_type, kerberos.realm,
 * kerberos.crealm, kerberos.CNameString, kerberos.SNameString, kerberos.error_code, kerberos.ENCTYPE (the req-body etype list).
 *
 * <p>tshark lists every occurrence in a message, including those inside the ticket that a TGS-REQ
 * carries in its PA-TGS-REQ pre-authentication data (realm and sname of the TGT) and inside
 * additional tickets. Our record holds the request body's fields, so ours must equal tshark's last
 * realm, and our sname's components must be the tail of tshark's SNameString list right after the
 * padata ticket's. For a KRB-ERROR, tshark's realm list is (crealm, realm) in wire order.
 */
class KerberosTsharkAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_kerberos.pcap", "attacks/suricata_kerberoast.pcap",
        "malformed/ndpi_kerberos_fuzz.pcapng"})
    void kdcMessagesEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        List<Observation> ours = new ArrayList<>();
        for (AnalyzerFactory f : List.of(KerberosAnalyzerFactory.udp(), KerberosAnalyzerFactory.tcp())) {
            Replay.Result r = Replay.flows(capture, "kerberos", f);
            ours.addAll(r.observations());
            assertThat(r.counters()).doesNotContainKey("kerberos_internal_error");
        }
        Map<String, Observation> byKey = new HashMap<>();
        for (Observation o : ours) {
            String type = o instanceof KerberosRequestSeen q ? q.messageType() : ((KerberosResponseSeen) o).messageType();
            byKey.put(o.ts() + "|" + type, o);
        }
        List<String[]> rows = Tshark.on(capture).tolerateReadErrors().filter("kerberos.msg_type in {10, 11, 12, 13, 30}")
                .fields("frame.time_epoch", "kerberos.msg_type", "kerberos.realm", "kerberos.crealm", "kerberos.CNameString",
                        "kerberos.SNameString", "kerberos.error_code", "kerberos.ENCTYPE");
        int compared = 0;
        List<String> disagreements = new ArrayList<>();
        for (String[] c : rows) {
            String type = switch (c[1].split(",")[0]) {
                case "10" -> "as_req";
                case "11" -> "as_rep";
                case "12" -> "tgs_req";
                case "13" -> "tgs_rep";
                default -> "krb_error";
            };
            String key = Replay.instant(c[0]) + "|" + type;
            Observation o = byKey.remove(key);
            compared++;
            if (o == null) {
                disagreements.add("missing " + key);
                continue;
            }
            List<String> realms = list(c[2]);
            List<String> snames = list(c[5]);
            String lastRealm = realms.isEmpty() ? null : realms.get(realms.size() - 1);
            if (o instanceof KerberosRequestSeen q) {
                check(disagreements, key, "realm", lastRealm, q.realm());
                check(disagreements, key, "cname", join(list(c[4])), q.clientName());
                checkTail(disagreements, key, snames, q.serverName());
                List<String> etypes = list(c[7]);
                List<String> ourEtypes = q.encryptionTypes().stream().map(String::valueOf).toList();
                if (!tail(etypes, ourEtypes)) {
                    disagreements.add(key + " etypes tshark " + etypes + " ours " + ourEtypes);
                }
            } else {
                KerberosResponseSeen p = (KerberosResponseSeen) o;
                if (type.equals("krb_error")) {
                    check(disagreements, key, "realm", lastRealm, p.realm());
                    check(disagreements, key, "error", c[6].isEmpty() ? null : c[6], String.valueOf(p.errorCode()));
                } else {
                    check(disagreements, key, "crealm", c[3].isEmpty() ? null : c[3], p.realm());
                }
                List<String> cnames = list(c[4]);
                check(disagreements, key, "cname", join(cnames), p.clientName());
                checkTail(disagreements, key, snames, p.serverName());
            }
        }
        byKey.keySet().forEach(k -> disagreements.add("extra " + k));
        System.out.printf("tshark agreement %-40s compared %5d  disagreements %d%n", name + " kerberos", compared, disagreements.size());
        assertThat(disagreements).isEmpty();
    }

    private static void check(List<String> out, String key, String field, String tshark, String ours) {
        if (!String.valueOf(tshark).equals(String.valueOf(ours))) {
            out.add(key + " " + field + " tshark=" + tshark + " ours=" + ours);
        }
    }

    private static void checkTail(List<String> out, String key, List<String> tsharkParts, String ours) {
        List<String> parts = ours == null ? List.of() : Arrays.asList(ours.split("/"));
        if (!tail(tsharkParts, parts)) {
            out.add(key + " sname tshark=" + tsharkParts + " ours=" + ours);
        }
    }

    private static boolean tail(List<String> all, List<String> suffix) {
        return suffix.size() <= all.size() && all.subList(all.size() - suffix.size(), all.size()).equals(suffix);
    }

    private static List<String> list(String cell) {
        return cell.isEmpty() ? List.of() : Arrays.asList(cell.split(","));
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
