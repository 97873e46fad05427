package org.wardwatch.protocols.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.dicom.DicomBytes.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.dicom.DicomAssociationEnded;
import org.wardwatch.model.obs.dicom.DicomAssociationRequested;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.dicom.DicomOperationSeen;
import org.wardwatch.model.obs.dicom.DicomPhiSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

/** Lying lengths, endless sequences, gigantic elements: counted anomalies, bounded memory, no exception. */
class DicomHostileInputTest {
    private static AnalyzerHarness associated() {
        byte[] rq = associateRq("SCP", "SCU", List.of(new Pc(1, CT_STORAGE, List.of(EXPLICIT_LE))), "1.2.3", "X", 16384, -1);
        byte[] ac = associateAc("SCP", "SCU", List.of(new PcResult(1, 0, EXPLICIT_LE)), "1.2.4", "Y", 16384);
        return AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).client(rq).server(ac);
    }

    @Test
    void associatePduLongerThanTheCapIsSkippedNotBuffered() {
        byte[] header = {1, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1, 0, 0};
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).client(header);
        h.feedSplit(true, new byte[200_000], 8192).end();
        assertThat(h.counter("dicom_associate_pdu_too_long")).isEqualTo(1);
        assertThat(h.counter("dicom_buffer_cap")).isZero();
        assertThat(h.counter("dicom_internal_error")).isZero();
    }

    @Test
    void pdvLengthPastItsPduIsAnAnomalyAndTheRestOfThePduIsSkipped() {
        byte[] lying = pdu(4, new byte[] {0x00, 0x10, 0x00, 0x00, 1, 3, 1, 2, 3, 4});
        AnalyzerHarness h = associated().client(lying).client(pdata(1, true, true, cEchoRq(1))).end();
        assertThat(h.counter("dicom_pdv_length_invalid")).isEqualTo(1);
        assertThat(h.counter("dicom_internal_error")).isZero();
    }

    @Test
    void gigantic1GbDataSetElementIsSkippedAsItStreams() {
        byte[] head = new DataSet(true, false).str(0x00080070, "LO", "Big Iron").header(0x00091001, "OB", 0x40000000L).bytes();
        AnalyzerHarness h = associated().client(pdata(1, true, true, cStoreRq(1, CT_STORAGE, "1.2")));
        h.client(pdata(1, false, false, head));
        byte[] chunk = pdata(1, false, false, new byte[16_000]);
        for (int i = 0; i < 200; i++) {
            h.client(chunk);
        }
        h.client(pdata(1, false, true, new byte[10])).end();
        assertThat(h.observations(DicomDeviceIdentified.class).get(0).manufacturer()).isEqualTo("Big Iron");
        assertThat(h.counter("dicom_buffer_cap")).isZero();
        assertThat(h.counter("dicom_internal_error")).isZero();
    }

    @Test
    void sequencesNestedWithoutEndStopAtTheDepthCap() {
        DataSet ds = new DataSet(true, false).str(0x00080060, "CS", "US");
        for (int i = 0; i < 10_000; i++) {
            ds.beginSequence(0x00400275).beginItem();
        }
        AnalyzerHarness h = associated().client(pdata(1, true, true, cStoreRq(1, CT_STORAGE, "1.2")))
                .client(pdataFragments(1, ds.bytes(), 16_000)).end();
        assertThat(h.counter("dicom_sequence_depth_cap")).isEqualTo(1);
        assertThat(h.observations(DicomDeviceIdentified.class).get(0).modality()).isEqualTo("US");
        assertThat(h.counter("dicom_internal_error")).isZero();
    }

    @Test
    void itemTagsOutsideASequenceAreAMalformedDataSet() {
        byte[] ds = new DataSet(true, false).endItem().str(0x00080070, "LO", "after").bytes();
        AnalyzerHarness h = associated().client(pdata(1, true, true, cStoreRq(1, CT_STORAGE, "1.2")))
                .client(pdata(1, false, true, ds)).end();
        assertThat(h.counter("dicom_dataset_malformed")).isEqualTo(1);
    }

    @Test
    void associateItemsWithLyingLengthsKeepWhatParsedBefore() {
        byte[] rq = associateRq("SCP", "SCU", List.of(new Pc(1, CT_STORAGE, List.of(EXPLICIT_LE))), "1.2.3", "X", 16384, -1);
        rq[6 + 68 + 2] = 0x7F; // application context item claims 32 KB
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).client(rq).end();
        assertThat(h.counter("dicom_associate_malformed")).isEqualTo(1);
        assertThat(h.observations(DicomAssociationRequested.class).get(0).callingAeTitle()).isEqualTo("SCU");
    }

    @Test
    void commandSetLongerThanItsCapIsCountedAndDropped() {
        AnalyzerHarness h = associated();
        for (int i = 0; i < 5; i++) {
            h.client(pdata(1, true, false, new byte[4000]));
        }
        h.client(pdata(1, true, true, new byte[10])).end();
        assertThat(h.counter("dicom_command_set_too_long")).isEqualTo(1);
        assertThat(h.counter("dicom_internal_error")).isZero();
    }

    @Test
    void randomBytesAfterAValidAssociationNeverThrow() {
        Random r = new Random(4);
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[r.nextInt(3000)];
            r.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) (1 + r.nextInt(7));
            }
            AnalyzerHarness h = associated().client(pdata(1, true, true, cStoreRq(1, CT_STORAGE, "1.2")));
            h.feedSplit(r.nextBoolean(), junk, 1 + r.nextInt(700)).end();
            assertThat(h.counter("dicom_internal_error")).as("seed round %d", i).isZero();
        }
    }

    @Test
    void floodOfPendingCFindResponsesStaysUnderEveryCap() {
        int matches = 20_000;
        byte[] rq = associateRq("QRSCP", "FINDSCU", List.of(new Pc(1, STUDY_ROOT_FIND, List.of(EXPLICIT_LE))), "1.2.3", "X", 16384, -1);
        byte[] ac = associateAc("QRSCP", "FINDSCU", List.of(new PcResult(1, 0, EXPLICIT_LE)), "1.2.4", "Y", 16384);
        byte[] findRq = new Command().ui(0x0002, STUDY_ROOT_FIND).us(0x0100, 0x0020).us(0x0110, 1).us(0x0700, 0).us(0x0800, 0x0000).bytes();
        byte[] query = new DataSet(true, false).str(0x00080052, "CS", "STUDY").element(0x00100010, "PN", new byte[0]).bytes();
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).client(rq).server(ac)
                .client(concat(pdata(1, true, true, findRq), pdata(1, false, true, query)));
        byte[] pendingRsp = new Command().ui(0x0002, STUDY_ROOT_FIND).us(0x0100, 0x8020).us(0x0120, 1).us(0x0800, 0x0000)
                .us(0x0900, 0xFF00).bytes();
        java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < matches; i++) {
            // every match from another device, with its own odd patient attribute: identities and PHI tags would grow
            byte[] match = new DataSet(true, false)
                    .str(0x00080070, "LO", "Vendor " + i)
                    .str(0x00081010, "SH", "ST-" + i)
                    .str(0x00100010, "PN", "Flood^" + i)
                    .str(0x00100000 | (0x1000 + (i % 4000)), "LO", "x")
                    .bytes();
            batch.writeBytes(pdata(1, true, true, pendingRsp));
            batch.writeBytes(pdata(1, false, true, match));
            if (batch.size() > 1 << 16) {
                h.server(batch.toByteArray());
                batch.reset();
            }
        }
        byte[] finalRsp = new Command().ui(0x0002, STUDY_ROOT_FIND).us(0x0100, 0x8020).us(0x0120, 1).us(0x0800, 0x0101)
                .us(0x0900, 0).bytes();
        batch.writeBytes(pdata(1, true, true, finalRsp));
        h.server(batch.toByteArray()).client(releaseRq()).server(releaseRp()).end();

        DicomAssociationEnded end = h.observations(DicomAssociationEnded.class).get(0);
        assertThat(end.operations()).containsEntry("C-FIND-RSP", matches + 1).containsEntry("C-FIND-RQ", 1);
        assertThat(end.dataSets()).isEqualTo(matches + 1);
        assertThat(end.outcome()).isEqualTo("released");
        assertThat(h.observations(DicomOperationSeen.class)).as("pending responses are counted, not emitted").hasSize(2);
        assertThat(h.observations(DicomDeviceIdentified.class)).hasSize(DicomAnalyzer.MAX_IDENTITIES);
        assertThat(h.counter("dicom_identity_cap")).isEqualTo(1);
        assertThat(h.observations(DicomPhiSeen.class).stream().mapToInt(p -> p.tags().size()).sum())
                .isEqualTo(DicomAnalyzer.MAX_PHI_TAGS_REPORTED);
        assertThat(end.phiTags()).hasSize(DicomAnalyzer.MAX_PHI_TAGS_REPORTED);
        assertThat(h.counter("dicom_phi_tag_cap")).isEqualTo(1);
        // what a flood of 20 000 matches leaves: a bounded number of observations, none holding a value
        assertThat(h.observations()).hasSizeLessThan(2 + 2 + DicomAnalyzer.MAX_IDENTITIES + DicomAnalyzer.MAX_PHI_TAGS_REPORTED + 1);
        assertThat(h.observations().toString()).doesNotContain("Flood");
    }
}
