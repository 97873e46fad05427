package org.wardwatch.sim.attack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.wardwatch.sim.AttackKind;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.hospital.Device;
import org.wardwatch.sim.hospital.Hospital;
import org.wardwatch.sim.hospital.Zone;
import org.wardwatch.sim.proto.Hl7;
import org.wardwatch.sim.traffic.Network;
import org.wardwatch.sim.traffic.Out;
import org.wardwatch.sim.traffic.Path;
import org.wardwatch.sim.traffic.Sessions;
import org.wardwatch.sim.traffic.Task;
import org.wardwatch.sim.wire.Addr;
import org.wardwatch.sim.wire.Conversation;
import org.wardwatch.sim.wire.FrameScript;
import org.wardwatch.sim.wire.Host;
import org.wardwatch.sim.wire.TcpSession;

/**
 * Plans the requested attacks at spread-out times inside the capture and turns each into tasks whose
 * conversations carry the attack's label, so the truth file can give each attack's packet window.
 * Addresses outside the hospital are RFC 5737 documentation addresses.
 */
public final class AttackPlanner {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    /** The "known-bad" address of the bad_address scenario (a documentation address standing for a threat-feed entry). */
    public static final String BAD_ADDRESS = "203.0.113.66";
    public static final String EXFIL_ADDRESS = "203.0.113.200";
    private static final int[] SCAN_PORTS = {21, 22, 23, 80, 104, 443, 445, 2575, 3389, 3613, 8080, 11112};

    private final Hospital h;
    private final long start;
    private final long end;
    private final SplittableRandom rng;
    private final List<Attack> attacks = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();

    public AttackPlanner(Hospital hospital, long start, long end, long seed) {
        this.h = hospital;
        this.start = start;
        this.end = end;
        this.rng = new SplittableRandom(seed ^ 0xa77a_c4e5L);
    }

    public List<Attack> attacks() {
        return attacks;
    }

    public List<Task> tasks() {
        return tasks;
    }

    /** Plans every kind in {@code kinds} (in enum order), each in its own slot of the capture. */
    public AttackPlanner plan(Set<AttackKind> kinds) {
        List<AttackKind> ordered = new ArrayList<>(new java.util.TreeSet<>(kinds));
        long span = end - start;
        for (int i = 0; i < ordered.size(); i++) {
            long slotStart = start + (long) (span * (0.15 + 0.75 * i / (double) ordered.size()));
            long slotLen = Math.max(30 * S, (long) (span * 0.6 / Math.max(1, ordered.size())));
            long at = slotStart + (long) (rng.nextDouble() * slotLen * 0.2);
            long until = Math.min(end - S, at + Math.min(slotLen, 15 * 60 * S));
            switch (ordered.get(i)) {
                case SCAN -> scan(at, until);
                case SMB_LATERAL -> smbLateral(at, until);
                case BRUTEFORCE -> bruteforce(at, until);
                case DICOM_HARVEST -> dicomHarvest(at, until);
                case HL7_UNAUTHORIZED -> hl7Unauthorized(at, until);
                case EXFILTRATION -> exfiltration(at, until);
                case RANSOMWARE -> ransomware(at, until);
                case ARP_SPOOF -> arpSpoof(at, until);
                case BAD_ADDRESS -> badAddress(at, until);
            }
        }
        return this;
    }

    private Out labelled(Out out, int index) {
        return new Out() {
            @Override
            public void add(Conversation c) {
                out.add(c.attack(index));
            }

            @Override
            public long end() {
                return out.end();
            }
        };
    }

    private void once(Attack a, long t, Task.Action action) {
        tasks.add(new Task(a.id(), t, null, (time, r, out) -> action.run(time, r, labelled(out, a.index())), rng.split()));
    }

    private Device pick(List<Device> list) {
        return list.get(rng.nextInt(list.size()));
    }

    private List<Device> windowsHosts() {
        List<Device> out = new ArrayList<>();
        for (Device d : h.devices()) {
            if (d.profile().ttl() == 128 && !"server".equals(d.profile().deviceClass()) && d.zone() != Zone.SERVERS) {
                out.add(d);
            }
        }
        return out;
    }

    private Device workstation() {
        return pick(h.withFunction("workstation"));
    }

