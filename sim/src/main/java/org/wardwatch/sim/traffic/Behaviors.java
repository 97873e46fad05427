package org.wardwatch.sim.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.hospital.Device;
import org.wardwatch.sim.hospital.Hospital;
import org.wardwatch.sim.hospital.Zone;
import org.wardwatch.sim.proto.Astm;
import org.wardwatch.sim.proto.Hl7;
import org.wardwatch.sim.proto.Http;
import org.wardwatch.sim.proto.Ipp;
import org.wardwatch.sim.proto.Poct1a;
import org.wardwatch.sim.proto.Rtsp;
import org.wardwatch.sim.proto.Sip;
import org.wardwatch.sim.wire.Addr;
import org.wardwatch.sim.wire.Host;
import org.wardwatch.sim.wire.TcpStep;

/**
 * Normal life in the hospital, device by device: which conversations each kind of device starts, how
 * often, and with whom. Flows follow DOMAIN.md section 1 (who talks to whom); where a flow's content is
 * not public the conversation is opaque and the catalogue says so. Rates are simulator choices
 * except where cited (GE B40 sends HL7 every 1-60 min; a PCU talks only DNS, DHCP and its server).
 */
public final class Behaviors {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    private final Hospital h;
    private final Catalog catalog;
    private final Network net;
    private final long start;
    private final long end;
    private final SplittableRandom master;
    private final List<Task> tasks = new ArrayList<>();
    private final Device dc;
    private final Device ie;
    private final Device ehr;
    private final Device pacs;
    private final Device siem;
    private int controlId;

    public Behaviors(Hospital hospital, Catalog catalog, Network net, long start, long end, long seed) {
        this.h = hospital;
        this.catalog = catalog;
        this.net = net;
        this.start = start;
        this.end = end;
        this.master = new SplittableRandom(seed ^ 0xbe4a_71a5L);
        this.dc = h.server("domain_controller");
        this.ie = h.server("interface_engine");
        this.ehr = h.server("ehr");
        this.pacs = h.server("pacs");
        this.siem = h.server("syslog_collector");
    }

    /** Every task of every device, in device order. */
    public List<Task> build() {
        for (Device d : h.devices()) {
            common(d);
            switch (d.function()) {
                case "monitor_stream" -> monitorStream(d);
                case "monitor_hl7_direct" -> monitorHl7(d);
                case "pump" -> pump(d);
                case "bed_mqtt_tls", "bed_opaque" -> bed(d);
                case "nurse_call" -> nurseCall(d);
                case "vitals_hl7" -> vitals(d);
                case "serial_gateway" -> serialGateway(d);
                case "sdc_provider" -> sdcProvider(d);
                case "modality" -> modality(d);
                case "lab_analyzer" -> labAnalyzer(d);
                case "poc_device" -> pocDevice(d);
                case "med_cabinet" -> medCabinet(d);
                case "workstation" -> workstation(d);
                case "printer" -> printer(d);
                case "voip_phone" -> phone(d);
                case "access_point" -> accessPoint(d);
                case "camera" -> camera(d);
                case "access_control" -> accessControl(d);
                case "ups" -> ups(d);
                case "device_gateway" -> deviceGateway(d);
                case "pump_server" -> pumpServer(d);
                case "ehr" -> ehrServer(d);
                case "bms" -> bms(d);
                default -> {
                }
            }
        }
        return tasks;
    }

    // ------------------------------------------------------------------ plumbing

    private void task(Device d, String what, long first, Task.Interval interval, Task.Action action) {
        tasks.add(new Task(d.id() + ":" + what, first, interval, action, master.split()));
    }

    /** A first firing time spread over the first {@code spreadSeconds} of the capture. */
    private long spread(double spreadSeconds) {
        return start + (long) (master.nextDouble() * Math.min(spreadSeconds, (end - start) / (double) S) * S);
    }

    private String nextControlId() {
        return String.format("MSG%08d", ++controlId);
    }

    private static String hl7App(String app, Device d) {
        return app + "^" + d.eui64() + "^EUI-64";
    }

    /** An HL7 message to the interface engine, and the engine's forward of it to the EHR a moment later. */
    private void hl7ViaEngine(long t, SplittableRandom rng, Out out, Device sender, byte[] message, String sendingApp,
                              String version) {
        String id = nextControlId();
        out.add(Sessions.hl7(rng, t, sender.host(), ie.host(), 2575, Network.path(sender, ie), message,
                Hl7.ack("MIRTH", sendingApp, t, nextControlId(), id, "AA", version)));
        if (ehr != null) {
            long t2 = t + 20 * MS + rng.nextLong(80 * MS);
            out.add(Sessions.hl7(rng, t2, ie.host(), ehr.host(), 6661, Path.LAN, message,
                    Hl7.ack("EHR", "MIRTH", t2, nextControlId(), id, "AA", version)));
        }
    }

