package org.wardwatch.sim.hospital;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.wire.Addr;
import org.wardwatch.sim.wire.Host;

/**
 * Lays out a plausible hospital for a number of beds: departments (ICU, ED, wards, OR, radiology,
 * laboratory, pharmacy, administration, facilities, datacenter), 10-15 connected devices per bed
 * (the figure Extreme Networks 2022 cites, DOMAIN.md section 7) with infusion pumps the largest
 * group (ZingBox 2018: "nearly 50 percent"), shared equipment scaled to the bed count, and the
 * servers that the devices talk to. Vendor choices are seeded: one hospital standardises on one
 * infusion vendor and one or two monitoring vendors, as procurement usually does.
 *
 * <p>Ratios of shared equipment per bed are simulator choices: no per-hospital device counts by
 * class are published (DOMAIN.md section 7, last row).
 */
public final class HospitalBuilder {
    private static final String[] MONITORS = {"philips-intellivue-mx", "ge-b40", "mindray-benevision", "drager-infinity-delta"};
    private static final String[] LVPS = {"bd-alaris-pcu-8015", "baxter-sigma-spectrum", "icu-medical-plum-360", "bbraun-infusomat-space"};
    private static final String[] SYRINGES = {"smiths-medfusion-4000", "fresenius-agilia-sp-mc-wifi"};
    private static final String[] BEDS = {"hillrom-bed", "stryker-secure-ii"};
    private static final String[] CTS = {"siemens-somatom-definition-as", "ge-lightspeed-vct"};
    private static final String[] MRS = {"siemens-magnetom-prisma", "ge-signa-architect", "philips-achieva"};
    private static final String[] USS = {"philips-epiq-7c", "hitachi-aloka-ssd-4000"};
    private static final String[] ANALYZERS = {"roche-cobas-c311", "sysmex-analyzer"};
    private static final String[] WORKSTATIONS = {"dell-windows7-workstation", "dell-windows7-workstation", "dell-windows8-workstation"};

    private final Catalog catalog;
    private final Topology topology;
    private final SplittableRandom rng;
    private final Map<Integer, Vlan> vlans = new LinkedHashMap<>();
    private final List<Device> devices = new ArrayList<>();
    private final Set<Long> macs = new HashSet<>();
    private final Map<String, Integer> hostnameCounters = new LinkedHashMap<>();
    private final long routerMac;
    private int patientCounter;

    private HospitalBuilder(Catalog catalog, Topology topology, long seed) {
        this.catalog = catalog;
        this.topology = topology;
        this.rng = new SplittableRandom(seed ^ 0x5151_7a7aL);
        this.routerMac = uniqueMac(catalog.profile("cisco-router").oui().macPrefix());
    }

    public static Hospital build(Catalog catalog, int beds, Topology topology, long seed) {
        return build(catalog, beds, topology, seed, false);
    }

    /** @param rogueLaptop add an attacker-controlled laptop on the patient-monitoring VLAN (for ARP spoofing) */
    public static Hospital build(Catalog catalog, int beds, Topology topology, long seed, boolean rogueLaptop) {
        return new HospitalBuilder(catalog, topology, seed).build(beds, rogueLaptop);
    }

