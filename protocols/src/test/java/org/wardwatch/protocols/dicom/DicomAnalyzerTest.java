package org.wardwatch.protocols.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.dicom.DicomBytes.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.dicom.DicomAssociationAborted;
import org.wardwatch.model.obs.dicom.DicomAssociationAccepted;
import org.wardwatch.model.obs.dicom.DicomAssociationEnded;
import org.wardwatch.model.obs.dicom.DicomAssociationRejected;
import org.wardwatch.model.obs.dicom.DicomAssociationRequested;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.dicom.DicomOperationSeen;
import org.wardwatch.model.obs.dicom.DicomPhiSeen;
import org.wardwatch.model.obs.dicom.DicomTlsSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.testkit.Requirements;

class DicomAnalyzerTest {
    static final String PATIENT_NAME = "CANARYDICOM^PLANTED";
    static final String PATIENT_ID = "PID-CANARY-7731";
    static final String INSTANCE = "1.2.826.0.1.3680043.2.1143.99.1";

    static byte[] ctDataSet(boolean explicit, boolean bigEndian) {
        return new DataSet(explicit, bigEndian)
                .str(0x00080005, "CS", "ISO_IR 100")
                .str(0x00080016, "UI", CT_STORAGE)
                .str(0x00080018, "UI", INSTANCE)
                .str(0x00080060, "CS", "CT")
                .str(0x00080070, "LO", "ACME Medical Systems")
                .str(0x00080080, "LO", "General Hospital")
                .str(0x00080090, "PN", "REFERRING^DOCTOR")
                .str(0x00081010, "SH", "CT-ROOM-2")
                .str(0x00081090, "LO", "Tomograph 9000")
                .str(0x00100010, "PN", PATIENT_NAME)
                .str(0x00100020, "LO", PATIENT_ID)
                .str(0x00181000, "LO", "SN-445566")
                .str(0x00181020, "LO", "VB20A\\4.2")
                .element(0x7FE00010, "OW", new byte[4096])
                .bytes();
    }

    /** A whole C-STORE association, both directions, as the two peers would send it. */
    static byte[][] storeAssociation(String ts, byte[] dataSet) {
        byte[] rq = associateRq("STORE-SCP", "MODALITY1", List.of(new Pc(1, CT_STORAGE, List.of(ts, IMPLICIT_LE))),
                "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367", 16384, 2);
        byte[] ac = associateAc("STORE-SCP", "MODALITY1", List.of(new PcResult(1, 0, ts)), "1.2.826.0.1.3680043.9.3811.2.0.2",
                "PYNETDICOM_202", 16384);
        byte[] client = concat(rq, pdata(1, true, true, cStoreRq(7, CT_STORAGE, INSTANCE)), pdataFragments(1, dataSet, 1000),
                releaseRq());
        byte[] server = concat(ac, pdata(1, true, true, cStoreRsp(7, CT_STORAGE, INSTANCE, 0)), releaseRp());
        return new byte[][] {client, server};
    }

