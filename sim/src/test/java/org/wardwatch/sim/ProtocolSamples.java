package org.wardwatch.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.wardwatch.capture.write.PcapWriter;
import org.wardwatch.sim.proto.Hl7;
import org.wardwatch.sim.proto.Http;
import org.wardwatch.sim.traffic.Sessions;
import org.wardwatch.sim.wire.Addr;
import org.wardwatch.sim.wire.Conversation;
import org.wardwatch.sim.wire.Host;
import org.wardwatch.sim.wire.Scheduler;

/** One conversation of every protocol the simulator speaks, written to a pcap for the tshark oracle. */
final class ProtocolSamples {
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long GW = 0x00000c07ac01L;

    private ProtocolSamples() {
    }

    static Host host(int vlan, int last, long mac) {
        return Host.internal(mac, Addr.ip(10, vlan, 1, last), vlan, GW, 64, last * 100);
    }

    static void write(Path file) throws IOException {
        SplittableRandom rng = new SplittableRandom(42);
        org.wardwatch.sim.traffic.Path lan = org.wardwatch.sim.traffic.Path.LAN;
        Host pc = host(20, 10, 0x98e743000010L);
        Host srv = host(30, 5, 0x005056000005L);
        Host pacs = host(30, 6, 0x005056000006L);
        Host ct = host(40, 7, 0x884b39000007L);
        Host mon = host(50, 8, 0x0009fb000008L);
        Host ie = host(30, 9, 0x005056000009L);
        Host relay = Host.internal(GW, Addr.ip(10, 50, 0, 1), 50, GW, 255, 1);
        Host inet = Host.external(Addr.ip(203, 0, 113, 10), 52, 7);
        Scheduler sched = new Scheduler(1000);
        long t = T0;
        long s = 1_000_000_000L;
        List<Conversation> cs = List.of(
                Sessions.arp(rng, t, pc, srv),
                Sessions.dhcpDora(rng, t + 1 * s, mon, new Sessions.Lease(srv.ip(), relay, 0xffff0000, relay.ip(), srv.ip(),
                        "hospital.example", 7200), "MON-0001", null, List.of(1, 3, 6, 12, 15, 28, 42)),
                Sessions.dns(rng, t + 2 * s, pc, srv, "ehr.hospital.example", srv.ip(), 300, lan),
                Sessions.ntp(rng, t + 3 * s, pc, srv, Addr.ip(192, 0, 2, 1), lan),
                Sessions.syslog(t + 4 * s, srv, ie, 4, 6, "srv", "sshd", "-", "Accepted publickey for svc"),
                Sessions.mdnsAnnounce(t + 5 * s, pc, "Printer 1", "_ipp._tcp", 631, "printer1", List.of("txtvers=1", "ty=Printer")),
                Sessions.wsdHello(rng, t + 6 * s, mon, Sessions.uuid(rng), 1, 1),
                Sessions.dicomEcho(rng, t + 7 * s, ct, new Sessions.DicomAe("CT01", "1.3.12.2.1107.5.2", "SIEMENS"), pacs,
                        new Sessions.DicomAe("PACS", "1.2.40.0.13.1.3", "dcm4che-5.31.0"), 104, lan),
                Sessions.dicomStore(rng, t + 8 * s, ct, new Sessions.DicomAe("CT01", "1.3.12.2.1107.5.2", "SIEMENS"), pacs,
                        new Sessions.DicomAe("PACS", "1.2.40.0.13.1.3", "dcm4che-5.31.0"), 104, lan,
                        new Sessions.ImageFacts("1.2.840.10008.5.1.4.1.1.2", "CT", "SIEMENS", "SOMATOM Definition AS+", "CT01",
                                "syngo CT", 64, 64), 17, 3),
                Sessions.dicomWorklist(rng, t + 10 * s, ct, new Sessions.DicomAe("CT01", "1.3.12.2.1107.5.2", "SIEMENS"), pacs,
                        new Sessions.DicomAe("RIS", "1.2.40.0.13.1.3", "dcm4che-5.31.0"), 104, lan, "CT", 100, 2),
                Sessions.dicomHarvest(rng, t + 11 * s, pc, new Sessions.DicomAe("GETSCU", "1.2.826.0.1.3680043.9.3811.2.0.2",
                        "PYNETDICOM_202"), pacs, new Sessions.DicomAe("PACS", "1.2.40.0.13.1.3", "dcm4che-5.31.0"), 104, lan, 3,
                        "GETSCU", true),
                Sessions.hl7(rng, t + 13 * s, mon, ie, 2575, lan,
                        Hl7.oruVitals("GE_B40^0004097FFFE000001^EUI-64", "HIS", t, "MSG0001", 7, "ICU^01^A", "0004097FFFE000001", 72, 120, 80),
                        Hl7.ack("HIS", "GE_B40", t, "ACK0001", "MSG0001", "AA", "2.6")),
                Sessions.http(rng, t + 14 * s, pc, srv, 80, lan, Http.request("GET", "/", "srv", "Mozilla/5.0", null, null),
                        Http.response(200, "OK", "lighttpd", "text/html", "<html><body>ok</body></html>".getBytes())),
                Sessions.tls(rng, t + 15 * s, pc, inet, 443, new org.wardwatch.sim.traffic.Path(15_000_000, 8), "www.example.com",
                        "h2", 2, 600, 5000, 300_000),
                Sessions.smb(rng, t + 17 * s, pc, srv, lan, "HOSP", "jdoe", "WS-0001", "FS01", "shared", true,
                        List.of(new Sessions.FileOp("docs\\report.docx", true, 150_000), new Sessions.FileOp("docs\\a.xlsx", false, 70_000))),
                Sessions.smb(rng, t + 19 * s, pc, srv, lan, "HOSP", "admin", "WS-0001", "FS01", "C$", false, List.of()),
                Sessions.ftpLogin(rng, t + 20 * s, pc, mon, lan, "FTP server ready", "root", "root"),
                Sessions.telnetLogin(rng, t + 22 * s, pc, mon, lan, "root", "admin"),
                Sessions.rdpLogin(rng, t + 25 * s, pc, srv, lan, "administrator"),
                Sessions.opaqueTcp(rng, t + 27 * s, mon, srv, 3613, lan, 2, 200, 100));
        for (Conversation c : cs) {
            sched.add(c);
        }
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.LINKTYPE_ETHERNET)) {
            sched.drainAll((time, from, frame, len) -> w.write(time, frame, 0, len));
        }
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]));
    }
}
