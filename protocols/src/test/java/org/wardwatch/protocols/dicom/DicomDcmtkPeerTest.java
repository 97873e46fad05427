package org.wardwatch.protocols.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.dicom.DicomAssociationAborted;
import org.wardwatch.model.obs.dicom.DicomAssociationAccepted;
import org.wardwatch.model.obs.dicom.DicomAssociationEnded;
import org.wardwatch.model.obs.dicom.DicomAssociationRejected;
import org.wardwatch.model.obs.dicom.DicomAssociationRequested;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.dicom.DicomOperationSeen;
import org.wardwatch.model.obs.dicom.DicomPhiSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.medicaltest.LocalPeers;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;

/**
 * dcmtk (Debian package) on both sides, on 127.0.0.1, captured on lo and analyzed through the whole
 * pipeline; tshark's DICOM dissector checks every association, DIMSE message, identity tuple and PHI
 * tag on the same capture ({@link DicomAgreement}).
 *
 * <p>SCPs: {@code storescp} (STORE-SCP), {@code dcmqrscp} (QRSCP, a query/retrieve archive, in its
 * default forking mode: its single-process mode segfaults on a C-STORE after a C-ECHO in dcmtk 3.6.7),
 * {@code storescp} as the C-MOVE destination (MOVEDEST), {@code wlmscpfs} (WLMSCP, a worklist).
 * SCUs: echoscu, storescu (to both), findscu (study root and worklist), movescu, getscu, echoscu to a
 * wrong called AE title (rejected), echoscu --abort.
 */
class DicomDcmtkPeerTest {
    static final String PATIENT = "Canary^Zebulon";
    static final String PATIENT_ID = "WW-CANARY-8675309";

    @TempDir
    Path dir;