    // ------------------------------------------------------------------ every device

    private void common(Device d) {
        if (d == h.router()) {
            task(d, "syslog", spread(300), Task.poisson(240), (t, rng, out) -> out.add(Sessions.syslog(t, d.host(), siem.host(), 23, 5,
                    "core-rtr", "IOS", "LINK", "Interface Gi1/0/" + (1 + rng.nextInt(48)) + " changed state")));
            return;
        }
        Host gw = d.vlan().gateway();
        // ARP: the device refreshes the gateway's entry, or the router refreshes the device's
        task(d, "arp", spread(900), Task.every(900, 0.6), (t, rng, out) -> out.add(rng.nextBoolean()
                ? Sessions.arp(rng, t, d.host(), gw) : Sessions.arp(rng, t, gw, d.host())));
        Catalog.Addressing a = d.profile().addressing();
        if (a.dhcp() && dc != null) {
            Catalog.DhcpFingerprint fp = catalog.fingerprint(a.fingerprint());
            Sessions.Lease lease = new Sessions.Lease(dc.host().ip(), gw, d.vlan().mask(), gw.ip(), dc.host().ip(), Hospital.DOMAIN, 7200);
            String hostname = d.hostname();
            double dora = d.profile().wireless() ? 0.4 : 0.15;
            task(d, "dhcp", spread(3600), Task.every(3600, 0.1), (t, rng, out) -> out.add(rng.nextDouble() < dora
                    ? Sessions.dhcpDora(rng, t, d.host(), lease, hostname, fp.vendorClass(), fp.prl())
                    : Sessions.dhcpRenew(rng, t, d.host(), dc.host(), lease, hostname, fp.vendorClass(), fp.prl())));
        }
        if (dc != null && d != dc && ntpClient(d)) {
            task(d, "ntp", spread(1024), Task.every(1024, 0.3), (t, rng, out) ->
                    out.add(Sessions.ntp(rng, t, d.host(), dc.host(), Addr.ip(192, 0, 2, 123), Network.path(d, dc))));
        }
        if (d.zone() == Zone.SERVERS && siem != null && d != siem) {
            task(d, "syslog", spread(300), Task.poisson(180), (t, rng, out) -> out.add(Sessions.syslog(t, d.host(), siem.host(), 4, 6,
                    d.hostname().toLowerCase(Locale.ROOT), d.profile().ttl() == 128 ? "EventLog" : "sshd", "-",
                    d.profile().ttl() == 128 ? "An account was successfully logged on." : "session opened for user svc")));
        }
    }

    private static boolean ntpClient(Device d) {
        String c = d.profile().deviceClass();
        return !"medical".equals(c) || d.profile().os() != null;
    }

    // ------------------------------------------------------------------ bedside

    private void monitorStream(Device d) {
        Device central = h.server("central_station", d.profile().id());
        Catalog.VendorLink link = d.profile().vendorLink();
        if (central == null || link == null) {
            return;
        }
        boolean monitorAnswers = link.port() == 24105 && "cited".equals(link.portBasis());
        task(d, "vendor-stream", spread(5), Task.every(5, 0.2), (t, rng, out) -> out.add(monitorAnswers
                ? Sessions.opaqueUdp(rng, t, central.host(), 24105, d.host(), 24105, 64, 400 + rng.nextInt(400), Network.path(d, central))
                : Sessions.opaqueUdp(rng, t, d.host(), link.port(), central.host(), link.port(), 400 + rng.nextInt(400), 64,
                        Network.path(d, central))));
    }

    private void monitorHl7(Device d) {
        String app = d.profile().hl7().sendingApp();
        // GE B40: trends every 1-60 min, the monitor is the TCP client [26]; five minutes here
        task(d, "hl7-oru", spread(300), Task.every(300, 0.05), (t, rng, out) -> {
            String id = nextControlId();
            byte[] msg = Hl7.oruVitals(hl7App(app, d), "MIRTH", t, id, d.patient(), d.location(), d.eui64(), 60 + rng.nextInt(50),
                    100 + rng.nextInt(50), 60 + rng.nextInt(30));
            hl7ViaEngine(t, rng, out, d, msg, app, "2.6");
        });
    }

