package org.wardwatch.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.model.obs.dicom.DicomAssociationRequested;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.dicom.DicomOperationSeen;
import org.wardwatch.model.obs.dicom.DicomPresentationContext;
import org.wardwatch.model.obs.hl7.Hl7MessageSeen;
import org.wardwatch.model.obs.http.HttpRequestSeen;

/** Small builders of observation records for inventory tests (shapes as the analyzers emit them). */
final class Obs {
    static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    private Obs() {
    }

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static MacAddress mac(String s) {
        return MacAddress.parse(s);
    }

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    static FlowId tcp(String client, int cport, String server, int sport) {
        return new FlowId(0, ip(client), cport, ip(server), sport, FlowId.TCP);
    }

    static FlowId udp(String client, int cport, String server, int sport) {
        return new FlowId(0, ip(client), cport, ip(server), sport, FlowId.UDP);
    }

    static AddressSeen arp(long t, String mac, String ip) {
        return new AddressSeen(t(t), mac(mac), ip(ip), 0, "arp");
    }

    /** A finished TCP flow with a handshake answered by the server. */
    static FlowRecord flow(long t, FlowId id, String clientMac, String serverMac, String application) {
        return new FlowRecord(t(t + 1), id, t(t), t(t + 1), clientMac == null ? null : mac(clientMac),
                serverMac == null ? null : mac(serverMac), 0, 5, 600, 4, 1200, 300, 900, 0x1b, 0x1b,
                "closed", "fin", application);
    }

    /** A flow the server never answered (a scan probe). */
    static FlowRecord unanswered(long t, FlowId id, String clientMac) {
        return new FlowRecord(t(t + 1), id, t(t), t(t), mac(clientMac), null, 0, 1, 60, 0, 0, 0, 0, 0x02, 0,
                "syn_sent", "idle_timeout", null);
    }

    static DhcpClientSeen dhcp(long t, String mac, String hostname, List<Integer> prl, String vendorClass) {
        return new DhcpClientSeen(t(t), udp("0.0.0.0", 68, "255.255.255.255", 67), mac(mac), "request", 1L, hostname, prl,
                vendorClass, null, null, null, null, null, null, List.of(53, 55));
    }

    static HttpRequestSeen http(long t, FlowId flow, String userAgent) {
        return new HttpRequestSeen(t(t), flow, "GET", "example", "/", false, "HTTP/1.1", userAgent, null, null, List.of("host"));
    }

    static DicomAssociationRequested associate(long t, FlowId flow, String calling, String called, String uid, String version,
                                               String sopName) {
        return new DicomAssociationRequested(t(t), flow, 1, calling, called, "1.2.840.10008.3.1.1.1",
                List.of(new DicomPresentationContext(1, "1.2.840.10008.5.1.4.1.1.2", sopName, List.of("1.2.840.10008.1.2"))),
                uid, version, 16384, -1, -1, null, false);
    }

    static DicomOperationSeen operation(long t, FlowId flow, String command, String sopClass) {
        return new DicomOperationSeen(t(t), flow, true, 1, command, 1, 1, null, sopClass, null, null, null, 0, true,
                null, null, null, null);
    }

    static DicomDeviceIdentified equipment(long t, FlowId flow, String modality, String manufacturer, String model, String serial) {
        return new DicomDeviceIdentified(t(t), flow, true, "C-STORE-RQ", "1.2.840.10008.5.1.4.1.1.2", modality, manufacturer,
                model, "CT01", serial, "VB10", null);
    }

    static Hl7MessageSeen hl7(long t, FlowId flow, String sendingApp, String receivingApp, String type, String event) {
        return new Hl7MessageSeen(t(t), flow, true, sendingApp, "FAC", receivingApp, "FAC", type, event, null, "1", "P", "2.6",
                null, List.of("MSH", "PID", "OBR", "OBX"), 4, null, null, List.of(), List.of("PID"), 1);
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
