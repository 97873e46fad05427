package org.wardwatch.protocols.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.hl7.Hl7MessageSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/** nDPI's HL7 sample (ADT^A01 + ACK on port 6661) through the whole pipeline, tshark's HL7 dissector as oracle. */
class Hl7CorpusTest {
    @Test
    void ndpiSampleMatchesTsharkAndKeepsNoPatientValue() throws Exception {
        Path pcap = Requirements.sharedFile("corpus/medical/ndpi_hl7.pcap");
        List<Hl7MessageSeen> msgs = Pipeline.observe(pcap, Hl7MessageSeen.class);
        List<String[]> oracle = Tshark.on(pcap).decodeAs("tcp.port==6661,hl7").filter("hl7").fields("tcp.srcport");
        assertThat(msgs).hasSize(oracle.size());
        assertThat(msgs.get(0).messageType()).isEqualTo("ADT");
        assertThat(msgs.get(0).triggerEvent()).isEqualTo("A01");
        assertThat(msgs.get(0).sendingApplication()).isEqualTo("SENDING_APPLICATION");
        assertThat(msgs.get(0).version()).isEqualTo("2.3");
        assertThat(msgs.get(0).phiSegments()).contains("PID", "NK1", "PV1", "AL1");
        assertThat(msgs.get(1).ackCode()).isNotNull();
        assertThat(ObservationJson.lines(msgs)).doesNotContain("MOUSE").doesNotContain("135769").doesNotContain("Penicillin");
    }
}
