package org.wardwatch.protocols.smb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.obs.ntlm.NtlmAuthenticateSeen;
import org.wardwatch.model.obs.ntlm.NtlmChallengeSeen;
import org.wardwatch.model.obs.ntlm.NtlmNegotiateSeen;
import org.wardwatch.model.obs.smb.SmbEncryptedSessionSeen;
import org.wardwatch.model.obs.smb.SmbNegotiated;
import org.wardwatch.model.obs.smb.SmbSessionSetupSeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * SMB and NTLMSSP fields equal tshark's on every message tshark dissects in the corpus captures.
 * tshark fields compared: smb2.dialect (NEGOTIATE requests: offered; responses: chosen),
 * smb.dialect.name / smb.dialect.index (SMB1 NEGOTIATE), smb.native_os, smb.native_lanman,
 * ntlmssp.challenge.target_name, ntlmssp.challenge.target_info.{nb_computer_name, nb_domain_name,
 * dns_computer_name, dns_domain_name, dns_tree_name}, ntlmssp.version.{major, minor, build_number},
 * ntlmssp.auth.hostname, ntlmssp.auth.domain.
 *
 * <p>Only SMB over TCP is ours: ndpi_dos_win98_smb_netbeui.pcap carries SMB over NetBEUI (802.2 LLC,
 * no IP), and ndpi_1kxun.pcap's SMB is browser announcements over NetBIOS datagrams (UDP 138); both
 * contribute zero rows here.
 */
class SmbTsharkAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_smbv1.pcap", "protocols/ndpi_smb_deletefile.pcap", "protocols/zeek_smb1.pcap",
        "protocols/zeek_smb2.pcap", "protocols/zeek_smb3.pcap", "protocols/zeek_smb311.pcap", "protocols/ndpi_kerberos.pcap",
        "protocols/ndpi_1kxun.pcap", "attacks/zeek_smbghost.pcap", "attacks/suricata_smb_psexec_add_user.pcap",
        "attacks/suricata_smb_psexec_mimikatz_ticket_dump.pcap", "attacks/ndpi_dos_win98_smb_netbeui.pcap",
        "attacks/suricata_zerologon.pcap", "malformed/zeek_smb_smb1-OSS-fuzz-54883.pcap", "malformed/ndpi_fuzz-2006-06-26-2594.pcap"})
    void negotiateSessionSetupAndNtlmFieldsEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "smb || smb2", new SmbAnalyzerFactory());

        List<String[]> rows = Tshark.on(capture).tolerateReadErrors()
                .filter("tcp && ((smb2.cmd == 0) || (smb.cmd == 0x72) || ntlmssp || smb.native_os || smb.native_lanman)")
                .fields("frame.time_epoch", "tcp.stream", "smb2.cmd", "smb2.flags.response", "smb2.dialect",
                        "smb.cmd", "smb.flags.response", "smb.dialect.name", "smb.dialect.index", "ntlmssp.messagetype",
                        "ntlmssp.challenge.target_name", "ntlmssp.challenge.target_info.nb_computer_name",
                        "ntlmssp.challenge.target_info.nb_domain_name", "ntlmssp.challenge.target_info.dns_computer_name",
                        "ntlmssp.challenge.target_info.dns_domain_name", "ntlmssp.challenge.target_info.dns_tree_name",
                        "ntlmssp.version.major", "ntlmssp.version.minor", "ntlmssp.version.build_number",
                        "ntlmssp.auth.hostname", "ntlmssp.auth.domain", "smb.native_os", "smb.native_lanman");
        Agreement negotiate = new Agreement(name + " negotiate");
        Agreement ntlm = new Agreement(name + " ntlmssp");
        Agreement nativeOs = new Agreement(name + " native_os");
        Map<String, List<String>> smb1Offered = new HashMap<>();
        for (String[] c : rows) {
            String t = Replay.instant(c[0]).toString();
            String stream = c[1];
            if (c[2].equals("0") && c[3].equals("0") && !c[4].isEmpty()) {
                negotiate.expect("offered=" + dialects(c[4]));
            } else if (c[2].equals("0") && c[3].equals("1") && !c[4].isEmpty()) {
                negotiate.expect(t + "|chosen=" + SmbAnalyzer.dialectName(Integer.decode(c[4])));
            } else if (c[5].equals("0x72") && c[6].equals("0")) {
                smb1Offered.put(stream, List.of(c[7].split(",")));
                negotiate.expect("offered=" + String.join(",", smb1Offered.get(stream)));
            } else if (c[5].equals("0x72") && c[6].equals("1") && !c[8].isEmpty()) {
                int index = Integer.parseInt(c[8]);
                List<String> offered = smb1Offered.getOrDefault(stream, List.of());
                negotiate.expect(t + "|chosen=" + (index == 0xFFFF ? "null" : index < offered.size() ? offered.get(index) : "index " + index));
            }
            if (!c[9].isEmpty()) {
                String[] types = c[9].split(",");
                for (String type : types) {
                    switch (Integer.decode(type)) {
                        case 1 -> ntlm.expect(t + "|negotiate|ver=" + version(c));
                        case 2 -> ntlm.expect(t + "|challenge|target=" + nul(c[10]) + "|nb=" + nul(c[11]) + "|nbd=" + nul(c[12])
                                + "|dns=" + nul(c[13]) + "|dnsd=" + nul(c[14]) + "|tree=" + nul(c[15]) + "|ver=" + version(c));
                        case 3 -> ntlm.expect(t + "|auth|host=" + nul(c[19]) + "|domain=" + nul(c[20]) + "|ver=" + version(c));
                        default -> {
                        }
                    }
                }
            }
            if (!c[21].isEmpty() || !c[22].isEmpty()) {
                nativeOs.expect(t + "|os=" + nul(c[21]) + "|lanman=" + nul(c[22]));
            }
        }
        for (SmbNegotiated n : r.of(SmbNegotiated.class)) {
            if (!n.offeredDialects().isEmpty()) {
                negotiate.actual("offered=" + String.join(",", n.offeredDialects()));
            }
            if (n.chosenDialect() != null || n.smb1Offered()) {
                negotiate.actual(n.ts() + "|chosen=" + n.chosenDialect());
            }
        }
        for (NtlmNegotiateSeen n : r.of(NtlmNegotiateSeen.class)) {
            ntlm.actual(n.ts() + "|negotiate|ver=" + version(n.osMajor(), n.osMinor(), n.osBuild()));
        }
        for (NtlmChallengeSeen n : r.of(NtlmChallengeSeen.class)) {
            ntlm.actual(n.ts() + "|challenge|target=" + n.targetName() + "|nb=" + n.netbiosComputer() + "|nbd=" + n.netbiosDomain()
                    + "|dns=" + n.dnsComputer() + "|dnsd=" + n.dnsDomain() + "|tree=" + n.dnsTree() + "|ver="
                    + version(n.osMajor(), n.osMinor(), n.osBuild()));
        }
        for (NtlmAuthenticateSeen n : r.of(NtlmAuthenticateSeen.class)) {
            ntlm.actual(n.ts() + "|auth|host=" + n.workstation() + "|domain=" + n.domain() + "|ver="
                    + version(n.osMajor(), n.osMinor(), n.osBuild()));
        }
        for (SmbSessionSetupSeen s : r.of(SmbSessionSetupSeen.class)) {
            if (s.nativeOs() != null || s.nativeLanManager() != null) {
                nativeOs.actual(s.ts() + "|os=" + s.nativeOs() + "|lanman=" + s.nativeLanManager());
            }
        }
        System.out.println(name + ": streams " + r.streams() + ", confirmed " + r.confirmed() + ", anomalies " + r.counters());
        int compared = negotiate.assertEqual() + ntlm.assertEqual() + nativeOs.assertEqual();
        assertThat(r.counters()).doesNotContainKey("smb_internal_error");
        if (!name.startsWith("malformed/")) {
            assertThat(r.confirmed()).isEqualTo(r.streams());
        }
        assertThat(compared).isGreaterThanOrEqualTo(0);
    }

    /**
     * Encrypted SMB 3 sessions: per TCP stream and session id, the number of TRANSFORM_HEADER messages
     * (tshark: one smb2.header.transform.msg_size per message, with its smb2.sesid), the dialect and the
     * cipher of the stream's NEGOTIATE response (smb2.negotiate_context.cipher_id for 3.1.1; AES-128-CCM
     * for 3.0/3.0.2 when smb2.capabilities.encryption is set). The corpus files with transforms (found with
     * {@code tshark -Y smb2.header.transform.flags} over the corpus): zeek_smb3 (3.0.2), zeek_smb311 (3.1.1).
     */
    @ParameterizedTest
    @ValueSource(strings = {"protocols/zeek_smb3.pcap", "protocols/zeek_smb311.pcap"})
    void encryptedSessionsEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "smb || smb2", new SmbAnalyzerFactory());
        Map<String, String> negotiated = new HashMap<>();
        for (String[] c : Tshark.on(capture).filter("smb2.cmd == 0 && smb2.flags.response == 1")
                .fields("tcp.stream", "smb2.dialect", "smb2.negotiate_context.cipher_id", "smb2.capabilities.encryption")) {
            String dialect = SmbAnalyzer.dialectName(Integer.decode(c[1]));
            String cipher = dialect.equals("3.1.1") ? (c[2].isEmpty() ? "null" : SmbAnalyzer.cipherName(Integer.decode(c[2].split(",")[0])))
                    : (dialect.startsWith("3.0") && (c[3].equals("1") || c[3].equalsIgnoreCase("true")) ? "AES-128-CCM" : "null");
            negotiated.put(c[0], dialect + "|" + cipher);
        }
        // per stream and session: the session setup response's encrypt flag, whether a tree connect required encryption
        Map<String, String> sessionFlag = new HashMap<>();
        Map<String, String> shareFlag = new HashMap<>();
        for (String[] c : Tshark.on(capture).filter("(smb2.cmd == 1 || smb2.cmd == 3) && smb2.flags.response == 1 && smb2.nt_status == 0")
                .fields("tcp.stream", "smb2.sesid", "smb2.cmd", "smb2.ses_flags.encrypt", "smb2.share_flags.encrypt_data")) {
            String key = c[0] + "|" + c[1];
            if (c[2].equals("1")) {
                sessionFlag.put(key, bool(c[3]));
            } else {
                shareFlag.merge(key, bool(c[4]), (a, b) -> a.equals("true") || b.equals("true") ? "true" : "false");
            }
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String[] c : Tshark.on(capture).filter("smb2.header.transform.msg_size").fields("tcp.stream", "smb2.sesid",
                "smb2.header.transform.msg_size")) {
            String[] sessions = c[1].split(",");
            int n = c[2].split(",").length;
            assertThat(sessions).as("one session id per transform header").hasSize(n);
            for (String sesid : sessions) {
                String key = c[0] + "|" + sesid;
                counts.merge(r.flow(c[0]) + "|" + sesid + "|" + negotiated.getOrDefault(c[0], "null|null") + "|"
                        + sessionFlag.getOrDefault(key, "null") + "|" + shareFlag.getOrDefault(key, "null"), 1, Integer::sum);
            }
        }
        Agreement encrypted = new Agreement(name + " encrypted sessions");
        counts.forEach((k, n) -> encrypted.expect(k + "|" + n));
        for (Map.Entry<String, List<org.wardwatch.model.Observation>> e : r.byStream().entrySet()) {
            for (org.wardwatch.model.Observation o : e.getValue()) {
                if (o instanceof SmbEncryptedSessionSeen s) {
                    encrypted.actual(e.getKey() + "|" + s.sessionId() + "|" + s.dialect() + "|" + s.cipher() + "|" + s.encryptDataFlag() + "|"
                            + s.shareEncryptDataFlag() + "|" + s.encryptedMessages());
                }
            }
        }
        System.out.println(name + ": " + r.counters());
        assertThat(encrypted.assertEqual()).isPositive();
        // nothing inside a transform was taken for an SMB2 message
        assertThat(r.counters()).doesNotContainKeys("smb_v2_header_truncated", "smb_bad_protocol_id", "smb_internal_error");
    }

    private static String bool(String tsharkBoolean) {
        return tsharkBoolean.equals("1") || tsharkBoolean.equalsIgnoreCase("true") ? "true" : "false";
    }

    private static String dialects(String hexList) {
        List<String> out = new ArrayList<>();
        for (String d : hexList.split(",")) {
            out.add(SmbAnalyzer.dialectName(Integer.decode(d)));
        }
        return String.join(",", out);
    }

    /** tshark writes an empty NTLM string as "NULL". */
    private static String nul(String s) {
        return s.isEmpty() || s.equals("NULL") ? "null" : s;
    }

    private static String version(String[] c) {
        return c[16].isEmpty() ? "null" : c[16] + "." + c[17] + "." + c[18];
    }

    private static String version(Integer major, Integer minor, Integer build) {
        return major == null ? "null" : major + "." + minor + "." + build;
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