    // ------------------------------------------------------------------ scan

    private void scan(long at, long until) {
        Device attacker = workstation();
        org.wardwatch.sim.hospital.Vlan target = h.vlan(Zone.MONITORING);
        Map<Integer, Device> byIp = new TreeMap<>();
        for (Device d : h.devices()) {
            if (d.vlan() == target) {
                byIp.put(d.host().ip(), d);
            }
        }
        int first = target.network() | 0x0101;
        List<Device> victims = new ArrayList<>();
        for (int i = 0; i < 254; i++) {
            Device d = byIp.get(first + i);
            if (d != null && d != attacker) {
                victims.add(d);
            }
        }
        boolean local = attacker.vlan() == target;
        Attack a = add(AttackKind.SCAN, attacker, null, victims, List.of(), at, until,
                "TCP SYN scan of " + Addr.ipString(first) + "-" + Addr.ipString(first + 253) + " on ports "
                        + java.util.Arrays.toString(SCAN_PORTS) + (local ? ", preceded by an ARP sweep (same VLAN)" : " through the router"),
                List.of());
        once(a, at, (t, r, out) -> {
            long time = t;
            int srcPort = 40000 + r.nextInt(20000);
            Host src = attacker.host();
            Set<Integer> alive = new HashSet<>();
            if (local) {
                FrameScript sweep = new FrameScript();
                for (int i = 0; i < 254; i++) {
                    int ip = first + i;
                    sweep.add(new FrameScript.Arp(time, src, Addr.BROADCAST_MAC, 1, src.mac(), src.ip(), 0, ip));
                    Device d = byIp.get(ip);
                    if (d != null && d != attacker) {
                        sweep.add(new FrameScript.Arp(time + 200_000, d.host(), src.mac(), 2, d.mac(), ip, src.mac(), src.ip()));
                        alive.add(ip);
                    }
                    time += 2 * MS;
                }
                out.add(sweep);
            }
            for (int port : SCAN_PORTS) {
                for (int i = 0; i < 254; i++) {
                    int ip = first + i;
                    Device d = byIp.get(ip);
                    if (d == attacker || (local && !alive.contains(ip))) {
                        continue;
                    }
                    time += 4 * MS + r.nextLong(2 * MS);
                    if (time >= until) {
                        return;
                    }
                    TcpSession.Open open = d == null ? TcpSession.Open.SILENT : listens(d, port) ? TcpSession.Open.HALF_OPEN : TcpSession.Open.REFUSE;
                    Host dst = d != null ? d.host() : Host.internal(0, ip, target.id(), src.gatewayMac(), 64, 0);
                    out.add(new TcpSession(src, srcPort, dst, port, time, Network.path(attacker, d == null ? attacker : d).halfRttNanos(), 8,
                            r.nextLong(), r.nextLong(), open, java.util.Collections.emptyIterator()));
                }
            }
        });
    }

    static boolean listens(Device d, int port) {
        for (Catalog.Listen l : d.profile().listens()) {
            if (l.port() == port && "tcp".equals(l.proto())) {
                return true;
            }
        }
        if (d.application() != null) {
            for (Catalog.Listen l : d.application().listens()) {
                if (l.port() == port && "tcp".equals(l.proto())) {
                    return true;
                }
            }
        }
        return d.profile().ttl() == 128 && port == 445;
    }

    // ------------------------------------------------------------------ SMB lateral movement