    private void deviceGateway(Device gw) {
        // PCD-01 for every monitored patient of its vendor every five minutes [20]
        List<Device> monitors = new ArrayList<>();
        for (Device d : h.devices()) {
            if ("monitor_stream".equals(d.function()) && gw.application().forProfiles().contains(d.profile().id())
                    && !"telemetry".equals(d.profile().category())) {
                monitors.add(d);
            }
        }
        if (monitors.isEmpty()) {
            return;
        }
        String app = gw.application().hl7() == null ? "GATEWAY" : gw.application().hl7().sendingApp();
        int[] next = {0};
        task(gw, "hl7-pcd01", spread(10), Task.every(300.0 / monitors.size(), 0.3), (t, rng, out) -> {
            Device m = monitors.get(next[0]++ % monitors.size());
            byte[] msg = Hl7.oruVitals(hl7App(app, gw), "MIRTH", t, nextControlId(), m.patient(), m.location(), m.eui64(),
                    60 + rng.nextInt(50), 100 + rng.nextInt(50), 60 + rng.nextInt(30));
            hl7ViaEngine(t, rng, out, gw, msg, app, "2.6");
        });
        // ventilator data through the serial device servers, polled by the gateway
        for (Device d : h.withFunction("serial_gateway")) {
            if (gw == h.withFunction("device_gateway").get(0)) {
                int port = d.profile().vendorLink().port();
                task(gw, "serial-poll-" + d.id(), spread(600), Task.every(600, 0.1), (t, rng, out) ->
                        out.add(Sessions.opaqueTcp(rng, t, gw.host(), d.host(), port, Network.path(gw, d), 20, 24, 180)));
            }
        }
    }

    private void pump(Device d) {
        Device server = h.server("pump_server", d.profile().id());
        Catalog.VendorLink link = d.profile().vendorLink();
        if (server == null || link == null) {
            return;
        }
        String name = d.profile().dnsName() != null ? d.profile().dnsName() + "." + Hospital.DOMAIN : Network.dnsName(server);
        boolean usesDns = d.profile().dnsName() != null;
        task(d, "pump-server", spread(300), Task.every(300, 0.3), (t, rng, out) -> {
            long at = t;
            if (usesDns && rng.nextInt(4) == 0) {
                out.add(Sessions.dns(rng, at, d.host(), dc.host(), name, server.host().ip(), 900, Network.path(d, dc)));
                at += 20 * MS;
            }
            if (link.port() == 443) {
                out.add(Sessions.tls(rng, at, d.host(), server.host(), 443, Network.path(d, server), name, null, 2, 300, 200, 0));
            } else {
                out.add(Sessions.opaqueTcp(rng, at, d.host(), server.host(), link.port(), Network.path(d, server), 2, 300, 120));
            }
        });
    }

    private void pumpServer(Device s) {
        List<Device> pumps = new ArrayList<>();
        for (Device d : h.withFunction("pump")) {
            if (s.application().forProfiles().contains(d.profile().id())) {
                pumps.add(d);
            }
        }
        if (pumps.isEmpty() || ie == null) {
            return;
        }
        String app = "PUMPSRV";
        // PCD-01 pump status to the EHR through the engine: one pump every few seconds
        task(s, "hl7-pump-status", spread(30), Task.every(Math.max(5, 1800.0 / pumps.size()), 0.5), (t, rng, out) -> {
            Device p = pumps.get(rng.nextInt(pumps.size()));
            byte[] msg = Hl7.oruPump(hl7App(app, s), "MIRTH", t, nextControlId(), p.patient(), p.eui64(),
                    rng.nextInt(5) == 0 ? "stopped" : "infusing");
            hl7ViaEngine(t, rng, out, s, msg, app, "2.6");
        });
    }

