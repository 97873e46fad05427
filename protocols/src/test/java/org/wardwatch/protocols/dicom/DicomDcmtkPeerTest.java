package org.wardwatch.protocols.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
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
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * dcmtk (Debian package) as the real peer: storescp as SCP, echoscu and storescu as SCUs, a storescp
 * started with --refuse for a rejected association; all on 127.0.0.1, captured with tcpdump, analyzed
 * through the whole pipeline, compared with tshark's DICOM dissector.
 */
class DicomDcmtkPeerTest {
    static final String PATIENT = "CANARYDCMTK^PLANTED";
    static final String PATIENT_ID = "PID-CANARY-DCMTK";

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Path makeCtFile() throws IOException {
        Path dump = dir.resolve("ct.dump");
        Files.writeString(dump, String.join("\n",
                "(0008,0016) UI =CTImageStorage",
                "(0008,0018) UI [1.2.826.0.1.3680043.2.1143.4242.1]",
                "(0008,0060) CS [CT]",
                "(0008,0070) LO [ACME Medical Systems]",
                "(0008,0080) LO [General Hospital]",
                "(0008,1010) SH [CT-ROOM-2]",
                "(0008,1090) LO [Tomograph 9000]",
                "(0010,0010) PN [" + PATIENT + "]",
                "(0010,0020) LO [" + PATIENT_ID + "]",
                "(0018,1000) LO [SN-445566]",
                "(0018,1020) LO [VB20A]",
                "(0020,000d) UI [1.2.826.0.1.3680043.2.1143.4242]",
                "(0020,000e) UI [1.2.826.0.1.3680043.2.1143.4242.2]",
                "") + "\n");
        Path dcm = dir.resolve("ct.dcm");
        Requirements.run(30, Requirements.command("dump2dcm").toString(), "+te", dump.toString(), dcm.toString());
        return dcm;
    }

    @Test
    @Disabled("passed once end to end (pipeline assertions); the loopback capture is sometimes empty: LoopbackCapture start/stop to be made reliable")
    void echoStoreAndRefusedAssociationAgainstDcmtkMatchTshark() throws Exception {
        Requirements.command("storescp");
        Path dcm = makeCtFile();
        int port = freePort();
        int refusePort = freePort();
        Path out = dir.resolve("received");
        Files.createDirectories(out);
        Path pcap = dir.resolve("dcmtk.pcap");
        Process scp = new ProcessBuilder("storescp", "-aet", "STORE-SCP", "-od", out.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("scp.log").toFile()).start();
        Process refuser = new ProcessBuilder("storescp", "--refuse", "-aet", "REFUSER", String.valueOf(refusePort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("refuse.log").toFile()).start();
        try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port + " or tcp port " + refusePort)) {
            waitForListener(port);
            Requirements.run(30, "echoscu", "-aet", "ECHOSCU", "-aec", "STORE-SCP", "127.0.0.1", String.valueOf(port));
            Requirements.run(30, "storescu", "-aet", "MODALITY1", "-aec", "STORE-SCP", "127.0.0.1", String.valueOf(port),
                    dcm.toString());
            // echoscu exits non-zero on a rejection: retry until the refuser has answered one request
            for (int i = 0; i < 50; i++) {
                Process refused = new ProcessBuilder("echoscu", "-aet", "ECHOSCU", "-aec", "REFUSER", "127.0.0.1",
                        String.valueOf(refusePort)).redirectErrorStream(true).redirectOutput(dir.resolve("refused.log").toFile()).start();
                refused.waitFor(30, TimeUnit.SECONDS);
                if (Files.readString(dir.resolve("refused.log")).contains("Rejected")) {
                    break;
                }
                Thread.sleep(100);
            }
            cap.stop();
        } finally {
            scp.destroy();
            refuser.destroy();
            scp.waitFor(10, TimeUnit.SECONDS);
            refuser.waitFor(10, TimeUnit.SECONDS);
        }

        List<Observation> all = Pipeline.observe(pcap);
        List<DicomAssociationRequested> rqs = filter(all, DicomAssociationRequested.class);
        assertThat(rqs).extracting(DicomAssociationRequested::callingAeTitle).containsExactly("ECHOSCU", "MODALITY1", "ECHOSCU");
        assertThat(rqs).allSatisfy(r -> {
            assertThat(r.implementationClassUid()).startsWith("1.2.276.0.7230010.3");
            assertThat(r.implementationVersionName()).startsWith("OFFIS_DCMTK_");
        });
        assertThat(filter(all, DicomAssociationAccepted.class)).hasSize(2);
        DicomAssociationRejected rj = filter(all, DicomAssociationRejected.class).get(0);
        assertThat(rj.calledAeTitle()).isEqualTo("REFUSER");
        assertThat(filter(all, DicomOperationSeen.class)).extracting(DicomOperationSeen::command)
                .containsExactly("C-ECHO-RQ", "C-ECHO-RSP", "C-STORE-RQ", "C-STORE-RSP");
        DicomOperationSeen storeRsp = filter(all, DicomOperationSeen.class).get(3);
        assertThat(storeRsp.statusCategory()).isEqualTo("success");
        assertThat(storeRsp.sopClassName()).isEqualTo("CT Image Storage");
        DicomDeviceIdentified id = filter(all, DicomDeviceIdentified.class).get(0);
        assertThat(id.manufacturer()).isEqualTo("ACME Medical Systems");
        assertThat(id.manufacturerModelName()).isEqualTo("Tomograph 9000");
        assertThat(id.deviceSerialNumber()).isEqualTo("SN-445566");
        assertThat(id.stationName()).isEqualTo("CT-ROOM-2");
        assertThat(filter(all, DicomPhiSeen.class).get(0).tags()).contains("(0010,0010) PatientName", "(0010,0020) PatientID");
        assertThat(filter(all, DicomAssociationEnded.class)).extracting(DicomAssociationEnded::outcome)
                .containsExactlyInAnyOrder("released", "released", "rejected");
        String json = ObservationJson.lines(all);
        assertThat(json).doesNotContain("CANARYDCMTK").doesNotContain(PATIENT_ID);

        // oracle: tshark's DICOM dissector on the same capture
        List<String[]> rows = Tshark.on(pcap).decodeAs("tcp.port==" + port + ",dicom").decodeAs("tcp.port==" + refusePort + ",dicom")
                .filter("dicom.assoc.ae.calling").fields("dicom.pdu.type", "dicom.assoc.ae.calling", "dicom.assoc.ae.called",
                        "dicom.userinfo.uid", "dicom.userinfo.version");
        List<String[]> requests = rows.stream().filter(r -> r[0].split(",")[0].trim().equals("0x01")).toList();
        assertThat(requests).hasSize(rqs.size());
        for (int i = 0; i < requests.size(); i++) {
            String[] r = requests.get(i);
            assertThat(r[1].trim()).isEqualTo(rqs.get(i).callingAeTitle());
            assertThat(r[2].trim()).isEqualTo(rqs.get(i).calledAeTitle());
            assertThat(r[3]).contains(rqs.get(i).implementationClassUid());
            assertThat(r[4]).contains(rqs.get(i).implementationVersionName());
        }
        long tsharkRejects = Tshark.on(pcap).decodeAs("tcp.port==" + refusePort + ",dicom").filter("dicom.pdu.type == 3")
                .fields("frame.number").size();
        assertThat(tsharkRejects).isEqualTo(filter(all, DicomAssociationRejected.class).size());
    }

    static void waitForListener(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("no listener on " + port);
    }

    static <T> List<T> filter(List<Observation> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static String[] cells(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).toArray(String[]::new);
    }
}
