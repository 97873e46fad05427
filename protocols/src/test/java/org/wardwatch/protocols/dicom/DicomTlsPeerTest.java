package org.wardwatch.protocols.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.dicom.DicomDcmtkPeerTest.PATIENT;
import static org.wardwatch.protocols.dicom.DicomDcmtkPeerTest.PATIENT_ID;
import static org.wardwatch.protocols.dicom.DicomDcmtkPeerTest.filter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.dicom.DicomObservation;
import org.wardwatch.model.obs.dicom.DicomTlsSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.medicaltest.LocalPeers;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * dcmtk's TLS (PS3.15 Annex B secure transport, dcmtk's default BCP 195 profile): storescu +tls sends
 * the planted CT image to storescp +tls on the dicom-tls port 2762, both with a self-signed key and
 * certificate that openssl makes in the test. wardwatch must call the flow encrypted DICOM, and see
 * nothing inside; tshark tells the TLS record version of the first record.
 */
class DicomTlsPeerTest {
    static final int DICOM_TLS_PORT = 2762;

    @TempDir
    Path dir;

    @Test
    void storescuOverTlsIsEncryptedDicomAndShowsNothingInside() throws Exception {
        Path openssl = Requirements.command("openssl");
        Requirements.command("storescp");
        java.nio.channels.FileLock portLock = LocalPeers.lockPort(DICOM_TLS_PORT); // other checkouts run this test too
        try {
            exchangeAndCheck(openssl);
        } finally {
            LocalPeers.release(portLock);
        }
    }

    private void exchangeAndCheck(Path openssl) throws Exception {
        portFree(DICOM_TLS_PORT);
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Requirements.run(60, openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "2", "-subj", "/CN=wardwatch-test");
        Path ct = DcmtkFiles.ctImage(dir, PATIENT, PATIENT_ID);
        Path received = Files.createDirectories(dir.resolve("received"));
        Path pcap = dir.resolve("dicom-tls.pcap");
        Process scp = LocalPeers.start(dir.resolve("storescp.log"), List.of("storescp", "+tls", key.toString(), cert.toString(),
                "+cf", cert.toString(), "-aet", "TLS-SCP", "-od", received.toString(), "" + DICOM_TLS_PORT));
        try {
            LocalPeers.awaitTcp(DICOM_TLS_PORT, scp);
            assertThat(scp.isAlive()).as("our storescp holds 2762: %s", Files.readString(dir.resolve("storescp.log"))).isTrue();
            try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + DICOM_TLS_PORT)) {
                int exit = LocalPeers.runAllowingFailure(dir.resolve("storescu.log"), 60, List.of("storescu", "+tls", key.toString(),
                        cert.toString(), "+cf", cert.toString(), "-aet", "MODALITY1", "-aec", "TLS-SCP", "127.0.0.1", "" + DICOM_TLS_PORT,
                        ct.toString()));
                assertThat(exit).as(Files.readString(dir.resolve("storescu.log"))).isZero();
                cap.stop();
            }
        } finally {
            LocalPeers.stop(scp);
        }
        try (var files = Files.list(received)) {
            assertThat(files.count()).as("the SCP really received the image over TLS").isEqualTo(1);
        }
        String wire = new String(Files.readAllBytes(pcap), StandardCharsets.ISO_8859_1);
        assertThat(wire).as("TLS hid the patient").doesNotContain(PATIENT).doesNotContain(PATIENT_ID).doesNotContain("ACME");

        List<Observation> all = Pipeline.observe(pcap);
        List<DicomTlsSeen> tls = filter(all, DicomTlsSeen.class);
        assertThat(tls).singleElement().satisfies(t -> {
            assertThat(t.reason()).isEqualTo("dicom_tls_port");
            assertThat(t.flow().serverPort()).isEqualTo(DICOM_TLS_PORT);
        });
        assertThat(filter(all, DicomObservation.class)).as("nothing else can be read from encrypted DICOM").hasSize(1);

        // oracle: tshark's TLS dissector on the same flow, first record's version and handshake type (ClientHello)
        List<String[]> first = Tshark.on(pcap).filter("tls.record").fields("tls.record.version", "tls.handshake.type", "tcp.dstport");
        assertThat(first).isNotEmpty();
        assertThat(first.get(0)[1].split(",")[0]).isEqualTo("1");
        assertThat(first.get(0)[2]).isEqualTo(Integer.toString(DICOM_TLS_PORT));
        assertThat(String.format("0x%04x", tls.get(0).tlsVersion())).isEqualTo(first.get(0)[0].split(",")[0]);
        System.out.printf("tshark agreement dicom-tls dcmtk<->dcmtk   flows %d  first record version %s  agree%n", tls.size(),
                first.get(0)[0].split(",")[0]);
    }

    private static void portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            Requirements.missing("port " + port + " (dicom-tls) is in use on this machine: " + e.getMessage());
        }
    }
}
