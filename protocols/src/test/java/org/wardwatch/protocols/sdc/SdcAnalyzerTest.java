package org.wardwatch.protocols.sdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.sdc.SdcDeviceMetadataSeen;
import org.wardwatch.model.obs.sdc.SdcDiscoverySeen;
import org.wardwatch.model.obs.sdc.SdcMdibSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.testkit.Requirements;

/**
 * WS-Discovery and DPWS messages built from WS-Discovery 1.1 / DPWS 1.1 / IEEE 11073-20702 (no SDC
 * peer is installed here); the MDIB is the Draeger sdc11073 reference document from the shared corpus.
 */
class SdcAnalyzerTest {
    static final String HELLO = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s12:Envelope xmlns:s12=\"http://www.w3.org/2003/05/soap-envelope\""
            + " xmlns:wsa=\"http://www.w3.org/2005/08/addressing\" xmlns:wsd=\"http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01\""
            + " xmlns:dpws=\"http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01\" xmlns:mdpws=\"http://standards.ieee.org/downloads/11073/11073-20702-2016\">"
            + "<s12:Header><wsa:Action>http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/Hello</wsa:Action>"
            + "<wsa:To>urn:docs-oasis-open-org:ws-dd:ns:discovery:2009:01</wsa:To></s12:Header><s12:Body><wsd:Hello>"
            + "<wsa:EndpointReference><wsa:Address>urn:uuid:8a7ed8b6-0b4c-4d1f-a6e0-1f0e9b3f2a11</wsa:Address></wsa:EndpointReference>"
            + "<wsd:Types>dpws:Device mdpws:MedicalDevice</wsd:Types>"
            + "<wsd:Scopes>sdc.mds.pkp:1.2.840.10004.20701.1.1 sdc.ctxt.loc:/sdc.ctxt.loc.detail/ICU%2F%2F%2F%2F%2FBed3?fac=ICU sdc.ctxt.pat:/x/PID-CANARY-SDC</wsd:Scopes>"
            + "<wsd:XAddrs>https://10.1.2.3:6464/dev</wsd:XAddrs><wsd:MetadataVersion>7</wsd:MetadataVersion></wsd:Hello></s12:Body></s12:Envelope>";

    @Test
    void helloAnnouncesAMedicalDeviceAndPatientScopesAreDropped() {
        byte[] d = HELLO.getBytes(StandardCharsets.UTF_8);
        assertThat(new SdcDiscoveryAnalyzerFactory().probe(false, d, 0, d.length)).isTrue();
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SdcDiscoveryAnalyzerFactory(), 3702).client(d).end();
        SdcDiscoverySeen s = h.observations(SdcDiscoverySeen.class).get(0);
        assertThat(s.action()).isEqualTo("Hello");
        assertThat(s.medicalDevice()).isTrue();
        assertThat(s.types()).containsExactly("dpws:Device", "mdpws:MedicalDevice");
        assertThat(s.endpointReferences()).contains("urn:uuid:8a7ed8b6-0b4c-4d1f-a6e0-1f0e9b3f2a11");
        assertThat(s.xAddrs()).containsExactly("https://10.1.2.3:6464/dev");
        assertThat(s.metadataVersion()).isEqualTo(7);
        assertThat(s.patientScopeSeen()).isTrue();
        assertThat(s.scopes()).hasSize(2);
        assertThat(ObservationJson.lines(h.observations())).doesNotContain("CANARY");
    }

    static byte[] http(String startLine, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (startLine + "\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: " + b.length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dpwsMetadataNamesModelAndDevice() {
        String body = "<s12:Envelope xmlns:s12=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:dpws=\"http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01\">"
                + "<s12:Body><wsx:Metadata xmlns:wsx=\"http://schemas.xmlsoap.org/ws/2004/09/mex\"><wsx:MetadataSection Dialect=\"http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01/ThisModel\">"
                + "<dpws:ThisModel><dpws:Manufacturer>Draeger</dpws:Manufacturer><dpws:ManufacturerUrl>https://draeger.example</dpws:ManufacturerUrl>"
                + "<dpws:ModelName>Perseus A500</dpws:ModelName><dpws:ModelNumber>1.0</dpws:ModelNumber></dpws:ThisModel></wsx:MetadataSection>"
                + "<wsx:MetadataSection Dialect=\"http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01/ThisDevice\"><dpws:ThisDevice>"
                + "<dpws:FriendlyName>OR 3 anesthesia</dpws:FriendlyName><dpws:FirmwareVersion>2.03</dpws:FirmwareVersion>"
                + "<dpws:SerialNumber>ASAA-0042</dpws:SerialNumber></dpws:ThisDevice></wsx:MetadataSection></wsx:Metadata></s12:Body></s12:Envelope>";
        byte[] rq = http("POST /dev HTTP/1.1\r\nHost: 10.1.2.3:6464", "<s12:Envelope><s12:Body/></s12:Envelope>");
        byte[] rs = http("HTTP/1.1 200 OK", body);
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SdcHttpAnalyzerFactory(), 6464).client(rq).feedSplit(false, rs, 100).end();
        SdcDeviceMetadataSeen m = h.observations(SdcDeviceMetadataSeen.class).get(0);
        assertThat(m.manufacturer()).isEqualTo("Draeger");
        assertThat(m.modelName()).isEqualTo("Perseus A500");
        assertThat(m.friendlyName()).isEqualTo("OR 3 anesthesia");
        assertThat(m.firmwareVersion()).isEqualTo("2.03");
        assertThat(m.serialNumber()).isEqualTo("ASAA-0042");
    }

    @Test
    void mdibFromTheDraegerReferenceDeviceGivesMdsTypeAndMetadataAndFlagsPatientContext() throws Exception {
        String mdib = Files.readString(Requirements.sharedFile("corpus/medical/sdc_payloads/sdc11073_70041_MDIB_Final.xml"));
        String body = "<s12:Envelope xmlns:s12=\"http://www.w3.org/2003/05/soap-envelope\"><s12:Body>"
                + mdib.replaceFirst("^<\\?xml[^>]*\\?>", "") + "</s12:Body></s12:Envelope>";
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SdcHttpAnalyzerFactory(), 6464)
                .feedSplit(false, http("HTTP/1.1 200 OK", body), 1400).end();
        SdcMdibSeen m = h.observations(SdcMdibSeen.class).get(0);
        assertThat(m.mdibVersion()).isEqualTo("174");
        assertThat(m.mdsTypes()).contains("70041");
        assertThat(m.manufacturer()).isEqualTo("Drägerwerk AG & Co. KGaA");
        assertThat(m.modelName()).isEqualTo("A3XX");
        assertThat(m.patientContextSeen()).isTrue();
        assertThat(h.counter("sdc_buffer_cap")).isZero();
    }
}
