package org.wardwatch.protocols.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.hl7.Hl7DeviceIdentified;
import org.wardwatch.model.obs.hl7.Hl7MessageSeen;
import org.wardwatch.model.obs.hl7.Hl7TlsSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;

class Hl7AnalyzerTest {
    static final String PATIENT = "CANARYHL7^PLANTED";
    static final String PATIENT_ID = "MRN-CANARY-5521";

    /** An IHE PCD-01 ORU^R01 as PCD TF-2 Rev 9.0 shows them (values made up, structure from the examples). */
    static String pcd01() {
        return "MSH|^~\\&|ACME_Gateway^080019FFFE3ED02D^EUI-64||CIS|HOSP|20240101120000-0500||ORU^R01^ORU_R01|MSG00042|P|2.6|||NE|AL||8859/1|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r"
                + "PID|||" + PATIENT_ID + "^^^HOSP^MR||" + PATIENT + "||19700101|M\r"
                + "PV1||I|ICU^1^1\r"
                + "OBR|1|||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|||20240101120000\r"
                + "OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X|||||||0123456789ABCDEF^^0123456789ABCDEF^EUI-64~123456^ICU_MONITOR^megacorp.com^DNS\r"
                + "OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|77|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R\r"
                + "PRT|1|UC||OP^Observation Participant^HL70912||||||0012211839000001^^0012211839000001^EUI-64||||||(01)00643169001763\r";
    }

    static String ack(String controlId) {
        return "MSH|^~\\&|CIS|HOSP|ACME_Gateway^080019FFFE3ED02D^EUI-64||20240101120001||ACK^R01^ACK|ACK00042|P|2.6\r"
                + "MSA|AA|" + controlId + "\r";
    }

    static byte[] mllp(String... messages) {
        StringBuilder sb = new StringBuilder();
        for (String m : messages) {
            sb.append('\u000b').append(m).append('\u001c').append('\r');
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsPcdHeaderDeviceIdentifiersAndFlagsPatientSegments() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575)
                .client(mllp(pcd01())).server(mllp(ack("MSG00042"))).end();
        assertThat(h.confirmed()).isTrue();
        List<Hl7MessageSeen> msgs = h.observations(Hl7MessageSeen.class);
        assertThat(msgs).hasSize(2);
        Hl7MessageSeen oru = msgs.get(0);
        assertThat(oru.fromClient()).isTrue();
        assertThat(oru.sendingApplication()).isEqualTo("ACME_Gateway^080019FFFE3ED02D^EUI-64");
        assertThat(oru.receivingApplication()).isEqualTo("CIS");
        assertThat(oru.messageType()).isEqualTo("ORU");
        assertThat(oru.triggerEvent()).isEqualTo("R01");
        assertThat(oru.messageStructure()).isEqualTo("ORU_R01");
        assertThat(oru.controlId()).isEqualTo("MSG00042");
        assertThat(oru.version()).isEqualTo("2.6");
        assertThat(oru.messageProfile()).startsWith("IHE_PCD_001");
        assertThat(oru.segments()).containsExactly("MSH", "PID", "PV1", "OBR", "OBX", "PRT");
        assertThat(oru.phiSegments()).containsExactly("PID", "PV1", "OBX");
        assertThat(oru.observationValues()).isEqualTo(1);
        Hl7MessageSeen ackSeen = msgs.get(1);
        assertThat(ackSeen.ackCode()).isEqualTo("AA");
        assertThat(ackSeen.ackControlId()).isEqualTo("MSG00042");
        assertThat(ackSeen.phiSegments()).isEmpty();

        List<Hl7DeviceIdentified> ids = h.observations(Hl7DeviceIdentified.class).stream().filter(Hl7DeviceIdentified::fromClient).toList();
        assertThat(ids).extracting(Hl7DeviceIdentified::field).containsExactly("MSH-3", "OBX-18", "OBX-18", "PRT-10", "PRT-16");
        assertThat(ids.get(0).universalId()).isEqualTo("080019FFFE3ED02D");
        assertThat(ids.get(0).universalIdType()).isEqualTo("EUI-64");
        assertThat(ids.get(1).entityOrNamespace()).isEqualTo("0123456789ABCDEF");
        assertThat(ids.get(1).universalIdType()).isEqualTo("EUI-64");
        assertThat(ids.get(2).identifier()).isEqualTo("123456^ICU_MONITOR^megacorp.com^DNS");
        assertThat(ids.get(3).entityOrNamespace()).isEqualTo("0012211839000001");
        assertThat(ids.get(4).identifier()).isEqualTo("(01)00643169001763");

        String json = ObservationJson.lines(h.observations());
        assertThat(json).doesNotContain("CANARYHL7").doesNotContain(PATIENT_ID).doesNotContain("19700101").doesNotContain("\"77\"");
    }

