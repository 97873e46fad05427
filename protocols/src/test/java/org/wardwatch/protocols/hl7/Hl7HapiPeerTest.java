package org.wardwatch.protocols.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.hl7.Hl7DeviceIdentified;
import org.wardwatch.model.obs.hl7.Hl7MessageSeen;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.medicaltest.LocalPeers;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.testkit.LoopbackCapture;

/**
 * HAPI HL7 v2 (2.6.0, v2.5.1 structures) as MLLP server and client on 127.0.0.1: ADT^A01, ORU^R01
 * (IHE PCD-01 style, OBX-5 values, OBX-18 equipment identifiers, MSH-21 profile), ORM^O01 and a
 * message type the server has no application for; HAPI answers each with its own ACK (AA, or AR
 * with an ERR segment). Captured on lo, analyzed through the pipeline, every message and device
 * identifier compared with tshark's HL7 dissector.
 */
class Hl7HapiPeerTest {
    static final String PATIENT_FAMILY = "Canary";
    static final String PATIENT_GIVEN = "Zebulon";
    static final String PATIENT_ID = "WW-CANARY-8675309";
    static final String PID = "PID|1||" + PATIENT_ID + "^^^HOSP^MR||" + PATIENT_FAMILY + "^" + PATIENT_GIVEN + "||19700101|O";

    static final String ADT_A01 = String.join("\r",
            "MSH|^~\\&|ADT1|WARD-7^1.2.3.4^ISO|WARDWATCH|HOSP|20240101120000||ADT^A01^ADT_A01|MSG00001|P|2.5.1",
            "EVN|A01|20240101120000",
            PID,
            "NK1|1|" + PATIENT_FAMILY + "^Yolanda|SPO",
            "PV1|1|I|W7^701^1");
    static final String ORU_R01 = String.join("\r",
            "MSH|^~\\&|PUMP-GW^0012A3FFFE000001^EUI-64|ACME|WARDWATCH|HOSP|20240101120500||ORU^R01^ORU_R01|MSG00002|P|2.5.1"
                    + "|||AL|NE||8859/1|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO",
            PID,
            "OBR|1|||69837^MDC_DEV_METER_PHYSIO_MULTI_PARAM^MDC",
            "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|262688^MDC_DIM_PERCENT^MDC|||||F|||20240101120500"
                    + "||||ACME-MONITOR-01^ACME^0012A3FFFE4567^EUI-64",
            "OBX|2|NM|149530^MDC_PULS_OXIM_PULS_RATE^MDC||72|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||20240101120500"
                    + "||||ACME-MONITOR-01^ACME^0012A3FFFE4567^EUI-64");
    static final String ORM_O01 = String.join("\r",
            "MSH|^~\\&|CPOE|HOSP|PHARMACY|HOSP|20240101121000||ORM^O01^ORM_O01|MSG00003|P|2.5.1",
            PID,
            "ORC|NW|ORD0001",
            "OBR|1|ORD0001||80048^BASIC METABOLIC PANEL^CPT4");
    /** No application is registered for A08: HAPI answers AR with an ERR segment. */
    static final String ADT_A08 = String.join("\r",
            "MSH|^~\\&|ADT1|WARD-7|WARDWATCH|HOSP|20240101122000||ADT^A08^ADT_A01|MSG00004|P|2.5.1",
            "EVN|A08|20240101122000",
            PID,
            "PV1|1|I|W7^701^1");

    @TempDir
    Path dir;

    @BeforeAll
    static void quietHapi() {
        // HAPI logs whole messages at DEBUG: the peer's logs are not ours, keep them out of the build output
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ca.uhn")).setLevel(Level.WARN);
    }

