package org.wardwatch.protocols.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.dicom.DicomDcmtkPeerTest.PATIENT;
import static org.wardwatch.protocols.dicom.DicomDcmtkPeerTest.PATIENT_ID;
import static org.wardwatch.protocols.dicom.DicomDcmtkPeerTest.filter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.dicom.DicomAssociationAccepted;
import org.wardwatch.model.obs.dicom.DicomAssociationEnded;
import org.wardwatch.model.obs.dicom.DicomAssociationRejected;
import org.wardwatch.model.obs.dicom.DicomAssociationRequested;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.dicom.DicomOperationSeen;
import org.wardwatch.model.obs.dicom.DicomPhiSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.medicaltest.LocalPeers;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;

/**
 * Orthanc (Debian package, a real PACS) as SCP and, for C-MOVE, as SCU towards a dcmtk storescp;
 * dcmtk tools as SCUs. Orthanc runs with a private configuration in a temporary folder: its own
 * storage, high ports, known modalities only (each bound to 127.0.0.1 with the host checked), no
 * remote HTTP access, the called AE title checked, the worklist plugin reading a folder of this test.
 * Orthanc 1.10 has no option to bind its DICOM or HTTP listener to one address: it listens on all
 * interfaces for the few seconds of the test, and only accepts the AE titles above from 127.0.0.1.
 */
class DicomOrthancPeerTest {
    @TempDir
    Path dir;