    private Hospital build(int beds, boolean rogueLaptop) {
        for (Zone z : Zone.values()) {
            int id = topology.vlanId(z);
            vlans.computeIfAbsent(id, k -> new Vlan(k, topology.vlanName(z),
                    Host.internal(routerMac, (10 << 24) | (k << 16) | 1, k, routerMac, 255, rng.nextInt())));
        }
        Catalog.Profile routerProfile = catalog.profile("cisco-router");
        Vlan serverVlan = vlans.get(topology.vlanId(Zone.SERVERS));
        Device router = new Device(devices.size() + 1, routerProfile, null, "Datacenter", Zone.SERVERS, serverVlan,
                serverVlan.gateway(), "core-rtr", null, 0);
        devices.add(router);

        String monitorIcu = pick(MONITORS);
        String monitorWard = rng.nextInt(3) == 0 ? pick(MONITORS) : monitorIcu;
        String lvp = pick(LVPS);
        String syringe = pick(SYRINGES);
        String bedVendor = pick(BEDS);

        // servers first: the devices' peers
        servers(beds, List.of(monitorIcu, monitorWard, "philips-mx40"), List.of(lvp, syringe), bedVendor);

        int icu = Math.max(1, Math.round(beds * 0.10f));
        int ed = beds >= 3 ? Math.max(1, Math.round(beds * 0.10f)) : 0;
        int ward = beds - icu - ed;
        List<String> departments = new ArrayList<>(List.of("Datacenter", "ICU"));
        for (int b = 1; b <= icu; b++) {
            bedDevices("ICU", String.format("ICU-%02d", b), monitorIcu, lvp, syringe, bedVendor, 4, 3, true, false, 0.0);
        }
        if (ed > 0) {
            departments.add("ED");
            for (int b = 1; b <= ed; b++) {
                bedDevices("ED", String.format("ED-%02d", b), monitorIcu, lvp, syringe, bedVendor, 3, 2, false, true, 0.5);
            }
        }
        int wards = (ward + 29) / 30;
        for (int w = 1; w <= wards; w++) {
            String dept = "Ward " + w;
            departments.add(dept);
            int inWard = Math.min(30, ward - (w - 1) * 30);
            for (int b = 1; b <= inWard; b++) {
                bedDevices(dept, String.format("W%02d-%02d", w, b), rng.nextInt(10) < 6 ? monitorWard : null, lvp, syringe, bedVendor,
                        4 + rng.nextInt(2), 2, false, true, 0.5);
            }
        }
        departments.addAll(List.of("OR", "Radiology", "Laboratory", "Pharmacy", "Administration", "Facilities"));
        shared(beds, wards);
        if (rogueLaptop) {
            add(catalog.profile("rogue-laptop"), null, "ICU", Zone.MONITORING, null, null, 0);
        }
        return new Hospital(topology, vlans, devices, router, departments, beds);
    }

    private void servers(int beds, List<String> monitorProfiles, List<String> pumpProfiles, String bedVendor) {
        server("ad-domain-controller", "DC01");
        if (beds > 200) {
            server("ad-domain-controller", "DC02");
        }
        for (int i = 1; i <= 1 + beds / 500; i++) {
            server("file-server", String.format("FS%02d", i));
        }
        server("ehr-server", "EHR01");
        if (beds > 300) {
            server("ehr-server", "EHR02");
        }
        server("mirth-connect", "HL7IE01");
        server("dcm4chee-arc", "PACS01");
        Set<String> seen = new HashSet<>();
        for (String p : pumpProfiles) {
            Catalog.Application a = catalog.application("pump_server", p);
            if (seen.add(a.id())) {
                server(a.id(), "PUMPSRV" + seen.size());
            }
        }
        seen.clear();
        for (String m : monitorProfiles) {
            if (m == null) {
                continue;
            }
            Catalog.Application c = catalog.application("central_station", m);
            if (seen.add(c.id())) {
                server(c.id(), "CENTRAL" + seen.size());
            }
            if (!m.equals("philips-mx40")) {
                Catalog.Application g = catalog.application("device_gateway", m);
                if (seen.add(g.id())) {
                    server(g.id(), "DEVGW" + seen.size());
                }
            }
        }
        server(catalog.application("bed_gateway", bedVendor).id(), "BEDGW01");
        if (!bedVendor.equals("hillrom-bed")) {
            server("hillrom-sdc-gateway", "VSGW01"); // receives the Connex vital-signs HL7
        }
        server("ascom-nurse-call-server", "NURSECALL01");
        server("lis-server", "LIS01");
        server("poc-data-manager", "POCDM01");
        server("pyxis-server", "PYXIS01");
        server("siem-collector", "SIEM01");
        server("video-management", "VMS01");
        server("bms-head-end", "BMS01");
        server("access-control-server", "ACS01");
        server("call-manager", "CUCM01");
    }

