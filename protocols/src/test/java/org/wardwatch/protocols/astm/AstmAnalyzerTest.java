package org.wardwatch.protocols.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.astm.AstmMessageSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;

/** Bytes built from ASTM E1381 / E1394 (no ASTM peer can run here). */
class AstmAnalyzerTest {
    static final String[] RECORDS = {
        "H|\\^&|||cobas c 311^1.0^12345|||||LIS||P|1|20240101120000",
        "P|1||PID-CANARY-ASTM||CANARYASTM^PLANTED||19700101|M",
        "O|1|SAMPLE1||^^^ALB|R",
        "R|1|^^^ALB|4.2|g/dL||N||F",
        "L|1|N"};

    /** ENQ, one frame per record (frame numbers 1..7,0,...), checksums per E1381 6.3.3, EOT. */
    static byte[] e1381(boolean corrupt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x05);
        int fn = 1;
        for (String r : RECORDS) {
            byte[] text = (fn % 8 + r + "\r").getBytes(StandardCharsets.ISO_8859_1);
            int sum = 0;
            for (byte b : text) {
                sum += b & 0xFF;
            }
            sum += 0x03;
            out.write(0x02);
            out.writeBytes(text);
            out.write(0x03);
            String cs = String.format("%02X", (sum + (corrupt ? 1 : 0)) & 0xFF);
            out.writeBytes(cs.getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
            fn++;
        }
        out.write(0x04);
        return out.toByteArray();
    }

    @Test
    void headerNamesTheInstrumentAndPatientRecordsAreCountedNeverRead() {
        byte[] stream = e1381(false);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new AstmAnalyzerFactory(), 5000).client(stream).end();
        AstmMessageSeen m = h.observations(AstmMessageSeen.class).get(0);
        assertThat(m.framing()).isEqualTo("e1381");
        assertThat(m.senderId()).isEqualTo("cobas c 311^1.0^12345");
        assertThat(m.senderComponents()).containsExactly("cobas c 311", "1.0", "12345");
        assertThat(m.receiverId()).isEqualTo("LIS");
        assertThat(m.processingId()).isEqualTo("P");
        assertThat(m.version()).isEqualTo("1");
        assertThat(m.recordTypes()).containsExactly("H", "P", "O", "R", "L");
        assertThat(m.patientRecords()).isEqualTo(1);
        assertThat(m.resultRecords()).isEqualTo(1);
        assertThat(m.frames()).isEqualTo(5);
        assertThat(m.checksumErrors()).isZero();
        assertThat(ObservationJson.lines(h.observations())).doesNotContain("CANARY").doesNotContain("4.2");
        for (int cut = 0; cut <= stream.length; cut++) {
            AnalyzerHarness s = AnalyzerHarness.forFlow(new AstmAnalyzerFactory(), 5000);
            s.client(stream, 0, cut).client(stream, cut, stream.length - cut).end();
            assertThat(ObservationJson.lines(s.observations())).as("cut %d", cut).isEqualTo(ObservationJson.lines(h.observations()));
        }
    }

    @Test
    void checksumMismatchesAreCounted() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new AstmAnalyzerFactory(), 5000).client(e1381(true)).end();
        assertThat(h.observations(AstmMessageSeen.class).get(0).checksumErrors()).isEqualTo(5);
        assertThat(h.counter("astm_checksum_mismatch")).isEqualTo(5);
    }

    @Test
    void unframedRecordsAreReadToo() {
        byte[] raw = (String.join("\r", RECORDS) + "\r").getBytes(StandardCharsets.ISO_8859_1);
        AstmAnalyzerFactory f = new AstmAnalyzerFactory();
        assertThat(f.probe(true, raw, 0, raw.length)).isTrue();
        AnalyzerHarness h = AnalyzerHarness.forFlow(f, 5000).client(raw).end();
        assertThat(h.observations(AstmMessageSeen.class).get(0).framing()).isEqualTo("raw");
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(f.probe(true, http, 0, http.length)).isFalse();
    }
}
