package org.wardwatch.protocols.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.fhir.FhirRequestSeen;
import org.wardwatch.model.obs.fhir.FhirResponseSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;

class FhirAnalyzerTest {
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final String SEARCH = "GET /fhir/Patient?family=CANARYFHIR&birthdate=1970-01-01&_count=10 HTTP/1.1\r\n"
            + "Host: ehr\r\nAccept: application/fhir+json; fhirVersion=4.0\r\nUser-Agent: ward-app/2.1\r\n\r\n";
    static final String BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
            + "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"CANARYFHIR\"}]}}]}";

    static String response(String body, String extra) {
        return "HTTP/1.1 200 OK\r\nServer: TestFHIR/1.0\r\nContent-Type: application/fhir+json;charset=UTF-8\r\n" + extra
                + "Content-Length: " + ascii(body).length + "\r\n\r\n" + body;
    }

    @Test
    void searchKeepsParameterNamesAndFlagsPatientDataNeverValues() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new FhirAnalyzerFactory(), 8080)
                .client(ascii(SEARCH)).server(ascii(response(BUNDLE, ""))).end();
        FhirRequestSeen rq = h.observations(FhirRequestSeen.class).get(0);
        assertThat(rq.interaction()).isEqualTo("search-type");
        assertThat(rq.resourceType()).isEqualTo("Patient");
        assertThat(rq.basePath()).isEqualTo("/fhir");
        assertThat(rq.searchParameters()).containsExactly("family", "birthdate", "_count");
        assertThat(rq.fhirVersion()).isEqualTo("4.0");
        assertThat(rq.userAgent()).isEqualTo("ward-app/2.1");
        FhirResponseSeen rs = h.observations(FhirResponseSeen.class).get(0);
        assertThat(rs.status()).isEqualTo(200);
        assertThat(rs.server()).isEqualTo("TestFHIR/1.0");
        assertThat(rs.resourceType()).isEqualTo("Bundle");
        assertThat(rs.bundleType()).isEqualTo("searchset");
        assertThat(rs.entryResourceTypes()).containsExactly("Patient");
        assertThat(rs.phiExposed()).isTrue();
        assertThat(rs.phiResourceTypes()).containsExactly("Patient");
        assertThat(rs.requestInteraction()).isEqualTo("search-type");
        assertThat(ObservationJson.lines(h.observations())).doesNotContain("CANARYFHIR").doesNotContain("1970").doesNotContain("p1");
    }

    @Test
    void capabilityStatementNamesTheServerSoftwareAndFhirVersion() {
        String cs = "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"software\":{\"name\":\"HAPI FHIR Server\","
                + "\"version\":\"8.0.0\"},\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"]}";
        String chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(20) + "\r\n" + cs.substring(0, 20) + "\r\n" + Integer.toHexString(cs.length() - 20) + "\r\n"
                + cs.substring(20) + "\r\n0\r\n\r\n";
        AnalyzerHarness h = AnalyzerHarness.forFlow(new FhirAnalyzerFactory(), 80)
                .client(ascii("GET /baseR4/metadata HTTP/1.1\r\nHost: x\r\nAccept: application/fhir+json\r\n\r\n"))
                .feedSplit(false, ascii(chunked), 3).end();
        assertThat(h.observations(FhirRequestSeen.class).get(0).interaction()).isEqualTo("capabilities");
        FhirResponseSeen rs = h.observations(FhirResponseSeen.class).get(0);
        assertThat(rs.softwareName()).isEqualTo("HAPI FHIR Server");
        assertThat(rs.softwareVersion()).isEqualTo("8.0.0");
        assertThat(rs.fhirVersion()).isEqualTo("4.0.1");
        assertThat(rs.phiExposed()).isFalse();
    }

    @Test
    void interactionsFromMethodsAndPaths() {
        String[][] cases = {
            {"GET /fhir/Patient/123", "read", "Patient"},
            {"GET /fhir/Patient/123/_history/2", "vread", "Patient"},
            {"GET /fhir/Patient/123/_history", "history-instance", "Patient"},
            {"GET /fhir/Observation/_history", "history-type", "Observation"},
            {"PUT /fhir/Observation/9", "update", "Observation"},
            {"DELETE /fhir/Device/9", "delete", "Device"},
            {"POST /fhir/Observation", "create", "Observation"},
            {"POST /fhir/Patient/_search", "search-type", "Patient"},
            {"GET /fhir/Patient/123/$everything", "operation", "Patient"},
            {"POST /fhir", "batch-transaction", null},
            {"GET /fhir/metadata", "capabilities", null},
        };
        for (String[] c : cases) {
            String req = c[0] + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\nContent-Length: 0\r\n\r\n";
            AnalyzerHarness h = AnalyzerHarness.forFlow(new FhirAnalyzerFactory(), 80).client(ascii(req)).end();
            FhirRequestSeen rq = h.observations(FhirRequestSeen.class).get(0);
            assertThat(rq.interaction()).as(c[0]).isEqualTo(c[1]);
            assertThat(rq.resourceType()).as(c[0]).isEqualTo(c[2]);
            assertThat(ObservationJson.of(rq)).as(c[0]).doesNotContain("123");
        }
    }

    @Test
    void sameObservationsAtEverySplitOffset() {
        byte[] rq = ascii(SEARCH + SEARCH);
        byte[] rs = ascii(response(BUNDLE, "") + response(BUNDLE, ""));
        String whole = ObservationJson.lines(AnalyzerHarness.forFlow(new FhirAnalyzerFactory(), 80).client(rq).server(rs).end().observations());
        for (int cut = 0; cut <= rs.length; cut++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new FhirAnalyzerFactory(), 80).client(rq);
            h.server(rs, 0, cut).server(rs, cut, rs.length - cut).end();
            assertThat(ObservationJson.lines(h.observations())).as("cut %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void probeTakesFhirRequestsAndResponsesButNotPlainHttp() {
        FhirAnalyzerFactory f = new FhirAnalyzerFactory();
        byte[] plain = ascii("GET /index.html HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n");
        assertThat(f.probe(true, plain, 0, plain.length)).isFalse();
        byte[] s = ascii(SEARCH);
        assertThat(f.probe(true, s, 0, s.length)).isTrue();
        byte[] r = ascii(response(BUNDLE, ""));
        assertThat(f.probe(false, r, 0, r.length)).isTrue();
    }

    @Test
    void headersWithoutEndAreCappedAndGivenUp() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new FhirAnalyzerFactory(), 80).client(ascii("GET /fhir/Patient HTTP/1.1\r\n"));
        byte[] junk = new byte[4096];
        java.util.Arrays.fill(junk, (byte) 'a');
        for (int i = 0; i < 10; i++) {
            h.client(junk);
        }
        h.end();
        assertThat(h.counter("fhir_header_too_long")).isEqualTo(1);
        assertThat(h.counter("fhir_internal_error")).isZero();
    }

    @Test
    void pathsLoseTheIdsOfPatientDataResourcesOnly() {
        assertThat(FhirPaths.withoutPatientIds("/fhir/Patient/MRN-12345")).isEqualTo("/fhir/Patient/{id}");
        assertThat(FhirPaths.withoutPatientIds("/baseR4/Patient/77/_history/2")).isEqualTo("/baseR4/Patient/{id}/_history/2");
        assertThat(FhirPaths.withoutPatientIds("/fhir/Patient/77/Observation")).isEqualTo("/fhir/Patient/{id}/Observation");
        assertThat(FhirPaths.withoutPatientIds("/fhir/Observation/obs-9/$validate")).isEqualTo("/fhir/Observation/{id}/$validate");
        assertThat(FhirPaths.withoutPatientIds("/fhir/Patient/$match")).isEqualTo("/fhir/Patient/$match");
        assertThat(FhirPaths.withoutPatientIds("/fhir/Patient/_search")).isEqualTo("/fhir/Patient/_search");
        assertThat(FhirPaths.withoutPatientIds("/fhir/Device/pump-1")).isEqualTo("/fhir/Device/pump-1");
        assertThat(FhirPaths.withoutPatientIds("/fhir/Patient")).isEqualTo("/fhir/Patient");
        assertThat(FhirPaths.withoutPatientIds("/")).isEqualTo("/");
    }
}