    private void server(String applicationId, String hostname) {
        Catalog.Application app = catalog.applications().get(applicationId);
        Catalog.Profile host = catalog.profile(app.hostProfile());
        // the BACnet head end must share a broadcast domain with its controllers (no BBMD is modelled)
        Zone zone = "bms".equals(app.function()) ? Zone.BUILDING : Zone.SERVERS;
        add(host, app, zone == Zone.SERVERS ? "Datacenter" : "Facilities", zone, hostname, null, 0);
    }

    private void bedDevices(String dept, String bed, String monitor, String lvp, String syringe, String bedVendor, int lvps,
                            int syringes, boolean ventilator, boolean vitals, double telemetry) {
        int patient = ++patientCounter;
        if (monitor != null) {
            add(catalog.profile(monitor), null, dept, Zone.MONITORING, null, bed, patient);
        }
        for (int i = 0; i < lvps; i++) {
            add(catalog.profile(lvp), null, dept, Zone.INFUSION, null, bed, patient);
        }
        for (int i = 0; i < syringes; i++) {
            add(catalog.profile(syringe), null, dept, Zone.INFUSION, null, bed, patient);
        }
        add(catalog.profile(bedVendor), null, dept, Zone.CLINICAL, null, bed, patient);
        add(catalog.profile("ascom-nurse-call"), null, dept, Zone.CLINICAL, null, bed, patient);
        if (ventilator) {
            add(catalog.profile("moxa-serial-server-vent"), null, dept, Zone.CLINICAL, null, bed, patient);
        }
        if (vitals) {
            add(catalog.profile("welch-allyn-connex-spot"), null, dept, Zone.CLINICAL, null, bed, patient);
        }
        if (telemetry > 0 && rng.nextDouble() < telemetry) {
            add(catalog.profile("philips-mx40"), null, dept, Zone.MONITORING, null, bed, patient);
        }
    }

