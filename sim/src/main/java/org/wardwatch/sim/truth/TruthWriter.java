package org.wardwatch.sim.truth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.wardwatch.sim.AttackKind;
import org.wardwatch.sim.SimulationConfig;
import org.wardwatch.sim.attack.Attack;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.hospital.Device;
import org.wardwatch.sim.hospital.Hospital;
import org.wardwatch.sim.hospital.Vlan;
import org.wardwatch.sim.wire.Addr;

/**
 * Writes {@code FILE.truth.json}: the run's parameters, every device with each identity fact and the
 * source of that fact, and every attack with its packet window. The schema is documented in
 * docs/simulator.md. Written as a stream so a 1,000-bed hospital costs no extra memory.
 */
public final class TruthWriter {
    public static final String FORMAT = "wardwatch-sim-truth/1";
    public static final String HONESTY = "Simulated traffic. Scores measured against this truth check the pipeline, not real-world"
            + " accuracy: the simulator and wardwatch's identifier draw on the same public knowledge.";

    private TruthWriter() {
    }

    public static void write(Path file, SimulationConfig config, Catalog catalog, Hospital hospital, List<Attack> attacks,
                             long[] attackFirst, long[] attackLast, long[] attackPackets, Path capture, long packets, long bytes,
                             long firstPacket, long lastPacket) throws IOException {
        JsonFactory f = new JsonFactory();
        try (JsonGenerator g = f.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("note", HONESTY);
            g.writeObjectFieldStart("generator");
            g.writeStringField("command", "wardwatch simulate");
            g.writeNumberField("beds", config.beds());
            g.writeNumberField("durationSeconds", config.durationSeconds());
            g.writeNumberField("seed", config.seed());
            g.writeStringField("topology", config.topology().name().toLowerCase(Locale.ROOT));
            g.writeArrayFieldStart("attacks");
            for (AttackKind k : new java.util.TreeSet<>(config.attacks())) {
                g.writeString(k.cliName());
            }
            g.writeEndArray();
            g.writeStringField("start", config.start().toString());
            g.writeStringField("end", Instant.ofEpochSecond(0, config.endNanos()).toString());
            g.writeEndObject();

            g.writeObjectFieldStart("capture");
            g.writeStringField("file", capture.getFileName().toString());
            g.writeNumberField("packets", packets);
            g.writeNumberField("bytes", bytes);
            if (packets > 0) {
                g.writeStringField("firstPacket", ts(firstPacket));
                g.writeStringField("lastPacket", ts(lastPacket));
            }
            g.writeStringField("linkType", "ethernet");
            g.writeStringField("capturePoint", "SPAN of the access VLANs, 802.1Q-tagged: each flow recorded once, on the VLAN of the"
                    + " host that opened it (frames that crossed the router carry the router's MAC); broadcasts on the sender's VLAN");
            g.writeEndObject();

            g.writeObjectFieldStart("hospital");
            g.writeStringField("domain", Hospital.DOMAIN);
            g.writeNumberField("beds", hospital.beds());
            g.writeNumberField("devices", hospital.devices().size());
            g.writeArrayFieldStart("departments");
            for (String d : hospital.departments()) {
                g.writeString(d);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("vlans");
            for (Vlan v : hospital.vlans().values()) {
                g.writeStartObject();
                g.writeNumberField("id", v.id());
                g.writeStringField("name", v.name());
                g.writeStringField("subnet", v.cidr());
                g.writeStringField("gateway", Addr.ipString(v.gateway().ip()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();

            g.writeArrayFieldStart("devices");
            for (Device d : hospital.devices()) {
                device(g, catalog, d);
            }
            g.writeEndArray();

            g.writeArrayFieldStart("attacks");
            for (Attack a : attacks) {
                attack(g, a, attackFirst[a.index()], attackLast[a.index()], attackPackets[a.index()]);
            }
            g.writeEndArray();

            g.writeObjectFieldStart("sources");
            for (var e : catalog.sources().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("title", e.getValue().title());
                g.writeStringField("url", e.getValue().url());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void device(JsonGenerator g, Catalog catalog, Device d) throws IOException {
        Catalog.Profile p = d.profile();
        Catalog.Application app = d.application();
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeStringField("mac", Addr.macString(d.mac()));
        g.writeArrayFieldStart("ips");
        g.writeString(d.ip());
        g.writeEndArray();
        g.writeObjectFieldStart("vlan");
        g.writeNumberField("id", d.vlan().id());
        g.writeStringField("name", d.vlan().name());
        g.writeEndObject();
        g.writeStringField("department", d.department());
        if (d.location() != null) {
            g.writeStringField("location", d.location());
        }
        if (d.hostname() != null) {
            g.writeStringField("hostname", d.hostname());
        }
        g.writeStringField("class", p.deviceClass());
        g.writeStringField("category", p.category());
        g.writeStringField("function", d.function());
        g.writeStringField("profile", p.id());
        fact(g, "vendor", p.vendor());
        fact(g, "model", p.model());
        fact(g, "os", p.os());
        fact(g, "firmware", p.firmware());
        if (app != null) {
            fact(g, "application", app.application());
        }
        Catalog.Oui oui = app != null && app.oui() != null ? app.oui() : p.oui();
        g.writeObjectFieldStart("macVendor");
        g.writeStringField("oui", oui.prefix());
        g.writeStringField("organization", oui.org());
        strings(g, "src", oui.src());
        g.writeStringField("pairing", oui.pairing());
        if (oui.pairingSrc() != null) {
            strings(g, "pairingSrc", oui.pairingSrc());
        }
        if (oui.pairingNote() != null) {
            g.writeStringField("pairingNote", oui.pairingNote());
        }
        g.writeEndObject();
        Catalog.Addressing a = p.addressing();
        g.writeObjectFieldStart("addressing");
        g.writeStringField("mode", a.mode());
        strings(g, "src", a.src());
        if (a.dhcp()) {
            Catalog.DhcpFingerprint fp = catalog.fingerprint(a.fingerprint());
            g.writeObjectFieldStart("dhcpFingerprint");
            g.writeStringField("id", fp.id());
            g.writeStringField("description", fp.description());
            g.writeArrayFieldStart("parameterRequestList");
            for (int o : fp.prl()) {
                g.writeNumber(o);
            }
            g.writeEndArray();
            if (fp.vendorClass() != null) {
                g.writeStringField("vendorClass", fp.vendorClass());
            }
            g.writeStringField("basis", a.basis());
            strings(g, "src", List.of("FINGERBANK"));
            g.writeEndObject();
        }
        g.writeEndObject();
        Catalog.DicomIdentity di = app != null && app.dicom() != null ? app.dicom() : p.dicom();
        if (di != null) {
            g.writeObjectFieldStart("dicom");
            g.writeStringField("aeTitle", d.aeTitle());
            g.writeStringField("implementationClassUid", di.implClassUid());
            g.writeStringField("implementationVersionName", di.implVersionName());
            if (!di.manufacturer().isEmpty()) {
                g.writeStringField("manufacturer", di.manufacturer());
                g.writeStringField("model", di.model());
                g.writeStringField("softwareVersions", di.softwareVersions());
                g.writeStringField("modality", di.modality());
                g.writeStringField("sopClass", di.sopClass());
            }
            strings(g, "src", di.src());
            if (di.note() != null) {
                g.writeStringField("note", di.note());
            }
            g.writeEndObject();
        }
        Catalog.Hl7Identity hl7 = app != null && app.hl7() != null ? app.hl7() : p.hl7();
        if (hl7 != null) {
            g.writeObjectFieldStart("hl7");
            g.writeStringField("sendingApplication", hl7.sendingApp());
            g.writeStringField("eui64", d.eui64());
            strings(g, "src", hl7.src());
            g.writeEndObject();
        }
        if (p.bacnet() != null) {
            g.writeObjectFieldStart("bacnet");
            g.writeNumberField("vendorId", p.bacnet().vendorId());
            g.writeNumberField("deviceInstance", 10000 + d.index());
            strings(g, "src", p.bacnet().src());
            g.writeEndObject();
        }
        List<Catalog.Listen> listens = new java.util.ArrayList<>(p.listens());
        if (app != null) {
            listens.addAll(app.listens());
        }
        if (!listens.isEmpty()) {
            g.writeArrayFieldStart("listens");
            for (Catalog.Listen l : listens) {
                g.writeStartObject();
                g.writeNumberField("port", l.port());
                g.writeStringField("proto", l.proto());
                g.writeStringField("service", l.service());
                strings(g, "src", l.src());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        Catalog.VendorLink link = p.vendorLink();
        if (link != null) {
            g.writeObjectFieldStart("vendorLink");
            g.writeNumberField("port", link.port());
            g.writeStringField("proto", link.proto());
            g.writeStringField("portBasis", link.portBasis());
            strings(g, "src", link.src());
            if (link.note() != null) {
                g.writeStringField("note", link.note());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void attack(JsonGenerator g, Attack a, long first, long last, long packets) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("kind", a.kind().cliName());
        g.writeStringField("description", a.kind().description());
        g.writeStringField("details", a.details());
        g.writeObjectFieldStart("attacker");
        if (a.attacker() != null) {
            g.writeStringField("device", a.attacker().id());
            g.writeStringField("ip", a.attacker().ip());
            g.writeStringField("mac", Addr.macString(a.attacker().mac()));
        }
        if (a.externalAddress() != null) {
            g.writeStringField("externalPeer", a.externalAddress());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("victims");
        for (Device v : a.victims()) {
            g.writeStartObject();
            g.writeStringField("device", v.id());
            g.writeStringField("ip", v.ip());
            g.writeEndObject();
        }
        for (String ip : a.victimAddresses()) {
            g.writeStartObject();
            g.writeStringField("ip", ip);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("plannedStart", ts(a.plannedStart()));
        g.writeStringField("plannedEnd", ts(a.plannedEnd()));
        g.writeNumberField("packets", packets);
        if (packets > 0) {
            g.writeStringField("firstPacket", ts(first));
            g.writeStringField("lastPacket", ts(last));
        }
        strings(g, "indicators", a.indicators());
        g.writeEndObject();
    }

    private static void fact(JsonGenerator g, String name, Catalog.Fact f) throws IOException {
        if (f == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("value", f.value());
        strings(g, "src", f.src());
        if (f.note() != null) {
            g.writeStringField("note", f.note());
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        if (values != null) {
            for (String v : values) {
                g.writeString(v);
            }
        }
        g.writeEndArray();
    }

    private static String ts(long nanos) {
        return Instant.ofEpochSecond(0, nanos).toString();
    }
}
