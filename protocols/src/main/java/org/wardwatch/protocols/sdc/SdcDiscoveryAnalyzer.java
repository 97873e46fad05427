package org.wardwatch.protocols.sdc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.obs.sdc.SdcDiscoverySeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * WS-Discovery 1.1 messages (Hello, Bye, Probe, ProbeMatches, Resolve, ResolveMatches) of IEEE 11073
 * SDC participants. Reports the action, endpoint references, types (an MDPWS {@code MedicalDevice} type
 * marks an SDC device), scopes and XAddrs. Scopes of the patient context ({@code sdc.ctxt.pat}, IEEE
 * 11073-20701 9.4) carry patient identifiers: they are dropped and only flagged.
 */
public final class SdcDiscoveryAnalyzer implements Analyzer {
    static final int MAX_DATAGRAM = 64 * 1024;
    private static final String[] ACTIONS = {"ProbeMatches", "ResolveMatches", "Hello", "Bye", "Probe", "Resolve"};

    @Override
    public void onDatagram(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        String xml = new String(data, offset, Math.min(length, MAX_DATAGRAM), StandardCharsets.UTF_8);
        String actionUri = SdcXml.text(xml, "Action");
        String action = null;
        if (actionUri != null) {
            for (String a : ACTIONS) {
                if (actionUri.endsWith("/" + a)) {
                    action = a;
                    break;
                }
            }
        }
        if (action == null || !xml.contains("ws-dd/ns/discovery")) {
            ctx.violation("not WS-Discovery");
            return;
        }
        ctx.confirm();
        List<String> types = new ArrayList<>();
        for (String t : SdcXml.texts(xml, "Types", 8)) {
            for (String q : t.split("\\s+")) {
                if (types.size() < 16) {
                    types.add(q);
                }
            }
        }
        List<String> scopes = new ArrayList<>();
        boolean patient = false;
        for (String s : SdcXml.texts(xml, "Scopes", 8)) {
            for (String uri : s.split("\\s+")) {
                if (uri.toLowerCase(java.util.Locale.ROOT).contains("sdc.ctxt.pat")) {
                    patient = true;
                } else if (scopes.size() < 32) {
                    scopes.add(uri);
                }
            }
        }
        List<String> xaddrs = new ArrayList<>();
        for (String x : SdcXml.texts(xml, "XAddrs", 8)) {
            for (String a : x.split("\\s+")) {
                if (xaddrs.size() < 16) {
                    xaddrs.add(a);
                }
            }
        }
        List<String> eprs = new ArrayList<>();
        for (String epr : SdcXml.texts(xml, "EndpointReference", 16)) {
            eprs.add(epr);
        }
        // EndpointReference holds an Address element: read Address texts inside the body
        int body = xml.indexOf("Body");
        if (body >= 0) {
            eprs.addAll(SdcXml.texts(xml.substring(body), "Address", 16));
        }
        Long metadataVersion = null;
        String mv = SdcXml.text(xml, "MetadataVersion");
        if (mv != null) {
            try {
                metadataVersion = Long.parseLong(mv);
            } catch (NumberFormatException e) {
                ctx.anomaly("sdc_discovery_metadata_version_invalid");
            }
        }
        boolean medical = types.stream().anyMatch(t -> t.endsWith(":MedicalDevice") || t.equals("MedicalDevice"));
        ctx.emit(new SdcDiscoverySeen(ctx.ts(), ctx.flow(), action, eprs, types, scopes, xaddrs, metadataVersion, medical,
                patient));
    }
}