    private void ehrServer(Device e) {
        if (e != ehr) {
            return;
        }
        List<Device> pumps = h.withFunction("pump");
        List<Device> subscribers = new ArrayList<>();
        for (String f : List.of("nurse_call_server", "pump_server", "pacs", "lis", "pharmacy_server", "bed_gateway")) {
            subscribers.addAll(h.withFunction(f));
        }
        double beds = Math.max(1, h.beds());
        // admissions: ADT^A01 to the engine, fanned out to every subscriber
        task(e, "hl7-adt", spread(600), Task.diurnal(3600 * 24 / beds / 2), (t, rng, out) -> {
            int patient = 1 + rng.nextInt(h.beds());
            String bed = "BED" + patient;
            String id = nextControlId();
            byte[] adt = Hl7.adtA01("EHR", "MIRTH", t, id, patient, bed);
            out.add(Sessions.hl7(rng, t, e.host(), ie.host(), 2575, Path.LAN, adt, Hl7.ack("MIRTH", "EHR", t, nextControlId(), id, "AA", "2.5")));
            long at = t + 30 * MS;
            for (Device sub : subscribers) {
                at += 5 * MS + rng.nextLong(40 * MS);
                byte[] fwd = Hl7.adtA01("MIRTH", sub.hostname(), at, nextControlId(), patient, bed);
                out.add(Sessions.hl7(rng, at, ie.host(), sub.host(), 2575, Path.LAN, fwd,
                        Hl7.ack(sub.hostname(), "MIRTH", at, nextControlId(), id, "AA", "2.5")));
            }
        });
        // PCD-03 infusion orders to the pump servers (auto-programming)
        if (!pumps.isEmpty()) {
            task(e, "hl7-pcd03", spread(300), Task.diurnal(Math.max(20, 3600 / beds * 3)), (t, rng, out) -> {
                Device p = pumps.get(rng.nextInt(pumps.size()));
                Device server = h.server("pump_server", p.profile().id());
                String id = nextControlId();
                byte[] rgv = Hl7.rgvOrder(hl7App("EHR", e), hl7App("PUMPSRV", server), t, id, p.patient(), p.eui64(),
                        rng.nextBoolean() ? "SODIUM CHLORIDE 0.9%" : "HEPARIN", String.valueOf(25 + rng.nextInt(100)));
                out.add(Sessions.hl7(rng, t, e.host(), server.host(), 2575, Path.LAN, rgv,
                        Hl7.rrgAccept("PUMPSRV", "EHR", t, nextControlId(), id)));
            });
        }
    }

    private void bed(Device d) {
        Device gw = h.server("bed_gateway", d.profile().id());
        Catalog.VendorLink link = d.profile().vendorLink();
        if (gw == null || link == null) {
            return;
        }
        boolean tls = "bed_mqtt_tls".equals(d.function());
        task(d, "bed-link", spread(900), Task.every(900, 0.2), (t, rng, out) -> {
            if (tls) {
                out.add(Sessions.tls(rng, t, d.host(), gw.host(), link.port(), Network.path(d, gw), null, "mqtt", 10, 90, 40, 0));
            } else {
                out.add(Sessions.opaqueTcp(rng, t, d.host(), gw.host(), link.port(), Network.path(d, gw), 10, 120, 40));
            }
        });
    }

    private void nurseCall(Device d) {
        Device server = h.server("nurse_call_server");
        if (server == null) {
            return;
        }
        task(d, "nurse-call", spread(30), Task.every(30, 0.2), (t, rng, out) ->
                out.add(Sessions.opaqueUdp(rng, t, d.host(), 4077, server.host(), 4077, 60 + rng.nextInt(40), 40, Network.path(d, server))));
    }

    private void vitals(Device d) {
        Device gw = h.server("bed_gateway", "welch-allyn-connex-spot");
        if (gw == null) {
            return;
        }
        String app = d.profile().hl7().sendingApp();
        task(d, "spot-check", spread(3600), Task.diurnal(4 * 3600), (t, rng, out) -> {
            String id = nextControlId();
            out.add(Sessions.hl7(rng, t, d.host(), gw.host(), 2575, Network.path(d, gw),
                    Hl7.oruVitals(hl7App(app, d), "HILLROM_SDC", t, id, d.patient(), d.location(), d.eui64(), 60 + rng.nextInt(50),
                            100 + rng.nextInt(50), 60 + rng.nextInt(30)),
                    Hl7.ack("HILLROM_SDC", app, t, nextControlId(), id, "AA", "2.6")));
        });
    }

    private void serialGateway(Device d) {
        // polled by the monitoring vendor's gateway (see deviceGateway)
    }

    private void sdcProvider(Device d) {
        String endpoint = Sessions.uuid(master);
        long instance = 1 + master.nextInt(1_000_000);
        int[] msgNo = {0};
        task(d, "wsd-hello", spread(1200), Task.every(1800, 0.5), (t, rng, out) ->
                out.add(Sessions.wsdHello(rng, t, d.host(), endpoint, instance, ++msgNo[0])));
        Device consumer = h.withFunction("device_gateway").isEmpty() ? null : h.withFunction("device_gateway").get(0);
        if (consumer != null) {
            task(d, "sdc-session", spread(600), Task.every(600, 0.2), (t, rng, out) ->
                    out.add(Sessions.tls(rng, t, consumer.host(), d.host(), 6464, Network.path(consumer, d), null, null, 8, 900, 2500, 0)));
        }
    }

