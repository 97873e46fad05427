package org.wardwatch.sim.proto;

/**
 * WS-Discovery 1.1 Hello (OASIS wsdd-discovery-1.1-spec-os, SOAP 1.2 over UDP 3702 to
 * 239.255.255.250), as an IEEE 11073-20702 (MDPWS) medical device announces itself for SDC
 * (multicast port and group as in Draegerwerk/sdc11073 {@code wsdiscovery/common.py}).
 */
public final class WsDiscovery {
    public static final int PORT = 3702;
    public static final String GROUP = "239.255.255.250";

    private WsDiscovery() {
    }

    public static byte[] hello(String messageUuid, String endpointUuid, String xaddr, long instanceId, int messageNumber) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<s12:Envelope xmlns:s12=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:wsa=\"http://www.w3.org/2005/08/addressing\""
                + " xmlns:wsd=\"http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01\""
                + " xmlns:dpws=\"http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01\""
                + " xmlns:mdpws=\"http://standards.ieee.org/downloads/11073/11073-20702-2016\">"
                + "<s12:Header>"
                + "<wsa:Action>http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/Hello</wsa:Action>"
                + "<wsa:MessageID>urn:uuid:" + messageUuid + "</wsa:MessageID>"
                + "<wsa:To>urn:docs-oasis-open-org:ws-dd:ns:discovery:2009:01</wsa:To>"
                + "<wsd:AppSequence InstanceId=\"" + instanceId + "\" MessageNumber=\"" + messageNumber + "\"/>"
                + "</s12:Header><s12:Body><wsd:Hello>"
                + "<wsa:EndpointReference><wsa:Address>urn:uuid:" + endpointUuid + "</wsa:Address></wsa:EndpointReference>"
                + "<wsd:Types>dpws:Device mdpws:MedicalDevice</wsd:Types>"
                + "<wsd:XAddrs>" + xaddr + "</wsd:XAddrs>"
                + "<wsd:MetadataVersion>1</wsd:MetadataVersion>"
                + "</wsd:Hello></s12:Body></s12:Envelope>";
        return xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