    @Test
    void honoursTheSeparatorsTheMessageDeclares() {
        String odd = "MSH#@*$%#PUMP_SERVER@00A037EB2175780F@EUI-64#WARD 3#EMR##20240101##RGV@O15@RGV_O15#C1#P#2.6\n"
                + "PID######" + PATIENT + "\n";
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575).client(mllp(odd)).end();
        Hl7MessageSeen m = h.observations(Hl7MessageSeen.class).get(0);
        assertThat(m.messageType()).isEqualTo("RGV");
        assertThat(m.triggerEvent()).isEqualTo("O15");
        assertThat(m.sendingFacility()).isEqualTo("WARD 3");
        assertThat(h.observations(Hl7DeviceIdentified.class).get(0).universalId()).isEqualTo("00A037EB2175780F");
        assertThat(m.phiSegments()).containsExactly("PID");
    }

    @Test
    void sameObservationsAtEverySplitOffset() {
        byte[] stream = mllp(pcd01(), ack("X"), pcd01());
        String whole = ObservationJson.lines(AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575).client(stream).end().observations());
        for (int cut = 0; cut <= stream.length; cut++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575);
            h.client(stream, 0, cut).client(stream, cut, stream.length - cut).end();
            assertThat(ObservationJson.lines(h.observations())).as("cut %d", cut).isEqualTo(whole);
        }
        AnalyzerHarness bytewise = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575).feedSplit(true, stream, 1).end();
        assertThat(ObservationJson.lines(bytewise.observations())).isEqualTo(whole);
    }

    @Test
    void mllpWithoutEndByteIsBoundedAndCounted() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575);
        h.client(("\u000bMSH|^~\\&|LAB||||||ORU^R01|1|P|2.5\rOBX|1|ED|PDF||").getBytes(StandardCharsets.ISO_8859_1));
        byte[] blob = new byte[64 * 1024];
        java.util.Arrays.fill(blob, (byte) 'A');
        for (int i = 0; i < 200; i++) {
            h.client(blob);
        }
        h.end();
        assertThat(h.counter("hl7_unterminated_message")).isEqualTo(1);
        assertThat(h.counter("hl7_buffer_cap")).isZero();
        assertThat(h.observations(Hl7MessageSeen.class).get(0).messageType()).isEqualTo("ORU");
    }

    @Test
    void httpOnTheHl7PortIsOneViolationAndNoObservation() {
        byte[] http = "GET /index.html HTTP/1.1\r\nHost: pacs\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575).client(http).end();
        assertThat(h.observations()).isEmpty();
        assertThat(h.violated()).isTrue();
        assertThat(h.counter("hl7_violation")).isEqualTo(1);
        assertThat(new Hl7AnalyzerFactory().probe(true, http, 0, http.length)).isFalse();
    }

    @Test
    void probeFindsMllpOnAnyPort() {
        byte[] m = mllp(ack("1"));
        assertThat(new Hl7AnalyzerFactory().probe(true, m, 0, m.length)).isTrue();
        assertThat(new Hl7AnalyzerFactory().probe(true, m, 0, 4)).isFalse();
    }

    @Test
    void recognisesTlsWhereMllpWasExpected() {
        byte[] hello = {0x16, 0x03, 0x03, 0x00, 0x05, 0x01, 0, 0, 1, 0};
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575).client(hello).end();
        assertThat(h.observations(Hl7TlsSeen.class)).extracting(Hl7TlsSeen::tlsVersion).containsExactly(0x0303);
    }

    @Test
    void errorAcknowledgmentsGiveTheirCodesNotTheirText() {
        String nak = "MSH|^~\\&|CIS|HOSP|GW||20240101||ACK^R01^ACK|N1|P|2.5.1\rMSA|AE|MSG9|Patient " + PATIENT + " unknown\r"
                + "ERR||PID^1^3|204^Unknown key identifier^HL70357|E||||Patient " + PATIENT + " unknown\r";
        AnalyzerHarness h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575).server(mllp(nak)).end();
        Hl7MessageSeen m = h.observations(Hl7MessageSeen.class).get(0);
        assertThat(m.ackCode()).isEqualTo("AE");
        assertThat(m.errorCodes()).containsExactly("204");
        assertThat(ObservationJson.lines(h.observations())).doesNotContain("CANARYHL7");
    }
}
