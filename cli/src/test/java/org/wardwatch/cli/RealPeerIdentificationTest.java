package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.inventory.eval.Evaluation;
import org.wardwatch.inventory.eval.Truth;
import org.wardwatch.inventory.io.DevicesJson;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.device.Device;
import org.wardwatch.testkit.Requirements;

/**
 * Identification of real DICOM peers: Orthanc (a real PACS) and dcmtk tools playing a CT modality
 * (storescu sending a CT image, echoscu) and a reading workstation (findscu study-root queries). To give
 * each peer its own address, every SCU reaches Orthanc through a small relay that connects from its own
 * loopback alias (127.0.0.5 "modality", 127.0.0.6 "workstation"; Orthanc is reached at 127.0.0.3); all
 * traffic stays on the loopback interface. tcpdump records the relayed legs; {@code analyze} identifies
 * the three devices, and they are scored like any truth file (target/real-peer-accuracy.txt).
 */
class RealPeerIdentificationTest {
    static final String PACS = "127.0.0.3";
    static final String MODALITY = "127.0.0.5";
    static final String WORKSTATION = "127.0.0.6";

    @TempDir
    Path dir;

    @Test
    void orthancIsAPacsAndDcmtkScusAreAModalityAndAWorkstation() throws Exception {
        Requirements.root();
        Path orthanc = Requirements.command("Orthanc");
        Requirements.command("storescu");
        Requirements.command("findscu");
        Requirements.command("dump2dcm");
        Requirements.command("tcpdump");
        int dicom = freePort();
        int http = freePort();
        Path ct = ctImage();
        Process pacs = new ProcessBuilder(orthanc.toString(), orthancConfig(dicom, http).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.log").toFile()).start();
        Path pcap = dir.resolve("peers.pcap");
        Files.createDirectories(Path.of("target"));
        Process capture = null;
        try (Relay toModality = new Relay(MODALITY, PACS, dicom); Relay toWorkstation = new Relay(WORKSTATION, PACS, dicom)) {
            awaitPort(PACS, dicom, pacs);
            capture = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "--immediate-mode", "-s", "0", "-w", pcap.toString(), "tcp port " + dicom)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("tcpdump.log").toFile()).start();
            awaitFile(dir.resolve("tcpdump.log"), "listening on");
            scu("echoscu", "-aet", "MODALITY1", "-aec", "ORTHANC", "127.0.0.1", "" + toModality.port());
            scu("storescu", "-aet", "MODALITY1", "-aec", "ORTHANC", "127.0.0.1", "" + toModality.port(), ct.toString());
            scu("findscu", "-S", "-aet", "READING1", "-aec", "ORTHANC", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID",
                    "-k", "ModalitiesInStudy", "127.0.0.1", "" + toWorkstation.port());
            scu("findscu", "-S", "-aet", "READING1", "-aec", "ORTHANC", "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID="
                    + STUDY, "-k", "SeriesInstanceUID", "-k", "Modality", "127.0.0.1", "" + toWorkstation.port());
            Thread.sleep(1000); // let tcpdump write the last segments (immediate mode, -U flushes per packet)
        } finally {
            if (capture != null) {
                capture.destroy();
                capture.waitFor(10, TimeUnit.SECONDS);
            }
            pacs.destroy();
            pacs.waitFor(20, TimeUnit.SECONDS);
        }
        Path out = dir.resolve("out");
        Files.copy(pcap, Path.of("target/real-peers.pcap"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("tcpdump.log"), Path.of("target/real-peers.tcpdump.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("orthanc.log"), Path.of("target/real-peers.orthanc.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Analysis.run(Analysis.Options.of(List.of(pcap.toString()), out));
        List<Device> devices = DevicesJson.read(out.resolve("devices.json")).devices();
        Map<String, Device> byIp = devices.stream().filter(d -> !d.addresses().isEmpty())
                .collect(Collectors.toMap(d -> d.addresses().get(0).ip().toString(), Function.identity(), (a, b) -> a));
        Truth truth = Truth.readCsv("real peers", new StringReader("ip,category,vendor,model,label\n"
                + PACS + ",pacs,,,Orthanc " + orthancVersion() + " (Debian package) as Storage and Query/Retrieve SCP\n"
                + MODALITY + ",imaging_ct,Example Imaging,WW-CT-1,dcmtk storescu sending a CT Image Storage object (modality MODALITY1;"
                + " Manufacturer and Manufacturer's Model Name of the image it sends)\n"
                + WORKSTATION + ",dicom_workstation,,,dcmtk findscu study-root queries (reading station READING1)\n"));
        Evaluation.Report report = Evaluation.evaluate(devices, truth, KnowledgeBase.defaults());
        StringBuilder text = new StringBuilder(Evaluation.table(report));
        for (Device d : devices) {
            text.append(String.format("  %-22s %-20s %.2f  roles %s  software %s%n", d.id(), d.category().valueOr("unknown"),
                    d.category().confidence(), d.roles().stream().map(r -> r.role() + " " + r.name()).toList(),
                    d.software().stream().map(s -> s.product() + " " + s.version()).toList()));
        }
        System.out.println(text);
        Files.writeString(Path.of("target/real-peer-accuracy.txt"), text.toString());

        assertThat(report.matchedDevices()).isEqualTo(3);
        assertThat(report.scores().get("category").correct()).as("categories right").isEqualTo(3);
        assertThat(report.scores().get("vendor").correct()).as("modality vendor right").isEqualTo(1);
        assertThat(report.scores().get("model").correct()).as("modality model right").isEqualTo(1);
        for (Evaluation.Score s : report.scores().values()) {
            assertThat(s.highCorrect()).as(s.attribute() + ": answers at confidence >= 0.9 that are right").isEqualTo(s.highAnswered());
        }
        Device pacsDevice = byIp.get(PACS);
        assertThat(pacsDevice.roles()).anySatisfy(r -> {
            assertThat(r.role()).isEqualTo("scp");
            assertThat(r.name()).isEqualTo("ORTHANC");
        });
        Device modality = byIp.get(MODALITY);
        assertThat(modality.software()).anySatisfy(s -> assertThat(s.product()).isEqualTo("DCMTK"));
        assertThat(modality.roles()).anySatisfy(r -> assertThat(r.name()).isEqualTo("MODALITY1"));
        assertThat(modality.model().value()).isEqualTo("WW-CT-1");
        assertThat(modality.hostname()).isEqualTo("CTROOM1");
        assertThat(byIp.get(WORKSTATION).roles()).anySatisfy(r -> assertThat(r.name()).isEqualTo("READING1"));
    }

    static final String STUDY = "1.2.826.0.1.3680043.8.498.99";

    private Path ctImage() throws IOException {
        Path dump = dir.resolve("ct.dump");
        Files.write(dump, List.of(
                "(0008,0016) UI =CTImageStorage",
                "(0008,0018) UI [" + STUDY + ".1.1]",
                "(0008,0060) CS [CT]",
                "(0008,0070) LO [Example Imaging]",
                "(0008,1010) SH [CTROOM1]",
                "(0008,1090) LO [WW-CT-1]",
                "(0010,0010) PN [Test^Patient]",
                "(0010,0020) LO [TEST-0001]",
                "(0018,1000) LO [SN-42]",
                "(0018,1020) LO [VA20]",
                "(0020,000d) UI [" + STUDY + "]",
                "(0020,000e) UI [" + STUDY + ".1]"));
        Path dcm = dir.resolve("ct.dcm");
        Requirements.run(30, "dump2dcm", "+te", dump.toString(), dcm.toString());
        return dcm;
    }

    private String orthancVersion() {
        try {
            return Requirements.run(10, "Orthanc", "--version").lines().findFirst().orElse("").trim();
        } catch (AssertionError e) {
            return "";
        }
    }

    private Path orthancConfig(int dicom, int http) throws IOException {
        Path storage = Files.createDirectories(dir.resolve("orthanc-storage"));
        String json = "{\n"
                + "  \"Name\" : \"wardwatch-inventory-test\",\n"
                + "  \"StorageDirectory\" : \"" + storage + "\",\n"
                + "  \"IndexDirectory\" : \"" + storage + "\",\n"
                + "  \"HttpServerEnabled\" : true,\n"
                + "  \"HttpPort\" : " + http + ",\n"
                + "  \"RemoteAccessAllowed\" : false,\n"
                + "  \"DicomServerEnabled\" : true,\n"
                + "  \"DicomAet\" : \"ORTHANC\",\n"
                + "  \"DicomPort\" : " + dicom + ",\n"
                + "  \"DicomCheckCalledAet\" : true,\n"
                + "  \"DicomCheckModalityHost\" : true,\n"
                + "  \"DicomAlwaysAllowEcho\" : false,\n"
                + "  \"DicomAlwaysAllowStore\" : false,\n"
                + "  \"DicomAlwaysAllowFind\" : false,\n"
                + "  \"DicomModalities\" : {\n"
                + "    \"modality\" : { \"AET\" : \"MODALITY1\", \"Host\" : \"" + MODALITY + "\", \"Port\" : 1 },\n"
                + "    \"reading\" : { \"AET\" : \"READING1\", \"Host\" : \"" + WORKSTATION + "\", \"Port\" : 1 }\n"
                + "  },\n"
                + "  \"SaveJobs\" : false,\n"
                + "  \"DicomThreadsCount\" : 2,\n"
                + "  \"HttpThreadsCount\" : 2\n"
                + "}\n";
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, json);
        return config;
    }

    private void scu(String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        Requirements.run(60, cmd.toArray(new String[0]));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(String host, int port, Process owner) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (!owner.isAlive()) {
                throw new IllegalStateException("the peer exited with " + owner.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(host + ":" + port + " did not open");
    }

    private static void awaitFile(Path log, String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Listens on 127.0.0.1 and relays each connection to the target, connecting from the given loopback alias. */
    static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        Relay(String source, String targetHost, int targetPort) throws IOException {
            server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket();
                        out.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                        out.connect(new InetSocketAddress(targetHost, targetPort), 5000);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "relay-" + source);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // the other side closed
                } finally {
                    try {
                        to.shutdownOutput();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