    @Test
    void hapiClientAndServerExchangeAgreesWithTshark() throws Exception {
        int port = LocalPeers.freePort();
        Path pcap = dir.resolve("hl7.pcap");
        List<String> acks = exchange(port, pcap, List.of(ADT_A01, ORU_R01, ORM_O01, ADT_A08));
        assertThat(acks).hasSize(4);

        List<Observation> all = Pipeline.observe(pcap);
        List<Hl7MessageSeen> msgs = all.stream().filter(Hl7MessageSeen.class::isInstance).map(Hl7MessageSeen.class::cast).toList();
        assertThat(msgs).extracting(m -> (m.fromClient() ? "> " : "< ") + m.messageType() + "^" + m.triggerEvent() + " " + m.ackCode())
                .containsExactly("> ADT^A01 null", "< ACK^A01 AA", "> ORU^R01 null", "< ACK^R01 AA", "> ORM^O01 null", "< ACK^O01 AA",
                        "> ADT^A08 null", "< ACK^A08 AR");
        Hl7MessageSeen adt = msgs.get(0);
        assertThat(adt.sendingApplication()).isEqualTo("ADT1");
        assertThat(adt.sendingFacility()).isEqualTo("WARD-7^1.2.3.4^ISO");
        assertThat(adt.controlId()).isEqualTo("MSG00001");
        assertThat(adt.version()).isEqualTo("2.5.1");
        assertThat(adt.phiSegments()).containsExactly("PID", "NK1", "PV1");
        assertThat(msgs.get(1).ackControlId()).isEqualTo("MSG00001");
        Hl7MessageSeen oru = msgs.get(2);
        assertThat(oru.observationValues()).isEqualTo(2);
        assertThat(oru.phiSegments()).contains("PID", "OBX");
        assertThat(oru.messageProfile()).startsWith("IHE_PCD_001");
        assertThat(msgs.get(7).errorCodes()).isNotEmpty();
        List<Hl7DeviceIdentified> devices = all.stream().filter(Hl7DeviceIdentified.class::isInstance).map(Hl7DeviceIdentified.class::cast).toList();
        assertThat(devices).filteredOn(d -> d.field().equals("OBX-18")).singleElement().satisfies(d -> {
            assertThat(d.entityOrNamespace()).isEqualTo("ACME-MONITOR-01");
            assertThat(d.universalId()).isEqualTo("0012A3FFFE4567");
            assertThat(d.universalIdType()).isEqualTo("EUI-64");
            assertThat(d.messageType()).isEqualTo("ORU");
        });
        assertThat(devices).filteredOn(d -> d.field().equals("MSH-3") && d.universalIdType() != null)
                .extracting(Hl7DeviceIdentified::universalId).containsExactly("0012A3FFFE000001");
        assertNoPlantedValue(ObservationJson.lines(all));

        int compared = assertAgreesWithTshark("hl7 hapi<->hapi", pcap, all, port);
        assertThat(compared).isGreaterThanOrEqualTo(8);
    }

