package org.wardwatch.protocols.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wardwatch.model.obs.fhir.FhirRequestSeen;
import org.wardwatch.model.obs.fhir.FhirResponseSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.testkit.LoopbackCapture;
import org.wardwatch.testkit.Tshark;

/**
 * A FHIR R4 exchange on 127.0.0.1: a small JDK {@code HttpServer} endpoint serving and accepting
 * resources built and encoded with HAPI FHIR's R4 structures and JSON parser, and a
 * {@code java.net.http} client (HTTP/1.1, as HAPI's own client speaks) doing capabilities, read,
 * search and create of Patient, Observation and Device, and a read that fails. Captured on lo,
 * analyzed through the pipeline, compared with tshark's HTTP and JSON dissectors (decode-as
 * {@code media_type==application/fhir+json,json}).
 */
class FhirHapiStructuresPeerTest {
    static final String FAMILY = "Canary";
    static final String GIVEN = "Zebulon";
    static final String PATIENT_ID = "WW-CANARY-8675309";
    static final String SOFTWARE = "wardwatch-test-fhir-server";
    static final String SOFTWARE_VERSION = "0.9.1";
    static final String FHIR_JSON = "application/fhir+json;charset=utf-8";

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void quietHapi() {
        // HAPI FHIR scans its model at DEBUG: a peer's logs, not ours
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ca.uhn")).setLevel(ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void fhirR4ExchangeAgreesWithTsharkAndKeepsNoPatientValue() throws Exception {
        Path pcap = dir.resolve("fhir.pcap");
        int port = exchange(pcap);

        List<org.wardwatch.model.Observation> all = Pipeline.observe(pcap);
        List<FhirRequestSeen> rqs = all.stream().filter(FhirRequestSeen.class::isInstance).map(FhirRequestSeen.class::cast).toList();
        List<FhirResponseSeen> rsps = all.stream().filter(FhirResponseSeen.class::isInstance).map(FhirResponseSeen.class::cast).toList();
        assertThat(rqs).extracting(r -> r.method() + " " + r.interaction() + " " + r.resourceType() + " " + r.searchParameters())
                .containsExactly(
                        "GET capabilities null []",
                        "GET read Patient []",
                        "GET search-type Patient [family, birthdate]",
                        "POST create Observation []",
                        "GET search-type Observation [subject, code]",
                        "GET read Device []",
                        "POST create Device []",
                        "GET read Patient []");
        assertThat(rqs).allSatisfy(r -> assertThat(r.basePath()).isEqualTo("/fhir"));
        assertThat(rqs.get(1).resourceIdPresent()).isTrue();
        assertThat(rqs.get(3).phiExposed()).as("an Observation about a patient was sent in cleartext").isTrue();
        assertThat(rqs.get(6).phiExposed()).isFalse();
        FhirResponseSeen caps = rsps.get(0);
        assertThat(caps.resourceType()).isEqualTo("CapabilityStatement");
        assertThat(caps.softwareName()).isEqualTo(SOFTWARE);
        assertThat(caps.softwareVersion()).isEqualTo(SOFTWARE_VERSION);
        assertThat(caps.fhirVersion()).isEqualTo("4.0.1");
        assertThat(caps.server()).isEqualTo(SOFTWARE + "/" + SOFTWARE_VERSION);
        assertThat(rsps).extracting(r -> r.status() + " " + r.requestInteraction() + " " + r.resourceType() + " " + r.phiResourceTypes())
                .containsExactly(
                        "200 capabilities CapabilityStatement []",
                        "200 read Patient [Patient]",
                        "200 search-type Bundle [Patient]",
                        "201 create Observation [Observation]",
                        "200 search-type Bundle [Observation]",
                        "200 read Device []",
                        "201 create Device []",
                        "404 read OperationOutcome []");
        assertThat(rsps.get(2).bundleType()).isEqualTo("searchset");
        assertNoPlantedValue(ObservationJson.lines(all));

        int compared = assertAgreesWithTshark("fhir r4 jdk-client<->hapi-structures", pcap, rqs, rsps, port);
        assertThat(compared).isEqualTo(16);
    }

    static void assertNoPlantedValue(String text) {
        for (String planted : List.of(FAMILY, GIVEN, PATIENT_ID, "8675309", "1970-01-01")) {
            assertThat(text).as("must not carry %s", planted).doesNotContainIgnoringCase(planted);
        }
    }

