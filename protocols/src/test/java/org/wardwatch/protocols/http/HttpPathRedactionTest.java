package org.wardwatch.protocols.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request paths keep their words and lose identifiers (PHI must not leave the sensor). */
class HttpPathRedactionTest {
    @Test
    void keepsWordsAndReplacesIdentifierLikeSegments() {
        assertThat(HttpAnalyzer.pathOf("/description.xml")).isEqualTo("/description.xml");
        assertThat(HttpAnalyzer.pathOf("/cgi-bin/luci/admin")).isEqualTo("/cgi-bin/luci/admin");
        assertThat(HttpAnalyzer.pathOf("/api/v1/devices/42/status?x=1")).isEqualTo("/api/*/devices/*/status");
        assertThat(HttpAnalyzer.pathOf("/session/0f3a5c5e-1111-2222-3333-444455556666")).isEqualTo("/session/*");
        assertThat(HttpAnalyzer.pathOf("/mail/jane.doe%40ward.example")).isEqualTo("/mail/*");
        assertThat(HttpAnalyzer.pathOf("http://device.local:8080/upnp/rootDesc.xml")).isEqualTo("/upnp/rootDesc.xml");
        assertThat(HttpAnalyzer.pathOf("/")).isEqualTo("/");
        assertThat(HttpAnalyzer.pathOf("*")).isEqualTo("*");
    }

    @Test
    void dropsEverythingNamedAfterPeopleAndRecordCollections() {
        assertThat(HttpAnalyzer.pathOf("/fhir/Patient/WW-CANARY-8675309")).isEqualTo("/fhir/Patient/*");
        assertThat(HttpAnalyzer.pathOf("/fhir/Patient/example/_history")).isEqualTo("/fhir/Patient/*/*");
        assertThat(HttpAnalyzer.pathOf("/emr/patients/smith-john/chart")).isEqualTo("/emr/patients/*/*");
        assertThat(HttpAnalyzer.pathOf("/users/admin")).isEqualTo("/users/*");
    }
}