    private void smbLateral(long at, long until) {
        Device zero = workstation();
        List<Device> pool = windowsHosts();
        pool.remove(zero);
        int targets = Math.min(pool.size(), 12);
        List<Device> victims = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            victims.add(pool.remove(rng.nextInt(pool.size())));
        }
        Attack a = add(AttackKind.SMB_LATERAL, zero, null, victims, List.of(), at, until,
                "worm-like spread: each infected host copies a service binary to ADMIN$ of two more Windows hosts with a domain admin"
                        + " account; some attempts fail with STATUS_LOGON_FAILURE", List.of());
        once(a, at, (t, r, out) -> {
            List<Device> infected = new ArrayList<>(List.of(zero));
            int next = 0;
            long time = t;
            int wave = 0;
            while (next < victims.size() && time < until) {
                List<Device> newly = new ArrayList<>();
                for (Device src : infected) {
                    for (int k = 0; k < 2 && next < victims.size(); k++) {
                        Device dst = victims.get(next++);
                        boolean ok = r.nextInt(5) != 0;
                        out.add(Sessions.smb(r, time + r.nextLong(3 * S), src.host(), dst.host(), Network.path(src, dst), Hospital.NETBIOS_DOMAIN,
                                "adm_svc", src.hostname() == null ? src.id() : src.hostname(), src.windowsVersion(), dst.hostname() == null ? dst.id() : dst.hostname(),
                                "ADMIN$", ok, ok ? List.of(new Sessions.FileOp("svcupd.exe", true, 180_000)) : List.of()));
                        if (ok) {
                            newly.add(dst);
                        }
                    }
                }
                infected = newly.isEmpty() ? infected : newly;
                wave++;
                time += (20 + r.nextInt(40)) * S;
            }
        });
    }

    // ------------------------------------------------------------------ brute force

    private void bruteforce(long at, long until) {
        Device attacker = workstation();
        List<Device> telnet = new ArrayList<>();
        List<Device> ftp = new ArrayList<>();
        for (Device d : h.devices()) {
            if (listens(d, 23) && telnet.size() < 3) {
                telnet.add(d);
            }
            if (listens(d, 21) && ftp.size() < 3 && !telnet.contains(d)) {
                ftp.add(d);
            }
        }
        Device rdp = h.server("file_server");
        List<Device> victims = new ArrayList<>(telnet);
        victims.addAll(ftp);
        victims.add(rdp);
        Attack a = add(AttackKind.BRUTEFORCE, attacker, null, victims, List.of(), at, until,
                "password guessing: Telnet and FTP logins on devices that expose them (see each device's listens), RDP on a server;"
                        + " every attempt fails", List.of());
        String[] users = {"root", "admin", "service", "insite", "biomed", "administrator"};
        String[] passwords = {"root", "admin", "1234", "password", "service", "changeme", "default"};
        once(a, at, (t, r, out) -> {
            long time = t;
            int attempts = 0;
            while (time < until && attempts < 400) {
                Device v = victims.get(attempts % victims.size());
                String u = users[r.nextInt(users.length)];
                String p = passwords[r.nextInt(passwords.length)];
                Path path = Network.path(attacker, v);
                if (v == rdp) {
                    out.add(Sessions.rdpLogin(r, time, attacker.host(), v.host(), path, u));
                } else if (telnet.contains(v)) {
                    out.add(Sessions.telnetLogin(r, time, attacker.host(), v.host(), path, u, p));
                } else {
                    out.add(Sessions.ftpLogin(r, time, attacker.host(), v.host(), path, "FTP server ready", u, p));
                }
                attempts++;
                time += 300 * MS + r.nextLong(900 * MS);
            }
        });
    }

    // ------------------------------------------------------------------ DICOM harvest

    private void dicomHarvest(long at, long until) {
        Device attacker = workstation();
        Device pacs = h.server("pacs");
        Catalog.DicomIdentity pi = pacs.application().dicom();
        Attack a = add(AttackKind.DICOM_HARVEST, attacker, null, List.of(pacs), List.of(), at, until,
                "study-root C-FIND for PatientName * and C-MOVE of every study to AE GETSCU (pynetdicom implementation UID,"
                        + " an AE the PACS never saw); the PACS then C-STOREs the studies to the attacker on port 11112", List.of());
        once(a, at, (t, r, out) -> {
            Sessions.DicomAe me = new Sessions.DicomAe("GETSCU", "1.2.826.0.1.3680043.9.3811.2.0.2", "PYNETDICOM_202");
            Sessions.DicomAe archive = new Sessions.DicomAe(pacs.aeTitle(), pi.implClassUid(), pi.implVersionName());
            int studies = 25 + r.nextInt(25);
            Path path = Network.path(attacker, pacs);
            out.add(Sessions.dicomHarvest(r, t, attacker.host(), me, pacs.host(), archive, 104, path, studies, "GETSCU", true));
            long time = t + 2 * S;
            Sessions.ImageFacts facts = new Sessions.ImageFacts("1.2.840.10008.5.1.4.1.1.2", "CT", "SIEMENS", "SOMATOM Definition AS+",
                    "CT001", "syngo CT", 64, 64);
            for (int i = 0; i < Math.min(studies, 10) && time < until; i++) {
                out.add(Sessions.dicomStore(r, time, pacs.host(), archive, attacker.host(), me, 11112, path, facts, 1 + r.nextInt(9999),
                        10 + r.nextInt(20)));
                time += 3 * S + r.nextLong(3 * S);
            }
        });
    }

    // ------------------------------------------------------------------ HL7 from an unauthorized sender

    private void hl7Unauthorized(long at, long until) {
        Device attacker = workstation();
        Device ie = h.server("interface_engine");
        List<Device> pumpServers = h.withFunction("pump_server");
        List<Device> victims = new ArrayList<>(List.of(ie));
        victims.addAll(pumpServers);
        Attack a = add(AttackKind.HL7_UNAUTHORIZED, attacker, null, victims, List.of(), at, until,
                "a workstation that never sends HL7 injects ADT^A01 into the interface engine and RGV^O15 infusion orders into the"
                        + " pump server(s) with sending application HL7SPY; receivers acknowledge AA", List.of());
        once(a, at, (t, r, out) -> {
            long time = t;
            for (int i = 0; i < 30 && time < until; i++) {
                String id = "SPY" + (1000 + i);
                if (i % 3 == 2 && !pumpServers.isEmpty()) {
                    Device ps = pumpServers.get(r.nextInt(pumpServers.size()));
                    out.add(Sessions.hl7(r, time, attacker.host(), ps.host(), 2575, Network.path(attacker, ps),
                            Hl7.rgvOrder("HL7SPY", "PUMPSRV", time, id, 1 + r.nextInt(99), "0000000000000000", "INSULIN", "999"),
                            Hl7.rrgAccept("PUMPSRV", "HL7SPY", time, "R" + id, id)));
                } else {
                    out.add(Sessions.hl7(r, time, attacker.host(), ie.host(), 2575, Network.path(attacker, ie),
                            Hl7.adtA01("HL7SPY", "MIRTH", time, id, 1 + r.nextInt(99), "BED" + r.nextInt(99)),
                            Hl7.ack("MIRTH", "HL7SPY", time, "A" + id, id, "AA", "2.5")));
                }
                time += 2 * S + r.nextLong(4 * S);
            }
        });
    }

    // ------------------------------------------------------------------ exfiltration

    private void exfiltration(long at, long until) {
        Device attacker = h.server("file_server") != null && rng.nextBoolean() ? h.server("file_server") : workstation();
        Host dst = Host.external(Addr.ip(EXFIL_ADDRESS), 48, rng.nextInt());
        long bytes = Math.min(200_000_000L, Math.max(8_000_000L, (end - start) / S * 40_000L));
        Attack a = add(AttackKind.EXFILTRATION, attacker, EXFIL_ADDRESS, List.of(), List.of(EXFIL_ADDRESS), at, until,
                "DNS lookup of sync.example.net then a single TLS upload of " + bytes / 1_000_000 + " MB to " + EXFIL_ADDRESS + ":443",
                List.of(EXFIL_ADDRESS));
        Device dc = h.server("domain_controller");
        once(a, at, (t, r, out) -> {
            out.add(Sessions.dns(r, t, attacker.host(), dc.host(), "sync.example.net", dst.ip(), 60, Network.path(attacker, dc)));
            out.add(Sessions.tls(r, t + 50 * MS, attacker.host(), dst, 443, Network.internetPath(attacker), "sync.example.net", "h2", 1, 500,
                    300, bytes));
        });
    }

    // ------------------------------------------------------------------ ransomware

    private void ransomware(long at, long until) {
        Device attacker = workstation();
        Device fs = h.server("file_server");
        Attack a = add(AttackKind.RANSOMWARE, attacker, null, List.of(fs), List.of(), at, until,
                "SMB write burst: the host reads and rewrites (encrypts) hundreds of files on the file server share and drops"
                        + " README_RESTORE_FILES.txt in each folder", List.of());
        once(a, at, (t, r, out) -> {
            long time = t;
            for (int batch = 0; batch < 8 && time < until; batch++) {
                List<Sessions.FileOp> ops = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    String name = "dept\\shared\\folder" + batch + "\\file" + i + ".docx";
                    int size = 20_000 + r.nextInt(120_000);
                    ops.add(new Sessions.FileOp(name, false, size));
                    ops.add(new Sessions.FileOp(name + ".locked", true, size));
                }
                ops.add(new Sessions.FileOp("dept\\shared\\folder" + batch + "\\README_RESTORE_FILES.txt", true, 1200));
                out.add(Sessions.smb(r, time, attacker.host(), fs.host(), Network.path(attacker, fs), Hospital.NETBIOS_DOMAIN,
                        "user" + String.format("%04d", attacker.index()), attacker.hostname(), attacker.windowsVersion(), fs.hostname(), "dept", true, ops));
                time += 10 * S + r.nextLong(10 * S);
            }
        });
    }

    // ------------------------------------------------------------------ ARP spoofing

    private void arpSpoof(long at, long until) {
        Device attacker = null;
        for (Device d : h.devices()) {
            if ("rogue".equals(d.profile().role())) {
                attacker = d;
            }
        }
        if (attacker == null) {
            throw new IllegalStateException("arp_spoof needs the rogue laptop in the hospital");
        }
        Device rogue = attacker;
        List<Device> victims = new ArrayList<>();
        for (Device d : h.devices()) {
            if (d.vlan() == rogue.vlan() && d != rogue && "medical".equals(d.profile().deviceClass()) && victims.size() < 20) {
                victims.add(d);
            }
        }
        Host gw = rogue.vlan().gateway();
        Attack a = add(AttackKind.ARP_SPOOF, rogue, null, victims, List.of(), at, until,
                "an unknown laptop on the monitoring VLAN sends ARP replies every 2 s telling each victim that the gateway "
                        + Addr.ipString(gw.ip()) + " is at its own MAC (the victims' redirected traffic is not simulated)", List.of());
        once(a, at, (t, r, out) -> {
            long time = t;
            long stop = Math.min(until, t + 180 * S);
            FrameScript s = new FrameScript();
            while (time < stop) {
                long k = time;
                for (Device v : victims) {
                    s.add(new FrameScript.Arp(k, rogue.host(), v.mac(), 2, rogue.mac(), gw.ip(), v.mac(), v.host().ip()));
                    k += 1 * MS;
                }
                time += 2 * S;
            }
            out.add(s);
        });
    }

    // ------------------------------------------------------------------ bad address

    private void badAddress(long at, long until) {
        List<Device> candidates = new ArrayList<>();
        for (Device d : h.devices()) {
            if ("medical".equals(d.profile().deviceClass()) && d.zone() == Zone.MONITORING) {
                candidates.add(d);
            }
        }
        if (candidates.isEmpty()) {
            candidates.addAll(h.withFunction("camera"));
        }
        Device src = pick(candidates);
        Host bad = Host.external(Addr.ip(BAD_ADDRESS), 47, rng.nextInt());
        Attack a = add(AttackKind.BAD_ADDRESS, src, BAD_ADDRESS, List.of(), List.of(BAD_ADDRESS), at, until,
                "the device beacons every 30 s to a hard-coded internet address on TCP 80 (the pattern of the Contec CMS8000"
                        + " advisory ICSMA-25-030-01, DOMAIN.md section 2); " + BAD_ADDRESS + " stands for a threat-feed entry",
                List.of(BAD_ADDRESS));
        once(a, at, (t, r, out) -> {
            for (long time = t; time < until; time += 30 * S) {
                byte[] req = org.wardwatch.sim.proto.Http.request("GET", "/b?id=" + src.eui64(), BAD_ADDRESS, null, null, null);
                byte[] resp = org.wardwatch.sim.proto.Http.response(200, "OK", null, "application/octet-stream", new byte[] {0x30, 0x0a});
                out.add(Sessions.http(r, time, src.host(), bad, 80, Network.internetPath(src), req, resp));
            }
        });
    }

    private Attack add(AttackKind kind, Device attacker, String external, List<Device> victims, List<String> victimAddresses,
                       long at, long until, String details, List<String> indicators) {
        Attack a = new Attack(attacks.size(), kind, attacker, external, List.copyOf(victims), List.copyOf(victimAddresses), at, until,
                details, indicators);
        attacks.add(a);
        return a;
    }
}