    // ------------------------------------------------------------------ shared clinical equipment

    private void modality(Device d) {
        Catalog.DicomIdentity di = d.profile().dicom();
        Catalog.DicomIdentity pi = pacs.application().dicom();
        Sessions.DicomAe me = new Sessions.DicomAe(d.aeTitle(), di.implClassUid(), di.implVersionName());
        Sessions.DicomAe archive = new Sessions.DicomAe(pacs.aeTitle(), pi.implClassUid(), pi.implVersionName());
        String station = d.aeTitle();
        Sessions.ImageFacts facts = new Sessions.ImageFacts(di.sopClass(), di.modality(), di.manufacturer(), di.model(), station,
                di.softwareVersions(), "ECG".equals(di.modality()) ? 32 : 64, "ECG".equals(di.modality()) ? 32 : 64);
        double studiesPerHour = switch (di.modality()) {
            case "CT" -> 3;
            case "MR" -> 1.5;
            case "US" -> 2;
            default -> 1.5;
        };
        int[] images = switch (di.modality()) {
            case "CT" -> new int[] {20, 60};
            case "MR" -> new int[] {30, 80};
            case "US" -> new int[] {4, 16};
            default -> new int[] {1, 2};
        };
        Path p = Network.path(d, pacs);
        task(d, "study", spread(600), Task.diurnal(3600 / studiesPerHour), (t, rng, out) -> {
            int patient = 1 + rng.nextInt(Math.max(1, h.beds()) * 3);
            out.add(Sessions.dicomWorklist(rng, t, d.host(), me, pacs.host(), archive, 104, p, di.modality(), patient, 1 + rng.nextInt(4)));
            long at = t + (60 + rng.nextInt(240)) * S;
            if (at < end) {
                out.add(Sessions.dicomStore(rng, at, d.host(), me, pacs.host(), archive, 104, p, facts, patient,
                        images[0] + rng.nextInt(images[1] - images[0] + 1)));
            }
        });
        task(d, "echo", spread(900), Task.every(900, 0.2), (t, rng, out) ->
                out.add(Sessions.dicomEcho(rng, t, d.host(), me, pacs.host(), archive, 104, p)));
    }

    private void labAnalyzer(Device d) {
        Device lis = h.server("lis");
        Catalog.VendorLink link = d.profile().vendorLink();
        if (lis == null || link == null) {
            return;
        }
        String sender = d.profile().model() != null ? d.profile().model().value() : "ANALYZER";
        task(d, "astm-results", spread(300), Task.diurnal(180), (t, rng, out) -> {
            String ts = Hl7.ts(t);
            String[] records = Astm.resultRecords(sender, ts, 1 + rng.nextInt(Math.max(1, h.beds()) * 3),
                    "S" + (100000 + rng.nextInt(900000)), new String[][] {
                        {"GLU", String.valueOf(70 + rng.nextInt(60)), "mg/dL"}, {"CREA", String.format("%.2f", 0.6 + rng.nextDouble()), "mg/dL"}});
            List<TcpStep> steps = new ArrayList<>();
            steps.add(TcpStep.client(MS, new byte[] {Astm.ENQ}));
            steps.add(TcpStep.server(2 * MS, new byte[] {Astm.ACK}));
            for (int i = 0; i < records.length; i++) {
                steps.add(TcpStep.client(3 * MS, Astm.frame(i + 1, records[i])));
                steps.add(TcpStep.server(2 * MS, new byte[] {Astm.ACK}));
            }
            steps.add(TcpStep.client(2 * MS, new byte[] {Astm.EOT}));
            steps.add(TcpStep.close(true, 50 * MS));
            out.add(Sessions.tcp(rng, t, d.host(), lis.host(), link.port(), Network.path(d, lis), steps));
        });
    }

