package org.wardwatch.protocols.poct1a;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.poct1a.Poct1aDeviceIdentified;
import org.wardwatch.model.obs.poct1a.Poct1aMessageSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;

/** POCT1-A2 messages built from the element names of CLSI POCT01-A2 (no POCT1-A peer can run here). */
class Poct1aAnalyzerTest {
    static final String HELLO = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<HEL.R01><HDR><HDR.control_id V=\"10001\"/>"
            + "<HDR.version_id V=\"POCT1\"/><HDR.creation_dttm V=\"2024-01-01T12:00:00+01:00\"/></HDR>"
            + "<DEV><DEV.device_id V=\"00:0a:1b:2c:3d:4e\"/><DEV.vendor_id V=\"ACMEPOC\"/><DEV.model_id V=\"GlucoStat 5\"/>"
            + "<DEV.serial_id V=\"GS5-000123\"/><DEV.manufacturer_name V=\"Acme &amp; Co\"/><DEV.hw_version V=\"B\"/>"
            + "<DEV.sw_version V=\"3.2.1\"/><DEV.device_name V=\"Ward 4 meter\"/></DEV></HEL.R01>";
    static final String OBS = "<OBS.R01><HDR><HDR.control_id V=\"10002\"/><HDR.version_id V=\"POCT1\"/></HDR>"
            + "<SVC><PT><PT.patient_id V=\"PID-CANARY-POC\"/><PT.name V=\"CANARYPOC^PLANTED\"/><OBS><OBS.observation_id V=\"GLU\"/>"
            + "<OBS.value V=\"5.6\"/></OBS></PT></SVC></OBS.R01>";

    @Test
    void helloNamesTheDeviceAndObservationsFlagPatientElements() {
        byte[] dev = (HELLO + OBS).getBytes(StandardCharsets.ISO_8859_1);
        byte[] ack = "<ACK.R01><HDR><HDR.control_id V=\"1\"/></HDR><ACK><ACK.type_cd V=\"AA\"/><ACK.ack_control_id V=\"10001\"/></ACK></ACK.R01>"
                .getBytes(StandardCharsets.ISO_8859_1);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Poct1aAnalyzerFactory(), 7001).feedSplit(true, dev, 37).server(ack).end();
        Poct1aDeviceIdentified d = h.observations(Poct1aDeviceIdentified.class).get(0);
        assertThat(d.vendorId()).isEqualTo("ACMEPOC");
        assertThat(d.modelId()).isEqualTo("GlucoStat 5");
        assertThat(d.serialId()).isEqualTo("GS5-000123");
        assertThat(d.softwareVersion()).isEqualTo("3.2.1");
        assertThat(d.manufacturerName()).isEqualTo("Acme & Co");
        assertThat(h.observations(Poct1aMessageSeen.class)).extracting(Poct1aMessageSeen::messageType)
                .containsExactly("HEL.R01", "OBS.R01", "ACK.R01");
        Poct1aMessageSeen obs = h.observations(Poct1aMessageSeen.class).get(1);
        assertThat(obs.phiElements()).containsExactly("PT.patient_id", "PT.name");
        assertThat(obs.observations()).isEqualTo(1);
        assertThat(ObservationJson.lines(h.observations())).doesNotContain("CANARY").doesNotContain("5.6");
        assertThat(new Poct1aAnalyzerFactory().probe(true, dev, 0, dev.length)).isTrue();
    }

    @Test
    void unterminatedMessageIsCappedAndOtherXmlIsAViolation() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Poct1aAnalyzerFactory(), 7001).client("<HEL.R01><HDR>".getBytes(StandardCharsets.US_ASCII));
        byte[] junk = new byte[8192];
        java.util.Arrays.fill(junk, (byte) 'x');
        for (int i = 0; i < 10; i++) {
            h.client(junk);
        }
        h.end();
        assertThat(h.counter("poct1a_message_too_long")).isEqualTo(1);
        assertThat(h.counter("poct1a_buffer_cap")).isZero();
        byte[] soap = "<soap:Envelope></soap:Envelope>".getBytes(StandardCharsets.US_ASCII);
        assertThat(new Poct1aAnalyzerFactory().probe(true, soap, 0, soap.length)).isFalse();
    }
}