    private void shared(int beds, int wards) {
        int ors = Math.max(1, beds / 40);
        for (int i = 1; i <= ors; i++) {
            for (int k = 0; k < 2; k++) {
                add(catalog.profile("drager-sdc-provider"), null, "OR", Zone.CLINICAL, null, String.format("OR-%02d", i), 0);
            }
        }
        int cts = Math.max(1, beds / 150);
        int mrs = Math.max(1, beds / 250);
        int uss = Math.max(1, beds / 50);
        int ecgs = Math.max(1, beds / 50);
        for (int i = 0; i < cts; i++) {
            add(catalog.profile(CTS[i % CTS.length]), null, "Radiology", Zone.IMAGING, null, null, 0);
        }
        for (int i = 0; i < mrs; i++) {
            add(catalog.profile(MRS[i % MRS.length]), null, "Radiology", Zone.IMAGING, null, null, 0);
        }
        for (int i = 0; i < uss; i++) {
            add(catalog.profile(USS[i % USS.length]), null, i % 2 == 0 ? "Radiology" : "ED", Zone.IMAGING, null, null, 0);
        }
        for (int i = 0; i < ecgs; i++) {
            add(catalog.profile("mortara-el250"), null, i % 3 == 0 ? "ED" : "Ward " + (1 + i % Math.max(1, wards)), Zone.IMAGING,
                    null, null, 0);
        }
        int analyzers = 2 + beds / 100;
        for (int i = 0; i < analyzers; i++) {
            add(catalog.profile(ANALYZERS[i % ANALYZERS.length]), null, "Laboratory", Zone.LAB, null, null, 0);
        }
        List<String> careUnits = new ArrayList<>(List.of("ICU", "ED"));
        for (int w = 1; w <= wards; w++) {
            careUnits.add("Ward " + w);
        }
        for (String unit : careUnits) {
            add(catalog.profile("roche-accu-chek-inform-ii"), null, unit, Zone.LAB, null, null, 0);
            add(catalog.profile("bd-pyxis-medstation-es"), null, unit, Zone.PHARMACY, null, null, 0);
        }
        for (int i = 0; i < 2; i++) {
            add(catalog.profile("bd-pyxis-medstation-es"), null, "Pharmacy", Zone.PHARMACY, null, null, 0);
        }
        int clinicalWs = Math.max(2, beds / 4);
        for (int i = 0; i < clinicalWs; i++) {
            add(catalog.profile(pick(WORKSTATIONS)), null, careUnits.get(i % careUnits.size()), Zone.WORKSTATIONS,
                    nextName("WS"), null, 0);
        }
        int readingWs = cts + mrs + Math.max(1, uss / 2);
        for (int i = 0; i < readingWs; i++) {
            add(catalog.profile(pick(WORKSTATIONS)), null, "Radiology", Zone.WORKSTATIONS, nextName("WS"), null, 0);
        }
        int adminWs = 5 + beds / 20;
        for (int i = 0; i < adminWs; i++) {
            add(catalog.profile(pick(WORKSTATIONS)), null, i % 4 == 0 ? "Pharmacy" : i % 4 == 1 ? "Laboratory" : "Administration",
                    Zone.WORKSTATIONS, nextName("WS"), null, 0);
        }
        for (int i = 0; i < 2 + beds / 15; i++) {
            add(catalog.profile("hp-printer"), null, careUnits.get(i % careUnits.size()), Zone.PRINTERS, nextName("PRN"), null, 0);
        }
        for (int i = 0; i < 5 + beds / 5; i++) {
            add(catalog.profile("cisco-ip-phone"), null, careUnits.get(i % careUnits.size()), Zone.VOICE, null, null, 0);
        }
        for (int i = 0; i < 4 + beds / 8; i++) {
            add(catalog.profile("aruba-ap"), null, careUnits.get(i % careUnits.size()), Zone.WIFI_INFRA, null, null, 0);
        }
        for (int i = 0; i < 4 + beds / 15; i++) {
            add(catalog.profile("axis-camera"), null, "Facilities", Zone.SECURITY, null, null, 0);
        }
        for (int i = 0; i < 2 + beds / 30; i++) {
            add(catalog.profile("paradox-access-control"), null, "Facilities", Zone.SECURITY, null, null, 0);
        }
        for (int i = 0; i < 3 + beds / 20; i++) {
            add(catalog.profile("honeywell-bacnet-controller"), null, "Facilities", Zone.BUILDING, null, null, 0);
        }
        for (int i = 0; i < 2 + beds / 50; i++) {
            add(catalog.profile("apc-ups"), null, "Facilities", Zone.BUILDING, null, null, 0);
        }
    }

    private String nextName(String prefix) {
        int n = hostnameCounters.merge(prefix, 1, Integer::sum);
        return String.format("%s-%04d", prefix, n);
    }

    private Device add(Catalog.Profile profile, Catalog.Application app, String dept, Zone zone, String hostname, String location,
                       int patient) {
        Vlan vlan = vlans.get(topology.vlanId(zone));
        Catalog.Oui oui = app != null && app.oui() != null ? app.oui() : profile.oui();
        long mac = uniqueMac(oui.macPrefix());
        int ip = vlan.allocate();
        Host host = Host.internal(mac, ip, vlan.id(), routerMac, profile.ttl(), rng.nextInt());
        if (profile.ttl() == 128) {
            host.ephemeralPorts(49152, 16384, rng.nextInt(16384));
        } else {
            host.ephemeralPorts(32768, 28232, rng.nextInt(28232));
        }
        Device d = new Device(devices.size() + 1, profile, app, dept, zone, vlan, host, hostname, location, patient);
        devices.add(d);
        return d;
    }

    private long uniqueMac(long prefix) {
        while (true) {
            long mac = prefix | rng.nextInt(1 << 24);
            if (macs.add(mac)) {
                return mac;
            }
        }
    }

    private String pick(String[] options) {
        return options[rng.nextInt(options.length)];
    }

    static String ip(int ip) {
        return Addr.ipString(ip);
    }
}