    private void pocDevice(Device d) {
        Device dm = h.server("poc_data_manager");
        Catalog.VendorLink link = d.profile().vendorLink();
        if (dm == null || link == null) {
            return;
        }
        Catalog.Poct1aIdentity id = d.profile().poct1a();
        if (id == null) {
            task(d, "poc-upload", spread(3600), Task.diurnal(2400), (t, rng, out) ->
                    out.add(Sessions.opaqueTcp(rng, t, d.host(), dm.host(), link.port(), Network.path(d, dm), 3, 800, 120)));
            return;
        }
        String deviceId = Addr.macString(d.mac());
        task(d, "poc-upload", spread(3600), Task.diurnal(2400), (t, rng, out) -> {
            String when = java.time.Instant.ofEpochSecond(0, t).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            long c = 1 + rng.nextInt(1_000_000);
            List<TcpStep> steps = new ArrayList<>();
            steps.add(TcpStep.client(2 * MS, Poct1a.hello(c, when, deviceId, id.manufacturerName(), id.modelId())));
            steps.add(TcpStep.server(5 * MS, Poct1a.ack(c + 500_000, when, c)));
            steps.add(TcpStep.client(2 * MS, Poct1a.status(c + 1, when, rng.nextInt(4))));
            steps.add(TcpStep.server(5 * MS, Poct1a.ack(c + 500_001, when, c + 1)));
            steps.add(TcpStep.client(2 * MS, Poct1a.endOfTopic(c + 2, when)));
            steps.add(TcpStep.server(5 * MS, Poct1a.ack(c + 500_002, when, c + 2)));
            steps.add(TcpStep.close(true, 20 * MS));
            out.add(Sessions.tcp(rng, t, d.host(), dm.host(), link.port(), Network.path(d, dm), steps));
        });
    }

    private void medCabinet(Device d) {
        Device server = h.server("pharmacy_server");
        if (server == null) {
            return;
        }
        task(d, "pyxis", spread(600), Task.diurnal(300), (t, rng, out) ->
                out.add(Sessions.tls(rng, t, d.host(), server.host(), 443, Network.path(d, server), Network.dnsName(server), null, 3,
                        400, 900, 0)));
        // dispense events leave the pharmacy server as HL7 through the engine [49]
        if (d == h.withFunction("med_cabinet").get(0) && ie != null) {
            task(server, "hl7-dispense", spread(300), Task.diurnal(120), (t, rng, out) -> {
                String id = nextControlId();
                byte[] msg = Hl7.adtA01("PYXIS", "MIRTH", t, id, 1 + rng.nextInt(Math.max(1, h.beds())), "PHARM");
                hl7ViaEngine(t, rng, out, server, msg, "PYXIS", "2.5");
            });
        }
    }

    // ------------------------------------------------------------------ IT