    /** Runs a HAPI MLLP server on 127.0.0.1:port and a HAPI client sending each message; returns the ACKs (ER7). */
    static List<String> exchange(int port, Path pcap, List<String> messages) throws Exception {
        List<String> acks = new ArrayList<>();
        try (HapiContext server = context(); HapiContext client = context()) {
            ReceivingApplication<Message> app = new ReceivingApplication<>() {
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
            HL7Service service = server.newServer(port, false);
            service.registerApplication("ADT", "A01", app);
            service.registerApplication("ORU", "R01", app);
            service.registerApplication("ORM", "O01", app);
            service.startAndWait();
            try {
                LocalPeers.awaitTcp(port, null);
                try (LoopbackCapture cap = LoopbackCapture.start(pcap, "tcp port " + port)) {
                    Connection c = client.newClient("127.0.0.1", port, false);
                    try {
                        for (String er7 : messages) {
                            Message m = client.getPipeParser().parse(er7);
                            Message ack = c.getInitiator().sendAndReceive(m);
                            acks.add(ack.encode());
                        }
                    } finally {
                        c.close();
                    }
                    cap.stop();
                }
            } finally {
                service.stopAndWait();
            }
        }
        return acks;
    }

    private static HapiContext context() {
        HapiContext ctx = new DefaultHapiContext();
        ctx.setValidationContext(ValidationContextFactory.noValidation());
        ctx.setSocketFactory(new LoopbackSocketFactory());
        // HAPI's default id generator keeps a counter file (id_file) in the working directory
        ctx.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        return ctx;
    }

    /** HAPI binds its acceptor to the wildcard address; this one binds it to 127.0.0.1 only. */
    static final class LoopbackSocketFactory extends StandardSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public void bind(SocketAddress endpoint, int backlog) throws IOException {
                    int p = endpoint instanceof InetSocketAddress isa ? isa.getPort() : 0;
                    super.bind(new InetSocketAddress(LocalPeers.loopback(), p), backlog);
                }
            };
        }
    }

    static void assertNoPlantedValue(String text) {
        for (String planted : List.of(PATIENT_FAMILY, PATIENT_GIVEN, PATIENT_ID, "8675309", "Yolanda", "19700101")) {
            assertThat(text).as("must not carry %s", planted).doesNotContainIgnoringCase(planted);
        }
    }

    /**
     * Every message (direction, MSH-3..6, MSH-9 parts, MSH-10..12, MSH-21, distinct segments, segment
     * count, MSA-1/2, ERR codes, OBX values, PHI segments) and every distinct device identifier
     * (MSH-3/4 first repetition, OBX-18 and PRT-10/16 repetitions) of our observations against tshark.
     */
    static int assertAgreesWithTshark(String name, Path pcap, List<Observation> ours, int serverPort) throws Exception {
        Agreement a = new Agreement(name);
        Set<String> devices = new LinkedHashSet<>();
        for (Hl7TsharkOracle.Message m : Hl7TsharkOracle.read(pcap, serverPort)) {
            boolean fromClient = m.dstPort() == serverPort;
            Hl7TsharkOracle.Segment msh = m.first("MSH");
            char comp = msh.hl7Field(2).charAt(0);
            char rep = msh.hl7Field(2).length() > 1 ? msh.hl7Field(2).charAt(1) : '~';
            char sub = msh.hl7Field(2).length() > 3 ? msh.hl7Field(2).charAt(3) : '&';
            List<String> type = split(msh.hl7Field(9), comp);
            Set<String> names = new LinkedHashSet<>();
            Set<String> phi = new LinkedHashSet<>();
            int obxValues = 0;
            List<String> errors = new ArrayList<>();
            for (Hl7TsharkOracle.Segment s : m.segments()) {
                names.add(s.name());
                if (s.name().equals("OBX")) {
                    if (s.hl7Field(5) != null) {
                        obxValues++;
                        phi.add("OBX");
                    }
                    split(s.hl7Field(18), rep).forEach(id -> devices.add(fromClient + "|OBX-18|" + id));
                } else if (s.name().equals("PRT")) {
                    split(s.hl7Field(10), rep).forEach(id -> devices.add(fromClient + "|PRT-10|" + id));
                    split(s.hl7Field(16), rep).forEach(id -> devices.add(fromClient + "|PRT-16|" + id));
                } else if (s.name().equals("ERR")) {
                    String v25 = part(split(s.hl7Field(3), comp), 0);
                    String v23 = part(split(s.hl7Field(1), comp), 3);
                    String code = v25 != null ? v25 : part(split(v23, sub), 0);
                    if (code != null) {
                        errors.add(code);
                    }
                } else if (Hl7Analyzer.PHI_SEGMENTS.contains(s.name())) {
                    phi.add(s.name());
                }
            }
            for (int f : new int[] {3, 4}) {
                String v = msh.hl7Field(f);
                if (v != null) {
                    devices.add(fromClient + "|MSH-" + f + "|" + split(v, rep).get(0));
                }
            }
            Hl7TsharkOracle.Segment msa = m.first("MSA");
            a.expect(row(fromClient, msh.hl7Field(3), msh.hl7Field(4), msh.hl7Field(5), msh.hl7Field(6), part(type, 0), part(type, 1),
                    part(type, 2), msh.hl7Field(10), msh.hl7Field(11), msh.hl7Field(12), msh.hl7Field(21), String.join(",", names),
                    Integer.toString(m.segments().size()), msa == null ? null : msa.hl7Field(1), msa == null ? null : msa.hl7Field(2),
                    String.join(",", errors), Integer.toString(obxValues), String.join(",", phi)));
        }
        devices.forEach(d -> a.expect("device|" + d));
        for (Observation o : ours) {
            if (o instanceof Hl7MessageSeen m) {
                a.actual(row(m.fromClient(), m.sendingApplication(), m.sendingFacility(), m.receivingApplication(), m.receivingFacility(),
                        m.messageType(), m.triggerEvent(), m.messageStructure(), m.controlId(), m.processingId(), m.version(),
                        m.messageProfile(), String.join(",", m.segments()), Integer.toString(m.segmentCount()), m.ackCode(),
                        m.ackControlId(), String.join(",", m.errorCodes()), Integer.toString(m.observationValues()),
                        String.join(",", m.phiSegments())));
            } else if (o instanceof Hl7DeviceIdentified d) {
                a.actual("device|" + d.fromClient() + "|" + d.field() + "|" + d.identifier());
            }
        }
        return a.assertEqual();
    }

    private static String row(boolean fromClient, String... cells) {
        return "msg|" + fromClient + "|" + java.util.Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining("|"));
    }

    private static List<String> split(String v, char sep) {
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= v.length(); i++) {
            if (i == v.length() || v.charAt(i) == sep) {
                out.add(v.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static String part(List<String> parts, int i) {
        return parts.size() > i && !parts.get(i).isEmpty() ? parts.get(i) : null;
    }
}
