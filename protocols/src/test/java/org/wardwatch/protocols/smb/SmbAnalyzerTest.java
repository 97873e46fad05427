package org.wardwatch.protocols.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.ntlm.NtlmAuthenticateSeen;
import org.wardwatch.model.obs.ntlm.NtlmChallengeSeen;
import org.wardwatch.model.obs.smb.SmbNegotiated;
import org.wardwatch.model.obs.smb.SmbSessionSetupSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class SmbAnalyzerTest {

    @Test
    void reportsOfferedAndChosenDialectsAndSigning() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445)
                .client(smb2NegotiateRequest()).server(smb2NegotiateResponse()).end();
        assertThat(h.confirmed()).isTrue();
        SmbNegotiated n = h.observations(SmbNegotiated.class).get(0);
        assertThat(n.offeredDialects()).containsExactly("2.0.2", "2.1", "3.0", "3.0.2", "3.1.1");
        assertThat(n.chosenDialect()).isEqualTo("3.1.1");
        assertThat(n.smb1Offered()).isFalse();
        assertThat(n.signingRequired()).isTrue();
        assertThat(n.serverGuid()).isEqualTo("44332211-6655-8877-99aa-bbccddeeff00");
    }

    @Test
    void smb1NegotiateWithoutAnswerIsReportedAtTheEnd() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445).client(smb1NegotiateRequest()).end();
        SmbNegotiated n = h.observations(SmbNegotiated.class).get(0);
        assertThat(n.offeredDialects()).containsExactly("NT LM 0.12", "SMB 2.002");
        assertThat(n.smb1Offered()).isTrue();
        assertThat(n.chosenDialect()).isNull();
    }

    @Test
    void readsNtlmChallengeNamesAndWindowsBuildAndTheAuthenticateWorkstation() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445)
                .client(smb2NegotiateRequest()).server(smb2NegotiateResponse())
                .server(smb2SessionSetupResponse(ntlmChallenge())).client(smb2SessionSetupRequest(ntlmAuthenticate())).end();
        NtlmChallengeSeen c = h.observations(NtlmChallengeSeen.class).get(0);
        assertThat(c.carrier()).isEqualTo("smb");
        assertThat(c.targetName()).isEqualTo("HOSPITAL");
        assertThat(c.netbiosComputer()).isEqualTo("WS-PUMPS");
        assertThat(c.netbiosDomain()).isEqualTo("HOSPITAL");
        assertThat(c.dnsComputer()).isEqualTo("ws-pumps.hospital.example");
        assertThat(c.dnsDomain()).isEqualTo("hospital.example");
        assertThat(c.dnsTree()).isEqualTo("hospital.example");
        assertThat(c.osMajor() + "." + c.osMinor() + "." + c.osBuild()).isEqualTo("10.0.19041");
        NtlmAuthenticateSeen a = h.observations(NtlmAuthenticateSeen.class).get(0);
        assertThat(a.workstation()).isEqualTo("NURSE-PC-12");
        assertThat(a.domain()).isEqualTo("HOSPITAL");
        assertThat(a.userPresent()).isTrue();
        assertThat(a.ntlmV2()).isTrue();
        assertThat(a.osBuild()).isEqualTo(22621);
        assertThat(a.toString()).doesNotContain("jdoe");
        assertThat(h.observations(SmbSessionSetupSeen.class)).singleElement()
                .satisfies(s -> assertThat(s.mechanism() + " " + s.status()).isEqualTo("ntlmssp 0xc0000016"));
    }

    @Test
    void givesTheSameObservationsWhateverTheSegmentSizes() {
        byte[] client = bytes(smb2NegotiateRequest(), smb2SessionSetupRequest(ntlmAuthenticate()));
        byte[] server = bytes(smb2NegotiateResponse(), smb2SessionSetupResponse(ntlmChallenge()));
        String whole = run(client, server, Integer.MAX_VALUE);
        for (int chunk = 1; chunk < 64; chunk++) {
            assertThat(run(client, server, chunk)).as("chunk %d", chunk).isEqualTo(whole);
        }
    }

    private static String run(byte[] client, byte[] server, int chunk) {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445);
        h.feedSplit(true, client, Math.min(chunk, client.length)).feedSplit(false, server, Math.min(chunk, server.length)).end();
        return h.observations().toString();
    }

    @Test
    void httpOnPort445IsAViolationNotAnException() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445);
        for (int i = 0; i < 10; i++) {
            h.client(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        }
        assertThat(h.violated()).isTrue();
        assertThat(h.observations()).isEmpty();
        assertThat(h.counter("smb_internal_error")).isZero();
    }

    @Test
    void probeClaimsSmbOnAnyPortButNotOtherBytes() {
        SmbAnalyzerFactory f = new SmbAnalyzerFactory();
        byte[] neg = smb2NegotiateRequest();
        assertThat(f.probe(true, neg, 0, neg.length)).isTrue();
        byte[] http = bytes("GET / HTTP/1.1\r\n");
        assertThat(f.probe(true, http, 0, http.length)).isFalse();
    }
}