    private void workstation(Device d) {
        String user = "user" + String.format("%04d", d.index());
        List<Device> fileServers = h.withFunction("file_server");
        List<Device> printers = h.withFunction("printer");
        String ehrName = ehr == null ? null : "ehr." + Hospital.DOMAIN;
        Path lan = Network.path(d, dc);
        if (ehr != null) {
            task(d, "ehr", spread(120), Task.diurnal(150), (t, rng, out) -> {
                long at = t;
                if (rng.nextInt(5) == 0) {
                    out.add(Sessions.dns(rng, at, d.host(), dc.host(), ehrName, ehr.host().ip(), 300, lan));
                    at += 10 * MS;
                }
                out.add(Sessions.tls(rng, at, d.host(), ehr.host(), 443, Path.LAN, ehrName, "http/1.1", 3 + rng.nextInt(10), 700,
                        6000, 0));
            });
            task(d, "fhir", spread(900), Task.diurnal(900), (t, rng, out) -> {
                int patient = 1 + rng.nextInt(Math.max(1, h.beds()));
                String target = "/fhir/Observation?patient=SIM" + String.format("%06d", patient) + "&code=8867-4";
                String body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":1,\"entry\":[{\"resource\":"
                        + "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                        + "\"code\":\"8867-4\"},{\"system\":\"urn:iso:std:iso:11073:10101\",\"code\":\"147842\"}]},"
                        + "\"subject\":{\"reference\":\"Patient/SIM" + String.format("%06d", patient) + "\"},"
                        + "\"valueQuantity\":{\"value\":" + (60 + rng.nextInt(50)) + ",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}}]}";
                out.add(Sessions.http(rng, t, d.host(), ehr.host(), 8080, Path.LAN,
                        Http.request("GET", target, "ehr." + Hospital.DOMAIN + ":8080", "clinical-viewer/2.1", null, null),
                        Http.response(200, "OK", null, "application/fhir+json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            });
        }
        if (!fileServers.isEmpty()) {
            Device fs = fileServers.get(d.index() % fileServers.size());
            task(d, "smb", spread(1800), Task.diurnal(1500), (t, rng, out) -> {
                List<Sessions.FileOp> ops = new ArrayList<>();
                int n = 1 + rng.nextInt(3);
                for (int i = 0; i < n; i++) {
                    ops.add(new Sessions.FileOp("dept\\" + d.department().replace(' ', '_') + "\\doc" + rng.nextInt(500) + ".docx",
                            rng.nextInt(3) == 0, 20_000 + rng.nextInt(200_000)));
                }
                out.add(Sessions.smb(rng, t, d.host(), fs.host(), lan, Hospital.NETBIOS_DOMAIN, user, d.hostname(), d.windowsVersion(),
                        fs.hostname(), "dept", true, ops));
            });
        }
        task(d, "logon", spread(3600), Task.every(3600, 0.2), (t, rng, out) -> {
            out.add(Sessions.dnsSrv(rng, t, d.host(), dc.host(), "_ldap._tcp.dc._msdcs." + Hospital.DOMAIN, Network.dnsName(dc), 389, lan));
            Sessions.kerberosLogon(rng, t + 20 * MS, d.host(), dc.host(), lan, Hospital.DOMAIN.toUpperCase(Locale.ROOT), user)
                    .forEach(out::add);
            out.add(Sessions.smb(rng, t + 50 * MS, d.host(), dc.host(), lan, Hospital.NETBIOS_DOMAIN, user, d.hostname(),
                    d.windowsVersion(), dc.hostname(),
                    "SYSVOL", true, List.of(new Sessions.FileOp(Hospital.DOMAIN + "\\Policies\\gpt.ini", false, 2_000 + rng.nextInt(4000)))));
            out.add(Sessions.dns(rng, t + 400 * MS, d.host(), dc.host(), "wpad." + Hospital.DOMAIN, 0, 300, lan));
        });
        task(d, "internet", spread(900), Task.diurnal(600), (t, rng, out) -> {
            Network.InternetHost ih = net.internet().get(rng.nextInt(net.internet().size()));
            out.add(Sessions.dns(rng, t, d.host(), dc.host(), ih.name(), ih.host().ip(), 300, lan));
            out.add(Sessions.tls(rng, t + 30 * MS, d.host(), ih.host(), 443, Network.internetPath(d), ih.name(), "h2", 2 + rng.nextInt(6),
                    600, 20_000, 0));
        });
        if (!printers.isEmpty()) {
            Device printer = printers.get(d.index() % printers.size());
            task(d, "print", spread(3600), Task.diurnal(3600), (t, rng, out) -> {
                byte[] doc = Sessions.noise(rng, 5_000 + rng.nextInt(60_000));
                String uri = "ipp://" + printer.ip() + "/ipp/print";
                int req = 1 + rng.nextInt(1000);
                byte[] body = Ipp.printJob(req, uri, user, "document", doc);
                out.add(Sessions.http(rng, t, d.host(), printer.host(), 631, Network.path(d, printer),
                        Http.request("POST", "/ipp/print", printer.ip() + ":631", null, "application/ipp", body),
                        Http.response(200, "OK", null, "application/ipp", Ipp.printJobResponse(req, 100 + rng.nextInt(900)))));
            });
        }
    }

    private void printer(Device d) {
        String label = d.hostname().toLowerCase(Locale.ROOT);
        task(d, "mdns", spread(1800), Task.every(1800, 0.5), (t, rng, out) -> out.add(Sessions.mdnsAnnounce(t, d.host(), d.hostname(),
                "_ipp._tcp", 631, label, List.of("txtvers=1", "qtotal=1", "rp=ipp/print", "pdl=application/octet-stream"))));
    }

    private void phone(Device d) {
        Device cm = h.server("call_manager");
        if (cm == null) {
            return;
        }
        String user = String.valueOf(2000 + d.index());
        task(d, "sip-register", spread(3600), Task.every(3600, 0.05), (t, rng, out) -> {
            String callId = Sessions.uuid(rng) + "@" + d.ip();
            String branch = Long.toHexString(rng.nextLong());
            String tag = Integer.toHexString(rng.nextInt());
            org.wardwatch.sim.wire.FrameScript s = new org.wardwatch.sim.wire.FrameScript();
            s.udp(t, d.host(), 5060, cm.host(), 5060, Sip.register(user, Hospital.DOMAIN, d.ip(), 5060, callId, 1, branch, tag, null));
            s.udp(t + 2 * MS + rng.nextLong(5 * MS), cm.host(), 5060, d.host(), 5060,
                    Sip.ok(user, Hospital.DOMAIN, d.ip(), 5060, callId, 1, branch, tag, Integer.toHexString(rng.nextInt())));
            out.add(s);
        });
    }

    private void accessPoint(Device d) {
        if (siem == null) {
            return;
        }
        String name = "ap-" + String.format("%04d", d.index());
        task(d, "syslog", spread(300), Task.poisson(240), (t, rng, out) -> out.add(Sessions.syslog(t, d.host(), siem.host(), 16, 6,
                name, "stm", "-", "Station associated to AP on radio " + (rng.nextBoolean() ? "2.4GHz" : "5GHz"))));
    }

    private void camera(Device d) {
        Device vms = h.server("vms");
        if (vms == null) {
            return;
        }
        task(d, "rtsp-clip", spread(600), Task.every(600, 0.8), (t, rng, out) -> {
            String url = "rtsp://" + d.ip() + "/axis-media/media.amp";
            String session = Long.toHexString(rng.nextLong() & Long.MAX_VALUE);
            List<TcpStep> steps = new ArrayList<>();
            steps.add(TcpStep.client(MS, Rtsp.request("OPTIONS", url, 1, null, null)));
            steps.add(TcpStep.server(2 * MS, Rtsp.response(1, null, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN", null, null)));
            steps.add(TcpStep.client(MS, Rtsp.request("DESCRIBE", url, 2, null, "Accept: application/sdp")));
            steps.add(TcpStep.server(3 * MS, Rtsp.response(2, null, null, "application/sdp", Rtsp.sdp(d.ip()))));
            steps.add(TcpStep.client(MS, Rtsp.request("SETUP", url + "/trackID=1", 3, null, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1")));
            steps.add(TcpStep.server(3 * MS, Rtsp.response(3, session, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1", null, null)));
            steps.add(TcpStep.client(MS, Rtsp.request("PLAY", url, 4, session, "Range: npt=0.000-")));
            steps.add(TcpStep.server(3 * MS, Rtsp.response(4, session, null, null, null)));
            long ssrc = rng.nextInt() & 0xffff_ffffL;
            int frames = 60 + rng.nextInt(120);
            int seq = rng.nextInt(65536);
            for (int i = 0; i < frames; i++) {
                steps.add(TcpStep.server(33 * MS, Rtsp.interleavedRtp(0, (seq + i) & 0xffff, i * 3000L, ssrc, true,
                        Sessions.noise(rng, 600 + rng.nextInt(800)))));
            }
            steps.add(TcpStep.client(5 * MS, Rtsp.request("TEARDOWN", url, 5, session, null)));
            steps.add(TcpStep.server(2 * MS, Rtsp.response(5, session, null, null, null)));
            steps.add(TcpStep.close(true, 5 * MS));
            out.add(Sessions.tcp(rng, t, vms.host(), d.host(), 554, Network.path(vms, d), steps));
        });
    }

    private void accessControl(Device d) {
        Device acs = h.server("acs");
        Catalog.VendorLink link = d.profile().vendorLink();
        if (acs == null || link == null) {
            return;
        }
        task(d, "acs", spread(300), Task.poisson(300), (t, rng, out) ->
                out.add(Sessions.opaqueTcp(rng, t, d.host(), acs.host(), link.port(), Network.path(d, acs), 1, 64, 32)));
    }

    private void ups(Device d) {
        if (siem == null) {
            return;
        }
        String name = "ups-" + String.format("%04d", d.index());
        task(d, "syslog", spread(1800), Task.poisson(1800), (t, rng, out) -> out.add(Sessions.syslog(t, d.host(), siem.host(), 1, 6,
                name, "ups", "-", "Self-test passed")));
    }

    private void bms(Device b) {
        List<Host> controllers = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (Device d : h.withFunction("hvac_controller")) {
            if (d.vlan() == h.vlan(Zone.BUILDING) && d.profile().bacnet() != null) {
                controllers.add(d.host());
                ids.add(new int[] {10000 + d.index(), d.profile().bacnet().vendorId()});
            }
        }
        if (controllers.isEmpty()) {
            return;
        }
        task(b, "bacnet-whois", spread(300), Task.every(600, 0.1), (t, rng, out) ->
                out.add(Sessions.bacnetDiscovery(rng, t, b.host(), controllers, ids)));
    }
}
