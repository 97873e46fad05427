package org.wardwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.protocols.Analyzers;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * The patient data canary (issue 4): real peers on 127.0.0.1 carry a planted patient in cleartext
 * (dcmtk: a C-STORE and a Modality Worklist answer; HAPI HL7 v2: ADT^A01 and ORU^R01 with a PID; a FHIR
 * R4 exchange of HAPI-built Patient/Observation resources, the id in the URL and the name in a search),
 * captured on lo. Then {@code wardwatch analyze} runs on the capture (and on a copy cut mid-packet)
 * with every logger at TRACE, and the planted name and id, their parts and their hex/base64 forms,
 * must appear nowhere: not in any file under the output or data folder, not on stdout or stderr, not in
 * the logs. Last, every registered flow analyzer is fed the captured streams directly, as captured and
 * mutated (flipped, cut, repeated, dropped bytes): none may throw, and no violation reason, anomaly name
 * or (for the streams as captured) observation may carry the patient.
 */
class PatientDataCanaryTest {
    static final String FAMILY = "Canary";
    static final String GIVEN = "Zebulon";
    static final String PATIENT_ID = "WW-CANARY-8675309";
    static final String PN = FAMILY + "^" + GIVEN;

    @TempDir
    Path dir;

    @Test
    void plantedPatientAppearsNowhereWardwatchWritesOrLogsAtTraceNorInAnyException() throws Exception {
        Requirements.root();
        for (String tool : List.of("tcpdump", "tshark", "storescp", "storescu", "wlmscpfs", "findscu", "dump2dcm")) {
            Requirements.command(tool);
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ca.uhn")).setLevel(Level.WARN); // the peers' logs are not ours
        Path pcap = Files.createDirectories(dir.resolve("in")).resolve("peers.pcap");
        List<Integer> serverPorts = capturePeers(pcap);

        // the capture must really carry the patient in cleartext, else this test proves nothing
        String wire = new String(Files.readAllBytes(pcap), StandardCharsets.ISO_8859_1);
        assertThat(count(wire, PN)).as("DICOM and HL7 carry the PN form").isGreaterThanOrEqualTo(4);
        assertThat(wire).contains("\"family\":\"" + FAMILY + "\"").contains("/Patient/" + PATIENT_ID).contains("family=" + FAMILY);
        assertThat(count(wire, PATIENT_ID)).isGreaterThanOrEqualTo(8);

        Path cut = dir.resolve("in").resolve("cut.pcap");
        byte[] all = Files.readAllBytes(pcap);
        Files.write(cut, Arrays.copyOf(all, all.length * 7 / 10));

        for (Path input : List.of(pcap, cut)) {
            String name = input.getFileName().toString().replace(".pcap", "");
            Path out = dir.resolve("out-" + name);
            Path data = dir.resolve("data-" + name);
            Run run = wardwatchAtTrace("analyze", input.toString(), "--out", out.toString(), "--data", data.toString(), "--no-progress");
            if (input == pcap) {
                assertThat(run.exit()).as(run.err()).isZero();
                assertThat(Files.readString(out.resolve("summary.json"))).contains("dicom_confirmed", "hl7_confirmed", "fhir_confirmed");
                assertThat(Files.readString(out.resolve("observations.jsonl")))
                        .as("the analyzers saw the patient data and flagged it")
                        .contains("dicom_phi_seen", "\"phiSegments\":[\"PID\"", "\"phiExposed\":true");
            }
            assertNowhere("stdout of " + name, run.out());
            assertNowhere("stderr of " + name, run.err());
            assertNowhere("TRACE logs of " + name, run.logs());
            for (Path folder : List.of(out, data)) {
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> files = Files.walk(folder)) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            assertNowhere(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                            assertNowhere(f + " (UTF-8)", Files.readString(f, StandardCharsets.ISO_8859_1));
                        }
                    }
                }
            }
        }

        Hunt hunt = feedEveryAnalyzerTheStreamsAndMutations(pcap, serverPorts);
        assertThat(hunt.exceptions).as("analyzers must not throw on real or mutated traffic").isEmpty();
        assertThat(hunt.streamsFed).as("DICOM store, worklist, HL7, FHIR connections").isGreaterThanOrEqualTo(4);
        assertThat(hunt.confirmedAnalyzers).contains("dicom", "hl7", "fhir");
    }

    // ------------------------------------------------------------------ what must never appear

    @Test
    void theCheckCatchesEveryFormOfThePlantedPatient() {
        String b64 = Base64.getEncoder().encodeToString(("xx" + PN + "yy").getBytes(StandardCharsets.US_ASCII));
        for (String leak : List.of("name=canary", "ZEBULON", "id ww-canary-8675309", "Canary\\S\\Zebulon", "Canary%5EZebulon",
                "8675309", HexFormat.of().formatHex(GIVEN.getBytes(StandardCharsets.US_ASCII)).toUpperCase(Locale.ROOT),
                "payload " + b64)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertNowhere("probe", leak)).as(leak).isInstanceOf(AssertionError.class);
        }
        assertNowhere("probe", "dicom_phi_seen (0010,0010) PatientName PID NK1 phiExposed Patient 1.2.826.0.1.3680043");
    }

    /** Every form of the planted patient that must not appear: parts, case-insensitively; hex and base64 forms. */
    static List<String> forbidden() {
        List<String> f = new ArrayList<>(List.of(FAMILY, GIVEN, PATIENT_ID, "8675309", PN));
        for (String s : List.of(FAMILY, GIVEN, "8675309", PATIENT_ID, PN)) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            f.add(HexFormat.of().formatHex(b));
            for (int shift = 0; shift < 3; shift++) {
                // base64 of the value at each alignment inside a longer base64 text: the stable middle part
                byte[] shifted = new byte[b.length + shift];
                System.arraycopy(b, 0, shifted, shift, b.length);
                String enc = Base64.getEncoder().withoutPadding().encodeToString(shifted);
                int from = (shift == 0 ? 0 : 4);
                int to = enc.length() - 4;
                if (to - from >= 6) {
                    f.add(enc.substring(from, to));
                }
            }
        }
        return f;
    }

    static void assertNowhere(String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String s : forbidden()) {
            int at = lower.indexOf(s.toLowerCase(Locale.ROOT));
            // on a leak, say where (the line's JSON type or the text around), without repeating the value
            String context = at < 0 ? "" : lineOf(text, at).replaceAll("(?i)" + java.util.regex.Pattern.quote(s), "<planted>");
            assertThat(at).as("%s must not contain the planted patient (%s): %s", where, s, context).isNegative();
        }
    }

    private static String lineOf(String text, int at) {
        int from = text.lastIndexOf('\n', at) + 1;
        int to = text.indexOf('\n', at);
        String line = text.substring(from, to < 0 ? text.length() : to);
        return line.length() > 600 ? line.substring(0, 600) + "..." : line;
    }

    private static int count(String hay, String needle) {
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ wardwatch at TRACE

    record Run(int exit, String out, String err, String logs) {
    }

    static Run wardwatchAtTrace(String... args) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        Map<ch.qos.logback.classic.Logger, Level> levels = new LinkedHashMap<>();
        for (ch.qos.logback.classic.Logger l : lc.getLoggerList()) {
            if (l.getLevel() != null && l != root) {
                levels.put(l, l.getLevel());
                l.setLevel(Level.TRACE);
            }
        }
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(lc);
        encoder.setPattern("%d %level [%thread] %logger %mdc - %msg%n%ex{full}");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(lc);
        appender.setName("canary");
        appender.setEncoder(encoder);
        appender.setOutputStream(logs);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
        try {
            CliRunner.Run run = CliRunner.wardwatch(args);
            return new Run(run.exit(), run.out(), run.err(), logs.toString(StandardCharsets.UTF_8));
        } finally {
            root.detachAppender(appender);
            appender.stop();
            root.setLevel(rootLevel);
            levels.forEach(ch.qos.logback.classic.Logger::setLevel);
        }
    }

    // ------------------------------------------------------------------ the peers

    /** dcmtk, HAPI HL7 v2 and a HAPI-FHIR-structures endpoint exchange the planted patient on 127.0.0.1. */
    private List<Integer> capturePeers(Path pcap) throws Exception {
        int store = freePort();
        int worklist = freePort();
        int hl7 = freePort();
        Path ct = dump2dcm("ct", List.of(
                "(0008,0016) UI =CTImageStorage",
                "(0008,0018) UI [1.2.826.0.1.3680043.2.1143.777.1]",
                "(0008,0060) CS [CT]",
                "(0008,0070) LO [ACME Medical Systems]",
                "(0008,1090) LO [Tomograph 9000]",
                "(0010,0010) PN [" + PN + "]",
                "(0010,0020) LO [" + PATIENT_ID + "]",
                "(0010,0030) DA [19700101]",
                "(0018,1020) LO [VB20A]",
                "(0020,000d) UI [1.2.826.0.1.3680043.2.1143.777]",
                "(0020,000e) UI [1.2.826.0.1.3680043.2.1143.777.2]"));
        Path wlBase = Files.createDirectories(dir.resolve("wl"));
        Path wlFolder = Files.createDirectories(wlBase.resolve("WLMSCP"));
        Files.writeString(wlFolder.resolve("lockfile"), "");
        Path item = dump2dcm("item", List.of(
                "(0008,0005) CS [ISO_IR 100]",
                "(0008,0050) SH [ACC0001]",
                "(0010,0010) PN [" + PN + "]",
                "(0010,0020) LO [" + PATIENT_ID + "]",
                "(0010,0030) DA [19700101]",
                "(0010,0040) CS [O]",
                "(0020,000d) UI [1.2.826.0.1.3680043.2.1143.777.9]",
                "(0032,1060) LO [CT HEAD]",
                "(0040,0100) SQ (Sequence with undefined length #=1)",
                "  (fffe,e000) na (Item with undefined length #=6)",
                "    (0008,0060) CS [CT]",
                "    (0040,0001) AE [CTSCANNER1]",
                "    (0040,0002) DA [20240101]",
                "    (0040,0003) TM [0900]",
                "    (0040,0007) LO [CT HEAD W/O]",
                "    (0040,0009) SH [SPS0001]",
                "  (fffe,e00d) na (ItemDelimitationItem)",
                "(fffe,e0dd) na (SequenceDelimitationItem)",
                "(0040,1001) SH [RP0001]"));
        Files.move(item, wlFolder.resolve("item.wl"));
        Path query = dump2dcm("query", List.of(
                "(0010,0010) PN []",
                "(0010,0020) LO []",
                "(0040,0100) SQ (Sequence with undefined length #=1)",
                "  (fffe,e000) na (Item with undefined length #=1)",
                "    (0040,0001) AE [CTSCANNER1]",
                "  (fffe,e00d) na (ItemDelimitationItem)",
                "(fffe,e0dd) na (SequenceDelimitationItem)"));

        Path received = Files.createDirectories(dir.resolve("received"));
        Process storescp = start("storescp", "-aet", "STORE-SCP", "-od", received.toString(), "" + store);
        Process wlmscpfs = start("wlmscpfs", "-dfp", wlBase.toString(), "" + worklist);
        HttpServer fhirServer = fhirServer();
        int fhir = fhirServer.getAddress().getPort();
        FhirContext fhirContext = FhirContext.forR4();
        try (HapiContext hl7Server = hapi(); HapiContext hl7Client = hapi()) {
            HL7Service service = hl7Server.newServer(hl7, false);
            ReceivingApplication<Message> ack = new ReceivingApplication<>() {
                @Override
                public Message processMessage(Message in, Map<String, Object> metadata) {
                    try {
                        return in.generateACK();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public boolean canProcess(Message in) {
                    return true;
                }
            };
            service.registerApplication("ADT", "A01", ack);
            service.registerApplication("ORU", "R01", ack);
            service.startAndWait();
            try {
                awaitTcp(store, storescp);
                awaitTcp(worklist, wlmscpfs);
                awaitTcp(hl7, null);
                try (LoopbackCapture cap = LoopbackCapture.start(pcap,
                        "tcp port " + store + " or tcp port " + worklist + " or tcp port " + hl7 + " or tcp port " + fhir)) {
                    Requirements.run(60, "storescu", "-aet", "MODALITY1", "-aec", "STORE-SCP", "127.0.0.1", "" + store, ct.toString());
                    Requirements.run(60, "findscu", "-W", "-aet", "CTSCANNER1", "-aec", "WLMSCP", "127.0.0.1", "" + worklist, query.toString());
                    Connection c = hl7Client.newClient("127.0.0.1", hl7, false);
                    try {
                        for (String er7 : hl7Messages()) {
                            c.getInitiator().sendAndReceive(hl7Client.getPipeParser().parse(er7));
                        }
                    } finally {
                        c.close();
                    }
                    fhirClient(fhir, fhirContext.newJsonParser());
                    cap.stop();
                }
            } finally {
                service.stopAndWait();
            }
        } finally {
            fhirServer.stop(0);
            stop(storescp);
            stop(wlmscpfs);
        }
        return List.of(store, worklist, hl7, fhir);
    }

    private static List<String> hl7Messages() {
        String pid = "PID|1||" + PATIENT_ID + "^^^HOSP^MR||" + PN + "||19700101|O";
        return List.of(
                String.join("\r", "MSH|^~\\&|ADT1|WARD-7|WARDWATCH|HOSP|20240101120000||ADT^A01^ADT_A01|MSG00001|P|2.5.1",
                        "EVN|A01|20240101120000", pid, "PV1|1|I|W7^701^1"),
                String.join("\r", "MSH|^~\\&|PUMP-GW|ACME|WARDWATCH|HOSP|20240101120500||ORU^R01^ORU_R01|MSG00002|P|2.5.1", pid,
                        "OBR|1|||69837^MDC_DEV_METER_PHYSIO_MULTI_PARAM^MDC",
                        "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|262688^MDC_DIM_PERCENT^MDC|||||F"));
    }

    private static HapiContext hapi() {
        HapiContext ctx = new DefaultHapiContext();
        ctx.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI's default id generator keeps a counter file (id_file) in the working directory
        ctx.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        ctx.setSocketFactory(new StandardSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return new ServerSocket() { // HAPI binds the wildcard address: bind 127.0.0.1 instead
                    @Override
                    public void bind(SocketAddress endpoint, int backlog) throws IOException {
                        int p = endpoint instanceof InetSocketAddress isa ? isa.getPort() : 0;
                        super.bind(new InetSocketAddress(loopback(), p), backlog);
                    }
                };
            }
        });
        return ctx;
    }

    private static HttpServer fhirServer() throws IOException {
        IParser json = FhirContext.forR4().newJsonParser();
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback(), 0), 16);
        server.createContext("/fhir", ex -> {
            String path = ex.getRequestURI().getPath();
            int status = 200;
            Resource body;
            if (ex.getRequestMethod().equals("POST")) {
                body = (Resource) json.parseResource(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                body.setId("obs-1");
                status = 201;
            } else if (path.equals("/fhir/Patient/" + PATIENT_ID)) {
                body = patient();
            } else {
                Bundle b = new Bundle();
                b.setType(Bundle.BundleType.SEARCHSET);
                b.addEntry().setResource(patient());
                body = b;
            }
            byte[] bytes = json.encodeResourceToString(body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/fhir+json;charset=utf-8");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        return server;
    }

    private static void fhirClient(int port, IParser json) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        String base = "http://127.0.0.1:" + port + "/fhir";
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        o.setSubject(new Reference("Patient/" + PATIENT_ID).setDisplay(FAMILY + " " + GIVEN));
        o.setValue(new Quantity().setValue(72).setUnit("/min"));
        List<HttpRequest> requests = List.of(
                HttpRequest.newBuilder(URI.create(base + "/Patient/" + PATIENT_ID)).GET().build(),
                HttpRequest.newBuilder(URI.create(base + "/Patient?family=" + FAMILY + "&given=" + GIVEN + "&identifier=" + PATIENT_ID)).GET().build(),
                HttpRequest.newBuilder(URI.create(base + "/Observation")).header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(o))).build());
        for (HttpRequest rq : requests) {
            HttpRequest withAccept = HttpRequest.newBuilder(rq, (k, v) -> true).header("Accept", "application/fhir+json").build();
            assertThat(client.send(withAccept, HttpResponse.BodyHandlers.discarding()).statusCode()).isBetween(200, 201);
        }
    }

    private static Patient patient() {
        Patient p = new Patient();
        p.setId(PATIENT_ID);
        p.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue(PATIENT_ID);
        p.addName().setFamily(FAMILY).addGiven(GIVEN);
        p.setBirthDateElement(new DateType("1970-01-01"));
        return p;
    }

    private Path dump2dcm(String name, List<String> lines) throws IOException {
        Path dump = dir.resolve(name + ".dump");
        Files.writeString(dump, String.join("\n", lines) + "\n");
        Path out = dir.resolve(name + ".dcm");
        Requirements.run(30, "dump2dcm", "+te", dump.toString(), out.toString());
        return out;
    }

    private Process start(String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, loopback())) {
            return s.getLocalPort();
        }
    }

    private static void awaitTcp(int port, Process peer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (peer != null && !peer.isAlive()) {
                throw new IllegalStateException("peer exited before listening on " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(loopback(), port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nothing listened on 127.0.0.1:" + port);
    }

    // ------------------------------------------------------------------ analyzers fed directly

    static final class Hunt {
        final List<String> exceptions = new ArrayList<>();
        final java.util.Set<String> confirmedAnalyzers = new java.util.TreeSet<>();
        int streamsFed;
    }

    /** One TCP connection of the capture: its segments' payloads in order, with their direction. */
    record TcpStream(FlowId flow, List<Boolean> fromClient, List<byte[]> chunks) {
    }

    /**
     * Every registered TCP analyzer gets every captured stream as captured and in 30 mutated versions
     * per stream (seeded), through the same buffering contract as the dispatcher (unconsumed bytes are
     * offered again with the next ones, up to the analyzer's buffer cap).
     */
    private static Hunt feedEveryAnalyzerTheStreamsAndMutations(Path pcap, List<Integer> serverPorts) {
        List<TcpStream> streams = streams(pcap, serverPorts);
        Hunt hunt = new Hunt();
        hunt.streamsFed = streams.size();
        Random random = new Random(4242);
        for (AnalyzerFactory factory : Analyzers.flowAnalyzers()) {
            if (factory.transport() != AnalyzerFactory.Transport.TCP) {
                continue;
            }
            for (TcpStream s : streams) {
                Recording rec = feed(factory, s.flow(), s.fromClient(), s.chunks(), hunt);
                if (rec.confirmed) {
                    hunt.confirmedAnalyzers.add(factory.name());
                }
                assertNowhere(factory.name() + " observations of " + s.flow(), String.join("\n", rec.emitted));
                assertNowhere(factory.name() + " violations/anomalies of " + s.flow(), String.join("\n", rec.reasons));
                for (int m = 0; m < 30; m++) {
                    List<Boolean> dirs = new ArrayList<>(s.fromClient());
                    List<byte[]> chunks = new ArrayList<>();
                    s.chunks().forEach(c -> chunks.add(c.clone()));
                    mutate(random, dirs, chunks);
                    Recording mutated = feed(factory, s.flow(), dirs, chunks, hunt);
                    // a mutation may turn a patient tag into another one: only reasons are checked here
                    assertNowhere(factory.name() + " violations/anomalies of a mutated " + s.flow(), String.join("\n", mutated.reasons));
                }
            }
        }
        for (String e : hunt.exceptions) {
            assertNowhere("exception text", e);
        }
        return hunt;
    }

    private static void mutate(Random r, List<Boolean> dirs, List<byte[]> chunks) {
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops && !chunks.isEmpty(); k++) {
            int i = r.nextInt(chunks.size());
            byte[] c = chunks.get(i);
            switch (r.nextInt(5)) {
                case 0 -> { // flip bytes
                    for (int j = 0; j < 1 + r.nextInt(8) && c.length > 0; j++) {
                        c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> chunks.set(i, Arrays.copyOf(c, c.length == 0 ? 0 : r.nextInt(c.length))); // cut
                case 2 -> { // repeat
                    chunks.add(i, c.clone());
                    dirs.add(i, dirs.get(i));
                }
                case 3 -> { // drop
                    chunks.remove(i);
                    dirs.remove(i);
                }
                default -> { // a lying length: 0xFF bytes over a random spot
                    for (int j = 0; j < Math.min(4, c.length); j++) {
                        c[(r.nextInt(Math.max(1, c.length - 4)) + j) % c.length] = (byte) 0xFF;
                    }
                }
            }
        }
    }

    /** What one analyzer did with one stream. */
    static final class Recording implements AnalyzerContext {
        final FlowId flow;
        final List<String> emitted = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        boolean confirmed;
        boolean detached;

        Recording(FlowId flow) {
            this.flow = flow;
        }

        @Override
        public long tsNanos() {
            return 1_700_000_000_000_000_000L;
        }

        @Override
        public FlowId flow() {
            return flow;
        }

        @Override
        public MacAddress clientMac() {
            return null;
        }

        @Override
        public MacAddress serverMac() {
            return null;
        }

        @Override
        public int vlan() {
            return 0;
        }

        @Override
        public void emit(org.wardwatch.model.Observation observation) {
            emitted.add(String.valueOf(observation));
        }

        @Override
        public void anomaly(String name) {
            reasons.add(name);
        }

        @Override
        public void confirm() {
            confirmed = true;
        }

        @Override
        public void violation(String reason) {
            reasons.add(reason);
            detached = true;
        }

        @Override
        public void done() {
            detached = true;
        }
    }

    private static Recording feed(AnalyzerFactory factory, FlowId flow, List<Boolean> dirs, List<byte[]> chunks, Hunt hunt) {
        Recording rec = new Recording(flow);
        Analyzer a;
        try {
            a = factory.newAnalyzer();
        } catch (RuntimeException e) {
            hunt.exceptions.add(factory.name() + " newAnalyzer: " + stackTrace(e));
            return rec;
        }
        byte[][] pending = {new byte[0], new byte[0]};
        int cap = Math.max(1 << 16, factory.maxBufferedBytes());
        try {
            for (int i = 0; i < chunks.size() && !rec.detached; i++) {
                int d = dirs.get(i) ? 0 : 1;
                byte[] buf = concat(pending[d], chunks.get(i));
                int used = a.onStream(dirs.get(i), buf, 0, buf.length, rec);
                if (used < 0 || used > buf.length) {
                    hunt.exceptions.add(factory.name() + " consumed " + used + " of " + buf.length);
                    return rec;
                }
                pending[d] = Arrays.copyOfRange(buf, used, buf.length);
                if (pending[d].length > cap) {
                    break; // the dispatcher would cap this flow here
                }
            }
            if (!rec.detached) {
                a.onEnd(rec);
            }
        } catch (RuntimeException | StackOverflowError e) {
            hunt.exceptions.add(factory.name() + ": " + stackTrace(e));
        }
        return rec;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** The TCP payloads of the capture per connection, as tshark lists them (one row per segment). */
    private static List<TcpStream> streams(Path pcap, List<Integer> serverPorts) {
        Map<String, TcpStream> byStream = new LinkedHashMap<>();
        List<String[]> rows = Tshark.on(pcap).filter("tcp.len > 0").fields("tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.payload");
        IpAddress local = IpAddress.parse("127.0.0.1");
        for (String[] r : rows) {
            int src = Integer.parseInt(r[1]);
            int dst = Integer.parseInt(r[2]);
            boolean fromClient = serverPorts.contains(dst);
            int client = fromClient ? src : dst;
            int server = fromClient ? dst : src;
            TcpStream s = byStream.computeIfAbsent(r[0], k -> new TcpStream(new FlowId(0, local, client, local, server, FlowId.TCP),
                    new ArrayList<>(), new ArrayList<>()));
            s.fromClient().add(fromClient);
            s.chunks().add(HexFormat.of().parseHex(r[3].replace(":", "")));
        }
        return new ArrayList<>(byStream.values());
    }
}