    @Test
    void dcmtkScusAgainstOrthancAndOrthancAsMoveScuAgreeWithTshark() throws Exception {
        Path orthanc = Requirements.command("Orthanc");
        Requirements.command("storescp");
        Path ct = DcmtkFiles.ctImage(dir, PATIENT, PATIENT_ID);
        Path wlBase = DcmtkFiles.worklist(Files.createDirectories(dir.resolve("wl")), "items", PATIENT, PATIENT_ID);
        Path wlQuery = DcmtkFiles.worklistQuery(dir);
        int dicom = LocalPeers.freePort();
        int http = LocalPeers.freePort();
        int dest = LocalPeers.freePort();
        Path config = orthancConfig(dicom, http, dest, wlBase.resolve("items"));
        Path received = Files.createDirectories(dir.resolve("received"));
        Path pcap = dir.resolve("orthanc.pcap");
        Process pacs = LocalPeers.start(dir.resolve("orthanc.log"), List.of(orthanc.toString(), config.toString()));
        Process moveDest = null;
        String version;
        try {
            version = awaitOrthancHttp(http, pacs);
            moveDest = LocalPeers.start(dir.resolve("movedest.log"), List.of("storescp", "-aet", "MOVEDEST", "-od", received.toString(), "" + dest));
            LocalPeers.awaitTcp(dicom, pacs);
            LocalPeers.awaitTcp(dest, moveDest);
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + dicom + " or tcp port " + dest)) {
                scu("echoscu", "-aet", "ECHOSCU", "-aec", "ORTHANC", "127.0.0.1", "" + dicom);
                scu("storescu", "-aet", "MODALITY1", "-aec", "ORTHANC", "127.0.0.1", "" + dicom, ct.toString());
                scu("findscu", "-S", "-aet", "FINDSCU", "-aec", "ORTHANC", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName",
                        "-k", "PatientID", "-k", "StudyInstanceUID", "-k", "ModalitiesInStudy", "127.0.0.1", "" + dicom);
                scu("movescu", "-S", "-aet", "MOVESCU", "-aec", "ORTHANC", "-aem", "MOVEDEST", "-k", "QueryRetrieveLevel=STUDY",
                        "-k", "StudyInstanceUID=" + DcmtkFiles.STUDY_UID, "127.0.0.1", "" + dicom);
                scu("getscu", "-S", "-aet", "GETSCU", "-aec", "ORTHANC", "-od", received.toString(), "-k", "QueryRetrieveLevel=STUDY",
                        "-k", "StudyInstanceUID=" + DcmtkFiles.STUDY_UID, "127.0.0.1", "" + dicom);
                scu("findscu", "-W", "-aet", "CTSCANNER1", "-aec", "ORTHANC", "127.0.0.1", "" + dicom, wlQuery.toString());
                assertThat(LocalPeers.runAllowingFailure(dir.resolve("wrong-called.log"), 30,
                        List.of("echoscu", "-aet", "ECHOSCU", "-aec", "WRONGAE", "127.0.0.1", "" + dicom))).isNotZero();
                assertThat(LocalPeers.runAllowingFailure(dir.resolve("unknown-calling.log"), 30,
                        List.of("echoscu", "-aet", "STRANGER", "-aec", "ORTHANC", "127.0.0.1", "" + dicom))).isNotZero();
                scu("echoscu", "--abort", "-aet", "ABORTER", "-aec", "ORTHANC", "127.0.0.1", "" + dicom);
                cap.stop();
            }
        } finally {
            LocalPeers.stop(moveDest);
            LocalPeers.stop(pacs);
        }

        List<Observation> all = Pipeline.observe(pcap);
        List<DicomAssociationRequested> rqs = filter(all, DicomAssociationRequested.class);
        assertThat(rqs).extracting(r -> r.callingAeTitle() + "->" + r.calledAeTitle()).containsExactly(
                "ECHOSCU->ORTHANC", "MODALITY1->ORTHANC", "FINDSCU->ORTHANC", "MOVESCU->ORTHANC", "ORTHANC->MOVEDEST",
                "GETSCU->ORTHANC", "CTSCANNER1->ORTHANC", "ECHOSCU->WRONGAE", "STRANGER->ORTHANC", "ABORTER->ORTHANC");
        // Orthanc (Debian, built on the system's dcmtk) answers and calls with dcmtk's implementation identity;
        // its own name and version are only in its REST API (checked above: /system "Version")
        DicomAssociationRequested orthancAsScu = rqs.get(4);
        assertThat(orthancAsScu.implementationClassUid()).startsWith("1.2.276.0.7230010.3.");
        assertThat(orthancAsScu.implementationVersionName()).startsWith("OFFIS_DCMTK_");
        List<DicomAssociationAccepted> acs = filter(all, DicomAssociationAccepted.class);
        assertThat(acs).hasSize(8).allSatisfy(a -> assertThat(a.implementationClassUid()).startsWith("1.2.276.0.7230010.3."));
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+");

        assertThat(filter(all, DicomAssociationRejected.class)).extracting(r -> r.calledAeTitle() + " " + r.reason())
                .containsExactly("WRONGAE called_ae_title_not_recognized", "ORTHANC calling_ae_title_not_recognized");
        List<String> ops = filter(all, DicomOperationSeen.class).stream()
                .map(o -> o.command() + (o.status() == null ? "" : "/" + o.statusCategory()) + " " + o.sopClassName()).toList();
        assertThat(ops).containsExactly(
                "C-ECHO-RQ Verification SOP Class", "C-ECHO-RSP/success Verification SOP Class",
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
        assertThat(filter(all, DicomAssociationEnded.class)).extracting(DicomAssociationEnded::outcome).containsExactlyInAnyOrder(
                "released", "released", "released", "released", "released", "released", "released", "rejected", "rejected", "aborted");
        // the image Orthanc sends on (C-MOVE to MOVEDEST, C-GET) still names the modality that made it
        List<DicomDeviceIdentified> ids = filter(all, DicomDeviceIdentified.class);
        assertThat(ids).hasSize(3).allSatisfy(id -> {
            assertThat(id.manufacturer()).isEqualTo(DcmtkFiles.MANUFACTURER);
            assertThat(id.manufacturerModelName()).isEqualTo(DcmtkFiles.MODEL);
            assertThat(id.softwareVersions()).isEqualTo(DcmtkFiles.SOFTWARE);
        });
        assertThat(ids.stream().filter(i -> !i.fromClient())).as("C-GET: Orthanc stores back to the SCU").hasSize(1);
        assertThat(filter(all, DicomPhiSeen.class)).isNotEmpty()
                .allSatisfy(p -> assertThat(p.tags()).allMatch(t -> t.matches("\\([0-9A-F]{4},[0-9A-F]{4}\\)( \\w+)?")));
        DicomDcmtkPeerTest.assertNoPlantedValue(all);

        int compared = DicomAgreement.assertAgrees("dicom dcmtk<->orthanc", pcap, all, Set.of(dicom, dest));
        assertThat(compared).isGreaterThan(60);
    }

    private Path orthancConfig(int dicom, int http, int dest, Path worklists) throws Exception {
        Path storage = Files.createDirectories(dir.resolve("orthanc-storage"));
        String modalities = String.join(",\n", List.of(
                modality("echo", "ECHOSCU", dest), modality("store", "MODALITY1", dest), modality("find", "FINDSCU", dest),
                modality("move", "MOVESCU", dest), modality("get", "GETSCU", dest), modality("dest", "MOVEDEST", dest),
                modality("wl", "CTSCANNER1", dest), modality("abort", "ABORTER", dest)));
        Path plugin = Path.of("/usr/share/orthanc/plugins/libModalityWorklists.so");
        String json = "{\n"
                + "  \"Name\" : \"wardwatch-test\",\n"
                + "  \"StorageDirectory\" : \"" + storage + "\",\n"
                + "  \"IndexDirectory\" : \"" + storage + "\",\n"
                + "  \"Plugins\" : [" + (Files.exists(plugin) ? "\"" + plugin + "\"" : "") + "],\n"
                + "  \"Worklists\" : { \"Enable\" : true, \"Database\" : \"" + worklists + "\" },\n"
                + "  \"HttpServerEnabled\" : true,\n"
                + "  \"HttpPort\" : " + http + ",\n"
                + "  \"RemoteAccessAllowed\" : false,\n"
                + "  \"AuthenticationEnabled\" : false,\n"
                + "  \"DicomServerEnabled\" : true,\n"
                + "  \"DicomAet\" : \"ORTHANC\",\n"
                + "  \"DicomPort\" : " + dicom + ",\n"
                + "  \"DicomCheckCalledAet\" : true,\n"
                + "  \"DicomCheckModalityHost\" : true,\n"
                + "  \"DicomAlwaysAllowEcho\" : false,\n"
                + "  \"DicomAlwaysAllowStore\" : false,\n"
                + "  \"DicomAlwaysAllowFind\" : false,\n"
                + "  \"DicomAlwaysAllowFindWorklist\" : false,\n"
                + "  \"DicomAlwaysAllowGet\" : false,\n"
                + "  \"DicomAlwaysAllowMove\" : false,\n"
                + "  \"DicomModalities\" : {\n" + modalities + "\n  },\n"
                + "  \"SaveJobs\" : false,\n"
                + "  \"ConcurrentJobs\" : 1,\n"
                + "  \"DicomThreadsCount\" : 2,\n"
                + "  \"HttpThreadsCount\" : 4,\n"
                + "  \"DicomAssociationCloseDelay\" : 0\n"
                + "}\n";
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, json);
        return config;
    }

    private static String modality(String name, String aet, int port) {
        return "    \"" + name + "\" : [ \"" + aet + "\", \"127.0.0.1\", " + port + " ]";
    }

    /** Waits (bounded) until Orthanc's REST API answers on 127.0.0.1; returns its version. */
    private static String awaitOrthancHttp(int port, Process pacs) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest rq = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/system")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!pacs.isAlive()) {
                throw new IllegalStateException("Orthanc exited with " + pacs.exitValue());
            }
            try {
                HttpResponse<String> r = client.send(rq, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"Version\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
                    return m.find() ? m.group(1) : "";
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Orthanc's HTTP port " + port + " did not answer within 60 s");
    }

    private void scu(String... command) throws Exception {
        Path log = dir.resolve(command[0] + ".log");
        int exit = LocalPeers.runAllowingFailure(log, 60, List.of(command));
        assertThat(exit).as("%s: %s", String.join(" ", command), Files.readString(log)).isZero();
    }
}