    static AnalyzerHarness run(byte[][] association, int chunk) {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104);
        // the server answers the request before the client sends data: feed in protocol order
        byte[] client = association[0];
        byte[] server = association[1];
        int rqLen = 6 + (int) DicomAssociatePdu.u32(client, 2);
        int acLen = 6 + (int) DicomAssociatePdu.u32(server, 2);
        h.feedSplit(true, java.util.Arrays.copyOfRange(client, 0, rqLen), chunk);
        h.feedSplit(false, java.util.Arrays.copyOfRange(server, 0, acLen), chunk);
        h.feedSplit(true, java.util.Arrays.copyOfRange(client, rqLen, client.length), chunk);
        h.feedSplit(false, java.util.Arrays.copyOfRange(server, acLen, server.length), chunk);
        return h.end();
    }

    @Test
    void reportsAssociationOperationsIdentityAndPhiTagsOfACStore() {
        AnalyzerHarness h = run(storeAssociation(EXPLICIT_LE, ctDataSet(true, false)), 1 << 20);

        assertThat(h.confirmed()).isTrue();
        DicomAssociationRequested rq = h.observations(DicomAssociationRequested.class).get(0);
        assertThat(rq.callingAeTitle()).isEqualTo("MODALITY1");
        assertThat(rq.calledAeTitle()).isEqualTo("STORE-SCP");
        assertThat(rq.implementationClassUid()).isEqualTo("1.2.276.0.7230010.3.0.3.6.7");
        assertThat(rq.implementationVersionName()).isEqualTo("OFFIS_DCMTK_367");
        assertThat(rq.maxPduLength()).isEqualTo(16384);
        assertThat(rq.userIdentityType()).isEqualTo("username_passcode");
        assertThat(rq.presentationContexts().get(0).abstractSyntaxName()).isEqualTo("CT Image Storage");
        DicomAssociationAccepted ac = h.observations(DicomAssociationAccepted.class).get(0);
        assertThat(ac.results().get(0).result()).isEqualTo("acceptance");
        assertThat(ac.results().get(0).transferSyntaxName()).isEqualTo("Explicit VR Little Endian");
        assertThat(ac.results().get(0).abstractSyntaxName()).isEqualTo("CT Image Storage");
        assertThat(ac.implementationVersionName()).isEqualTo("PYNETDICOM_202");

        List<DicomOperationSeen> ops = h.observations(DicomOperationSeen.class);
        assertThat(ops).extracting(DicomOperationSeen::command).containsExactly("C-STORE-RQ", "C-STORE-RSP");
        assertThat(ops.get(0).messageId()).isEqualTo(7);
        assertThat(ops.get(0).sopInstanceUid()).isEqualTo(INSTANCE);
        assertThat(ops.get(0).dataSetPresent()).isTrue();
        assertThat(ops.get(1).status()).isEqualTo(0);
        assertThat(ops.get(1).statusCategory()).isEqualTo("success");
        assertThat(ops.get(1).messageIdBeingRespondedTo()).isEqualTo(7);

        DicomDeviceIdentified id = h.observations(DicomDeviceIdentified.class).get(0);
        assertThat(id.modality()).isEqualTo("CT");
        assertThat(id.manufacturer()).isEqualTo("ACME Medical Systems");
        assertThat(id.manufacturerModelName()).isEqualTo("Tomograph 9000");
        assertThat(id.stationName()).isEqualTo("CT-ROOM-2");
        assertThat(id.deviceSerialNumber()).isEqualTo("SN-445566");
        assertThat(id.softwareVersions()).isEqualTo("VB20A\\4.2");
        assertThat(id.institutionName()).isEqualTo("General Hospital");
        assertThat(id.command()).isEqualTo("C-STORE-RQ");

        DicomPhiSeen phi = h.observations(DicomPhiSeen.class).get(0);
        assertThat(phi.tags()).containsExactly("(0008,0090) ReferringPhysicianName", "(0010,0010) PatientName",
                "(0010,0020) PatientID");
        DicomAssociationEnded end = h.observations(DicomAssociationEnded.class).get(0);
        assertThat(end.outcome()).isEqualTo("released");
        assertThat(end.operations()).containsEntry("C-STORE-RQ", 1).containsEntry("C-STORE-RSP", 1);
        assertThat(end.phiDataSets()).isEqualTo(1);
        assertThat(h.counters()).doesNotContainKeys("dicom_violation", "dicom_internal_error");

        String json = ObservationJson.lines(h.observations());
        assertThat(json).doesNotContain("CANARYDICOM").doesNotContain(PATIENT_ID).doesNotContain("REFERRING")
                .doesNotContain("SECRET");
    }

    @Test
    void sameObservationsWhateverTheSegmentSize() {
        byte[][] assoc = storeAssociation(EXPLICIT_LE, ctDataSet(true, false));
        String whole = ObservationJson.lines(run(assoc, 1 << 20).observations());
        for (int chunk = 1; chunk <= 64; chunk++) {
            assertThat(ObservationJson.lines(run(assoc, chunk).observations())).as("chunk %d", chunk).isEqualTo(whole);
        }
        for (int chunk : new int[] {97, 255, 999, 1000, 1001, 4097}) {
            assertThat(ObservationJson.lines(run(assoc, chunk).observations())).as("chunk %d", chunk).isEqualTo(whole);
        }
    }

    @Test
    void sameObservationsWhenTheStreamIsCutAtEveryOffsetOnce() {
        byte[][] assoc = storeAssociation(EXPLICIT_LE, ctDataSet(true, false));
        String whole = ObservationJson.lines(run(assoc, 1 << 20).observations());
        byte[] client = assoc[0];
        int rqLen = 6 + (int) DicomAssociatePdu.u32(client, 2);
        byte[] rest = java.util.Arrays.copyOfRange(client, rqLen, client.length);
        for (int cut = 0; cut <= rest.length; cut++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104);
            h.client(java.util.Arrays.copyOf(client, rqLen));
            int acLen = 6 + (int) DicomAssociatePdu.u32(assoc[1], 2);
            h.server(assoc[1], 0, acLen);
            h.client(rest, 0, cut).client(rest, cut, rest.length - cut);
            h.server(assoc[1], acLen, assoc[1].length - acLen).end();
            assertThat(ObservationJson.lines(h.observations())).as("cut %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void readsImplicitVrAndBigEndianDataSets() {
        for (String ts : new String[] {IMPLICIT_LE, EXPLICIT_BE}) {
            boolean explicit = !ts.equals(IMPLICIT_LE);
            AnalyzerHarness h = run(storeAssociation(ts, ctDataSet(explicit, ts.equals(EXPLICIT_BE))), 333);
            DicomDeviceIdentified id = h.observations(DicomDeviceIdentified.class).get(0);
            assertThat(id.manufacturer()).as(ts).isEqualTo("ACME Medical Systems");
            assertThat(id.deviceSerialNumber()).as(ts).isEqualTo("SN-445566");
            assertThat(h.observations(DicomPhiSeen.class).get(0).tags()).as(ts).contains("(0010,0010) PatientName");
        }
    }

    @Test
    void walksUndefinedLengthSequencesAndFlagsNestedPatientTags() {
        byte[] ds = new DataSet(true, false)
                .str(0x00080060, "CS", "MR")
                .beginSequence(0x00081110).beginItem()
                .str(0x00081150, "UI", "1.2.3").beginSequence(0x00081199).beginItem()
                .str(0x00100010, "PN", PATIENT_NAME).endItem().endSequence()
                .endItem().endSequence()
                .str(0x00080070, "LO", "Nested Corp")
                .element(0x00091010, "UN", new byte[] {1, 2}) // private tag
                .header(0x00291010, "UN", 0xFFFFFFFFL) // UN of undefined length: implicit VR inside
                .raw(new DataSet(false, false).beginItem().str(0x00100030, "DA", "19700101").endItem().endSequence().bytes())
                .str(0x00181000, "LO", "SERIAL-1")
                .bytes();
        AnalyzerHarness h = run(storeAssociation(EXPLICIT_LE, ds), 7);
        DicomDeviceIdentified id = h.observations(DicomDeviceIdentified.class).get(0);
        assertThat(id.modality()).isEqualTo("MR");
        assertThat(id.manufacturer()).isEqualTo("Nested Corp");
        assertThat(id.deviceSerialNumber()).isEqualTo("SERIAL-1");
        assertThat(h.observations(DicomPhiSeen.class).get(0).tags())
                .containsExactly("(0010,0010) PatientName", "(0010,0030) PatientBirthDate");
        assertThat(h.counters().keySet()).noneMatch(k -> k.startsWith("dicom_dataset"));
    }

    @Test
    void walksDefinedLengthSequencesAsDcmtkAndOrthancEncodeThem() {
        // a worklist answer as wlmscpfs sends it: the Scheduled Procedure Step sequence with defined lengths,
        // the performing physician's name (PHI) inside its item
        byte[] item = new DataSet(true, false).str(0x00080060, "CS", "CT").str(0x00400006, "PN", "Doctor^Who").bytes();
        byte[] itemHeader = new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 0, 0, 0, 0};
        java.nio.ByteBuffer.wrap(itemHeader, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(item.length);
        byte[] sequenceValue = DicomBytes.concat(itemHeader, item);
        byte[] ds = new DataSet(true, false)
                .str(0x00100010, "PN", PATIENT_NAME)
                .element(0x00400100, "SQ", sequenceValue)
                .str(0x00080070, "LO", "After The Sequence")
                .bytes();
        AnalyzerHarness h = run(storeAssociation(EXPLICIT_LE, ds), 7);
        assertThat(h.observations(DicomPhiSeen.class).get(0).tags())
                .containsExactly("(0010,0010) PatientName", "(0040,0006) ScheduledPerformingPhysicianName");
        // the nested Modality is not the top-level one: identity stays top-level only
        DicomDeviceIdentified id = h.observations(DicomDeviceIdentified.class).get(0);
        assertThat(id.modality()).isNull();
        assertThat(id.manufacturer()).isEqualTo("After The Sequence");
        assertThat(h.counters().keySet()).noneMatch(k -> k.startsWith("dicom_dataset"));
    }

    @Test
    void nestedLengthReachingPastItsSequenceIsMalformed() {
        byte[] item = new DataSet(true, false).str(0x00100010, "PN", PATIENT_NAME).bytes();
        byte[] itemHeader = new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 0, 0, 0, 0};
        java.nio.ByteBuffer.wrap(itemHeader, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(item.length + 100); // lies
        byte[] ds = new DataSet(true, false).element(0x00400100, "SQ", DicomBytes.concat(itemHeader, item))
                .str(0x00080070, "LO", "X").bytes();
        AnalyzerHarness h = run(storeAssociation(EXPLICIT_LE, ds), 5);
        assertThat(h.counters()).containsKey("dicom_dataset_malformed");
    }

    @Test
    void emptyPatientAttributesAsInAQueryAreNotPatientData() {
        // C-FIND return keys: PatientName and PatientID asked for with empty values carry no patient data
        byte[] ds = new DataSet(true, false).element(0x00100010, "PN", new byte[0]).element(0x00100020, "LO", new byte[0])
                .str(0x00080070, "LO", "Q").bytes();
        AnalyzerHarness h = run(storeAssociation(EXPLICIT_LE, ds), 9);
        assertThat(h.observations(DicomPhiSeen.class)).isEmpty();
        assertThat(h.observations(DicomAssociationEnded.class).get(0).phiDataSets()).isZero();
    }

    @Test
    void inflatesDeflatedDataSetsWithinTheScanCap() {
        byte[] plain = ctDataSet(true, false);
        java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
        d.setInput(plain);
        d.finish();
        byte[] buf = new byte[plain.length + 64];
        int n = d.deflate(buf);
        d.end();
        AnalyzerHarness h = run(storeAssociation(DEFLATED, java.util.Arrays.copyOf(buf, n)), 50);
        assertThat(h.observations(DicomDeviceIdentified.class).get(0).manufacturer()).isEqualTo("ACME Medical Systems");
        assertThat(h.observations(DicomAssociationEnded.class).get(0).deflatedDataSets()).isEqualTo(1);
    }

    @Test
    void reportsRejectionWithSourceAndReason() {
        byte[] rq = associateRq("WRONG-AE", "ECHOSCU", List.of(new Pc(1, VERIFICATION, List.of(IMPLICIT_LE))),
                "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367", 16384, -1);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 11112);
        h.client(rq).server(reject(1, 1, 7)).end();
        DicomAssociationRejected rj = h.observations(DicomAssociationRejected.class).get(0);
        assertThat(rj.result()).isEqualTo("rejected_permanent");
        assertThat(rj.source()).isEqualTo("service_user");
        assertThat(rj.reason()).isEqualTo("called_ae_title_not_recognized");
        assertThat(rj.calledAeTitle()).isEqualTo("WRONG-AE");
        assertThat(h.observations(DicomAssociationEnded.class)).extracting(DicomAssociationEnded::outcome).containsExactly("rejected");
    }

    @Test
    void reportsAbortAndHalfSentDataSet() {
        byte[][] assoc = storeAssociation(EXPLICIT_LE, ctDataSet(true, false));
        byte[] client = assoc[0];
        int rqLen = 6 + (int) DicomAssociatePdu.u32(client, 2);
        int acLen = 6 + (int) DicomAssociatePdu.u32(assoc[1], 2);
        int commandLen = 6 + (int) DicomAssociatePdu.u32(client, rqLen + 2);
        int firstFragmentLen = 6 + (int) DicomAssociatePdu.u32(client, rqLen + commandLen + 2);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104);
        h.client(client, 0, rqLen).server(assoc[1], 0, acLen).client(client, rqLen, commandLen + firstFragmentLen)
                .client(abort(0, 0)).end();
        DicomAssociationAborted ab = h.observations(DicomAssociationAborted.class).get(0);
        assertThat(ab.fromClient()).isTrue();
        assertThat(ab.source()).isEqualTo("service_user");
        assertThat(h.observations(DicomAssociationEnded.class)).extracting(DicomAssociationEnded::outcome).containsExactly("aborted");
        // identity attributes came before the abort
        assertThat(h.observations(DicomDeviceIdentified.class)).isNotEmpty();
    }

    @Test
    void recognisesTlsOnTheDicomTlsPortAndOnADicomPort() {
        byte[] clientHello = {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00};
        AnalyzerHarness tls = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 2762).client(clientHello).end();
        assertThat(tls.observations(DicomTlsSeen.class)).extracting(DicomTlsSeen::reason).containsExactly("dicom_tls_port");
        assertThat(tls.confirmed()).isTrue();
        AnalyzerHarness onDicomPort = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).client(clientHello).end();
        assertThat(onDicomPort.observations(DicomTlsSeen.class)).extracting(DicomTlsSeen::reason)
                .containsExactly("tls_on_dicom_port");
    }

    @Test
    void httpOnADicomPortIsAViolationWithoutObservations() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).client(http).end();
        assertThat(h.observations()).isEmpty();
        assertThat(h.violated()).isTrue();
        assertThat(new DicomAnalyzerFactory().probe(true, http, 0, http.length)).isFalse();
    }

    @Test
    void probeAcceptsAnAssociateRequestAndAnswersButNotOtherBytes() {
        byte[] rq = associateRq("ANY-SCP", "ECHOSCU", List.of(new Pc(1, VERIFICATION, List.of(IMPLICIT_LE))),
                "1.2.3", null, 0, -1);
        DicomAnalyzerFactory f = new DicomAnalyzerFactory();
        assertThat(f.probe(true, rq, 0, rq.length)).isTrue();
        assertThat(f.probe(true, rq, 0, 20)).isTrue();
        assertThat(f.probe(false, rq, 0, rq.length)).isFalse();
        assertThat(f.probe(false, reject(1, 1, 7), 0, 10)).isTrue();
        assertThat(f.probe(true, new byte[] {1, 0, 0, 0, 0, 10, 0, 1, 0, 0}, 0, 10)).isFalse();
    }

    @Test
    void readsTheAflnetEchoStreamRecordedFromDcmtk() throws Exception {
        byte[] stream = Files.readAllBytes(Requirements.sharedFile("corpus/medical/dicom_client_streams/aflnet_dicom_echo.raw"));
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).feedSplit(true, stream, 1).end();
        DicomAssociationRequested rq = h.observations(DicomAssociationRequested.class).get(0);
        assertThat(rq.callingAeTitle()).isEqualTo("ECHOSCU");
        assertThat(rq.calledAeTitle()).isEqualTo("ANY-SCP");
        assertThat(rq.implementationClassUid()).isEqualTo("1.2.276.0.7230010.3.0.3.6.2");
        assertThat(rq.implementationVersionName()).isEqualTo("OFFIS_DCMTK_362");
        assertThat(rq.presentationContexts()).extracting(p -> p.abstractSyntaxName()).containsExactly("Verification SOP Class");
        assertThat(h.observations(DicomOperationSeen.class)).extracting(DicomOperationSeen::command).containsExactly("C-ECHO-RQ");
        assertThat(h.observations(DicomAssociationEnded.class)).extracting(DicomAssociationEnded::outcome)
                .containsExactly("release_requested");
    }

    @Test
    void readsTheAflnetFindStreamRecordedFromDcmtk() throws Exception {
        byte[] stream = Files.readAllBytes(Requirements.sharedFile("corpus/medical/dicom_client_streams/aflnet_dicom_find.raw"));
        AnalyzerHarness h = AnalyzerHarness.forFlow(new DicomAnalyzerFactory(), 104).client(stream).end();
        List<DicomOperationSeen> ops = h.observations(DicomOperationSeen.class);
        assertThat(ops).extracting(DicomOperationSeen::command).containsExactly("C-FIND-RQ");
        assertThat(ops.get(0).sopClassName()).contains("FIND");
        assertThat(h.counters()).doesNotContainKeys("dicom_violation", "dicom_internal_error");
        System.out.println(ObservationJson.lines(h.observations()));
    }

    static List<Observation> all(AnalyzerHarness h) {
        return h.observations();
    }
}