    /** Runs the server and the client on 127.0.0.1 inside a loopback capture; returns the server's port. */
    static int exchange(Path pcap) throws Exception {
        FhirContext fhir = FhirContext.forR4();
        IParser json = fhir.newJsonParser();
        HttpServer server = HttpServer.create(new InetSocketAddress(org.wardwatch.protocols.medicaltest.LocalPeers.loopback(), 0), 16);
        server.createContext("/fhir", ex -> serve(ex, json));
        server.start();
        int port = server.getAddress().getPort();
        try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            String base = "http://127.0.0.1:" + port + "/fhir";
            List<Integer> statuses = new ArrayList<>();
            statuses.add(get(client, base + "/metadata"));
            statuses.add(get(client, base + "/Patient/" + PATIENT_ID));
            statuses.add(get(client, base + "/Patient?family=" + FAMILY + "&birthdate=1970-01-01"));
            statuses.add(post(client, base + "/Observation", json.encodeResourceToString(heartRate())));
            statuses.add(get(client, base + "/Observation?subject=Patient/" + PATIENT_ID + "&code=http://loinc.org%7C8867-4"));
            statuses.add(get(client, base + "/Device/pump-1"));
            statuses.add(post(client, base + "/Device", json.encodeResourceToString(pump())));
            statuses.add(get(client, base + "/Patient/unknown-1"));
            assertThat(statuses).containsExactly(200, 200, 200, 201, 200, 200, 201, 404);
            cap.stop();
        } finally {
            server.stop(0);
        }
        return port;
    }

    private static int get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpRequest rq = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json;fhirVersion=4.0")
                .timeout(Duration.ofSeconds(30)).GET().build();
        return client.send(rq, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int post(HttpClient client, String url, String body) throws IOException, InterruptedException {
        HttpRequest rq = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json;fhirVersion=4.0")
                .header("Content-Type", "application/fhir+json;fhirVersion=4.0")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return client.send(rq, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void serve(HttpExchange ex, IParser json) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        int status = 200;
        Resource body;
        if (method.equals("POST")) {
            Resource created = (Resource) json.parseResource(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            created.setId(created.fhirType().equals("Device") ? "pump-2" : "obs-1");
            body = created;
            status = 201;
            ex.getResponseHeaders().add("Location", "http://127.0.0.1/fhir/" + created.fhirType() + "/" + created.getIdElement().getIdPart());
        } else if (path.equals("/fhir/metadata")) {
            body = capabilities();
        } else if (path.equals("/fhir/Patient/" + PATIENT_ID)) {
            body = patient();
        } else if (path.equals("/fhir/Patient")) {
            body = searchset(patient());
        } else if (path.equals("/fhir/Observation")) {
            body = searchset(heartRate().setId("obs-1"));
        } else if (path.equals("/fhir/Device/pump-1")) {
            body = pump();
        } else {
            status = 404;
            OperationOutcome oo = new OperationOutcome();
            oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.NOTFOUND)
                    .setDiagnostics("Resource is not known");
            body = oo;
        }
        byte[] bytes = json.encodeResourceToString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", FHIR_JSON);
        ex.getResponseHeaders().add("Server", SOFTWARE + "/" + SOFTWARE_VERSION);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    static CapabilityStatement capabilities() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDate(new Date(1_700_000_000_000L));
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat("application/fhir+json");
        cs.getSoftware().setName(SOFTWARE).setVersion(SOFTWARE_VERSION);
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        for (String type : List.of("Patient", "Observation", "Device")) {
            rest.addResource().setType(type).addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        }
        return cs;
    }

    static Patient patient() {
        Patient p = new Patient();
        p.setId(PATIENT_ID);
        p.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue(PATIENT_ID);
        p.addName().setFamily(FAMILY).addGiven(GIVEN);
        p.setBirthDateElement(new DateType("1970-01-01"));
        return p;
    }

    static Observation heartRate() {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
        o.setSubject(new Reference("Patient/" + PATIENT_ID).setDisplay(FAMILY + " " + GIVEN));
        o.setValue(new Quantity().setValue(72).setUnit("/min"));
        o.setDevice(new Reference("Device/pump-1"));
        return o;
    }

    static Device pump() {
        Device d = new Device();
        d.setId("pump-1");
        d.setManufacturer("ACME Infusion");
        d.addDeviceName().setName("VolumePump 3000").setType(Device.DeviceNameType.MANUFACTURERNAME);
        d.setModelNumber("VP-3000");
        d.setSerialNumber("SN-778899");
        d.addVersion().setValue("4.2.1");
        return d;
    }

    private static Bundle searchset(Resource r) {
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.SEARCHSET);
        b.setTotal(1);
        b.addEntry().setFullUrl("http://127.0.0.1/fhir/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
        return b;
    }

    /**
     * Requests (method, base path, resource type, id present, search parameter names, Content-Type,
     * Accept, User-Agent, body resource type) and responses (status, Content-Type, Server, body
     * resource type, bundle type, entry resource types, CapabilityStatement fhirVersion and software)
     * against tshark's HTTP and JSON dissectors.
     */
    static int assertAgreesWithTshark(String name, Path pcap, List<FhirRequestSeen> rqs, List<FhirResponseSeen> rsps, int port) {
        Agreement a = new Agreement(name);
        List<String[]> rows = Tshark.on(pcap).decodeAs("media_type==application/fhir+json,json").filter("http")
                .fields("tcp.srcport", "http.request.method", "http.request.uri", "http.request.uri.query.parameter",
                        "http.content_type", "http.accept", "http.user_agent", "http.response.code", "http.server",
                        "json.path_with_value");
        for (String[] r : rows) {
            Set<String> json = new LinkedHashSet<>(r[9].isEmpty() ? List.of() : List.of(r[9].split(",(?=/)")));
            String resourceType = value(json, "/resourceType");
            if (!r[1].isEmpty()) {
                String path = r[2].contains("?") ? r[2].substring(0, r[2].indexOf('?')) : r[2]; // uri.path only comes with a query
                String rest = path.startsWith("/fhir/") ? path.substring("/fhir/".length()) : path;
                String[] seg = rest.split("/");
                String type = seg[0].equals("metadata") ? "null" : seg[0];
                String params = r[3].isEmpty() ? "" : List.of(r[3].split(",")).stream().map(p -> p.substring(0, p.indexOf('=')))
                        .collect(Collectors.joining(","));
                a.expect(String.join("|", "rq", r[1], "/fhir", type, Boolean.toString(seg.length > 1), params, r[4], r[5], r[6],
                        String.valueOf(resourceType)));
            } else {
                List<String> entries = json.stream().filter(p -> p.startsWith("/entry/[]/resource/resourceType:"))
                        .map(p -> p.substring(p.lastIndexOf(':') + 1)).distinct().toList();
                boolean caps = "CapabilityStatement".equals(resourceType);
                a.expect(String.join("|", "rsp", r[7], r[4], r[8], String.valueOf(resourceType),
                        String.valueOf("Bundle".equals(resourceType) ? value(json, "/type") : null), String.join(",", entries),
                        String.valueOf(caps ? value(json, "/fhirVersion") : null), String.valueOf(caps ? value(json, "/software/name") : null),
                        String.valueOf(caps ? value(json, "/software/version") : null)));
            }
        }
        for (FhirRequestSeen r : rqs) {
            a.actual(String.join("|", "rq", r.method(), r.basePath(), String.valueOf(r.resourceType()), Boolean.toString(r.resourceIdPresent()),
                    String.join(",", r.searchParameters()), nz(r.contentType()), nz(r.accept()), nz(r.userAgent()),
                    String.valueOf(r.bodyResourceType())));
        }
        for (FhirResponseSeen r : rsps) {
            a.actual(String.join("|", "rsp", Integer.toString(r.status()), nz(r.contentType()), nz(r.server()),
                    String.valueOf(r.resourceType()), String.valueOf(r.bundleType()), String.join(",", r.entryResourceTypes()),
                    String.valueOf(r.softwareName() != null ? r.fhirVersion() : null), String.valueOf(r.softwareName()),
                    String.valueOf(r.softwareVersion())));
        }
        return a.assertEqual();
    }

    private static String value(Set<String> paths, String path) {
        return paths.stream().filter(p -> p.startsWith(path + ":")).map(p -> p.substring(path.length() + 1)).findFirst().orElse(null);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