    @Test
    void dcmtkScusAgainstStoreQueryRetrieveAndWorklistScpsAgreeWithTshark() throws Exception {
        Requirements.command("storescp");
        Requirements.command("dcmqrscp");
        Requirements.command("wlmscpfs");
        String version = DcmtkFiles.dcmtkVersion();
        Path ct = DcmtkFiles.ctImage(dir, PATIENT, PATIENT_ID);
        Path wlBase = DcmtkFiles.worklist(Files.createDirectories(dir.resolve("wl")), "WLMSCP", PATIENT, PATIENT_ID);
        Path wlQuery = DcmtkFiles.worklistQuery(dir);
        int store = LocalPeers.freePort();
        int qr = LocalPeers.freePort();
        int dest = LocalPeers.freePort();
        int wl = LocalPeers.freePort();
        Path qrCfg = DcmtkFiles.qrConfig(dir, qr, "QRSCP", "MOVEDEST", dest);
        Path received = Files.createDirectories(dir.resolve("received"));
        Path pcap = dir.resolve("dcmtk.pcap");
        List<Process> scps = new ArrayList<>();
        try {
            scps.add(LocalPeers.start(dir.resolve("storescp.log"), List.of("storescp", "-aet", "STORE-SCP", "-od", received.toString(), "" + store)));
            scps.add(LocalPeers.start(dir.resolve("dcmqrscp.log"), List.of("dcmqrscp", "-c", qrCfg.toString())));
            scps.add(LocalPeers.start(dir.resolve("movedest.log"), List.of("storescp", "-aet", "MOVEDEST", "-od", received.toString(), "" + dest)));
            scps.add(LocalPeers.start(dir.resolve("wlmscpfs.log"), List.of("wlmscpfs", "-dfp", wlBase.toString(), "" + wl)));
            LocalPeers.awaitTcp(store, scps.get(0));
            LocalPeers.awaitTcp(qr, scps.get(1));
            LocalPeers.awaitTcp(dest, scps.get(2));
            LocalPeers.awaitTcp(wl, scps.get(3));
            try (LoopbackCapture cap = LoopbackCapture.start(pcap,
                    "tcp port " + store + " or tcp port " + qr + " or tcp port " + dest + " or tcp port " + wl)) {
                scu("echoscu", "-aet", "ECHOSCU", "-aec", "STORE-SCP", "127.0.0.1", "" + store);
                scu("storescu", "-aet", "MODALITY1", "-aec", "STORE-SCP", "127.0.0.1", "" + store, ct.toString());
                scu("storescu", "-aet", "MODALITY1", "-aec", "QRSCP", "127.0.0.1", "" + qr, ct.toString());
                scu("findscu", "-S", "-aet", "FINDSCU", "-aec", "QRSCP", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName",
                        "-k", "PatientID", "-k", "StudyInstanceUID", "-k", "ModalitiesInStudy", "127.0.0.1", "" + qr);
                scu("movescu", "-S", "-aet", "MOVESCU", "-aec", "QRSCP", "-aem", "MOVEDEST", "-k", "QueryRetrieveLevel=STUDY",
                        "-k", "StudyInstanceUID=" + DcmtkFiles.STUDY_UID, "127.0.0.1", "" + qr);
                scu("getscu", "-S", "-aet", "GETSCU", "-aec", "QRSCP", "-od", received.toString(), "-k", "QueryRetrieveLevel=STUDY",
                        "-k", "StudyInstanceUID=" + DcmtkFiles.STUDY_UID, "127.0.0.1", "" + qr);
                scu("findscu", "-W", "-aet", "CTSCANNER1", "-aec", "WLMSCP", "127.0.0.1", "" + wl, wlQuery.toString());
                int rejected = LocalPeers.runAllowingFailure(dir.resolve("rejected.log"), 30,
                        List.of("echoscu", "-aet", "ECHOSCU", "-aec", "WRONGAE", "127.0.0.1", "" + qr));
                assertThat(rejected).as("echoscu to a wrong called AE title fails").isNotZero();
                scu("echoscu", "--abort", "-aet", "ABORTER", "-aec", "STORE-SCP", "127.0.0.1", "" + store);
                cap.stop();
            }
        } finally {
            for (Process p : scps) {
                LocalPeers.stop(p);
            }
        }

        List<Observation> all = Pipeline.observe(pcap);
        List<DicomAssociationRequested> rqs = filter(all, DicomAssociationRequested.class);
        assertThat(rqs).extracting(r -> r.callingAeTitle() + "->" + r.calledAeTitle()).containsExactly(
                "ECHOSCU->STORE-SCP", "MODALITY1->STORE-SCP", "MODALITY1->QRSCP", "FINDSCU->QRSCP", "MOVESCU->QRSCP",
                "QRSCP->MOVEDEST", "GETSCU->QRSCP", "CTSCANNER1->WLMSCP", "ECHOSCU->WRONGAE", "ABORTER->STORE-SCP");
        // dcmtk names itself: OFFIS root 1.2.276.0.7230010.3, ".0." + its version; "OFFIS_DCMTK_" + version digits
        String implUid = "1.2.276.0.7230010.3.0." + version;
        String implName = "OFFIS_DCMTK_" + version.replace(".", "");
        assertThat(rqs).allSatisfy(r -> {
            assertThat(r.implementationClassUid()).isEqualTo(implUid);
            assertThat(r.implementationVersionName()).isEqualTo(implName);
        });
        assertThat(filter(all, DicomAssociationAccepted.class)).hasSize(9).allSatisfy(a -> {
            assertThat(a.implementationClassUid()).isEqualTo(implUid);
            assertThat(a.implementationVersionName()).isEqualTo(implName);
        });
        assertThat(rqs.get(0).presentationContexts()).extracting(c -> c.abstractSyntaxName()).containsExactly("Verification SOP Class");
        assertThat(rqs.get(7).presentationContexts()).extracting(c -> c.abstractSyntaxName())
                .contains("Modality Worklist Information Model - FIND");

        DicomAssociationRejected rj = filter(all, DicomAssociationRejected.class).get(0);
        assertThat(rj.calledAeTitle()).isEqualTo("WRONGAE");
        assertThat(rj.reason()).isEqualTo("called_ae_title_not_recognized");
        assertThat(rj.result()).isEqualTo("rejected_permanent");
        DicomAssociationAborted ab = filter(all, DicomAssociationAborted.class).get(0);
        assertThat(ab.callingAeTitle()).isEqualTo("ABORTER");
        assertThat(ab.fromClient()).isTrue();
        assertThat(ab.source()).isEqualTo("service_user");

        List<String> ops = filter(all, DicomOperationSeen.class).stream()
                .map(o -> o.command() + (o.status() == null ? "" : "/" + o.statusCategory()) + " " + o.sopClassName()).toList();
        assertThat(ops).containsExactly(
                "C-ECHO-RQ Verification SOP Class", "C-ECHO-RSP/success Verification SOP Class",
                "C-STORE-RQ CT Image Storage", "C-STORE-RSP/success CT Image Storage",
                "C-STORE-RQ CT Image Storage", "C-STORE-RSP/success CT Image Storage",
                "C-FIND-RQ Study Root Query/Retrieve Information Model - FIND",
                "C-FIND-RSP/success Study Root Query/Retrieve Information Model - FIND",
                "C-MOVE-RQ Study Root Query/Retrieve Information Model - MOVE",
                "C-STORE-RQ CT Image Storage", "C-STORE-RSP/success CT Image Storage",
                "C-MOVE-RSP/success Study Root Query/Retrieve Information Model - MOVE",
                "C-GET-RQ Study Root Query/Retrieve Information Model - GET",
                "C-STORE-RQ CT Image Storage", "C-STORE-RSP/success CT Image Storage",
                "C-GET-RSP/success Study Root Query/Retrieve Information Model - GET",
                "C-FIND-RQ Modality Worklist Information Model - FIND",
                "C-FIND-RSP/success Modality Worklist Information Model - FIND",
                "C-ECHO-RQ Verification SOP Class", "C-ECHO-RSP/success Verification SOP Class");
        assertThat(filter(all, DicomOperationSeen.class).stream().filter(o -> o.command().equals("C-MOVE-RQ")))
                .extracting(DicomOperationSeen::moveDestination).containsExactly("MOVEDEST");
        List<DicomAssociationEnded> ends = filter(all, DicomAssociationEnded.class);
        assertThat(ends).extracting(DicomAssociationEnded::outcome).containsExactlyInAnyOrder(
                "released", "released", "released", "released", "released", "released", "released", "released", "rejected", "aborted");
        assertThat(ends.stream().filter(e -> "FINDSCU".equals(e.callingAeTitle())).findFirst().orElseThrow().operations())
                .containsEntry("C-FIND-RSP", 2); // one pending match, one final success

        // identity: the image's General Equipment attributes, from every C-STORE of it (4 associations)
        List<DicomDeviceIdentified> ids = filter(all, DicomDeviceIdentified.class);
        assertThat(ids).hasSize(4).allSatisfy(id -> {
            assertThat(id.command()).isEqualTo("C-STORE-RQ");
            assertThat(id.modality()).isEqualTo("CT");
            assertThat(id.manufacturer()).isEqualTo(DcmtkFiles.MANUFACTURER);
            assertThat(id.manufacturerModelName()).isEqualTo(DcmtkFiles.MODEL);
            assertThat(id.softwareVersions()).isEqualTo(DcmtkFiles.SOFTWARE);
            assertThat(id.deviceSerialNumber()).isEqualTo(DcmtkFiles.SERIAL);
            assertThat(id.stationName()).isEqualTo(DcmtkFiles.STATION);
            assertThat(id.institutionName()).isEqualTo(DcmtkFiles.INSTITUTION);
        });
        // PHI: flagged with tags, in stores, query results and the worklist (the physician sits in a sequence)
        List<DicomPhiSeen> phi = filter(all, DicomPhiSeen.class);
        assertThat(phi).filteredOn(p -> p.command().equals("C-STORE-RQ")).isNotEmpty()
                .allSatisfy(p -> assertThat(p.tags()).contains("(0010,0010) PatientName", "(0010,0020) PatientID"));
        assertThat(phi).filteredOn(p -> p.command().equals("C-FIND-RSP") && !p.fromClient()).hasSize(2);
        assertThat(ends.stream().filter(e -> "CTSCANNER1".equals(e.callingAeTitle())).findFirst().orElseThrow().phiTags())
                .contains("(0010,0010) PatientName", "(0010,0020) PatientID", "(0040,0006) ScheduledPerformingPhysicianName");
        assertNoPlantedValue(all);

        int compared = DicomAgreement.assertAgrees("dicom dcmtk<->dcmtk", pcap, all, Set.of(store, qr, dest, wl));
        assertThat(compared).isGreaterThan(60);
    }

    static void assertNoPlantedValue(List<Observation> all) {
        String json = ObservationJson.lines(all);
        for (String planted : List.of(PATIENT, "Canary", "Zebulon", PATIENT_ID, "8675309", "Plantedphysician", "Quentin",
                "19700101")) {
            assertThat(json).as("observations must not carry %s", planted).doesNotContainIgnoringCase(planted);
        }
    }

    private void scu(String... command) throws Exception {
        Path log = dir.resolve(command[0] + ".log");
        int exit = LocalPeers.runAllowingFailure(log, 60, List.of(command));
        assertThat(exit).as("%s: %s", String.join(" ", command), Files.readString(log)).isZero();
    }

    static <T> List<T> filter(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
