package org.wardwatch.sim.traffic;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.wardwatch.sim.proto.Bacnet;
import org.wardwatch.sim.proto.Dhcp;
import org.wardwatch.sim.proto.Dicom;
import org.wardwatch.sim.proto.Dns;
import org.wardwatch.sim.proto.Http;
import org.wardwatch.sim.proto.Logins;
import org.wardwatch.sim.proto.Ntp;
import org.wardwatch.sim.proto.Smb2;
import org.wardwatch.sim.proto.Syslog;
import org.wardwatch.sim.proto.Tls;
import org.wardwatch.sim.proto.WsDiscovery;
import org.wardwatch.sim.wire.Addr;
import org.wardwatch.sim.wire.Conversation;
import org.wardwatch.sim.wire.FrameScript;
import org.wardwatch.sim.wire.Host;
import org.wardwatch.sim.wire.Payload;
import org.wardwatch.sim.wire.TcpSession;
import org.wardwatch.sim.wire.TcpStep;

/**
 * Builds one conversation per call: the protocol dialogues the simulated hospital is made of. Each
 * takes its randomness from the caller's generator, so the same seed gives the same conversation.
 */
public final class Sessions {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private Sessions() {
    }

    static long jitter(SplittableRandom rng, long base, long spread) {
        return base + (spread <= 0 ? 0 : rng.nextLong(spread));
    }

    /** A TCP session with random ISNs along {@code path}. */
    public static TcpSession tcp(SplittableRandom rng, long t, Host client, Host server, int serverPort, Path path,
                                 TcpSession.Open open, Iterator<TcpStep> script) {
        return new TcpSession(client, client.nextEphemeralPort(), server, serverPort, t, path.halfRttNanos(),
                path.nanosPerByte(), rng.nextLong(), rng.nextLong(), open, script);
    }

    public static TcpSession tcp(SplittableRandom rng, long t, Host client, Host server, int serverPort, Path path,
                                 List<TcpStep> steps) {
        return tcp(rng, t, client, server, serverPort, path, TcpSession.Open.ACCEPT, steps.iterator());
    }

    // ---------------------------------------------------------------- link layer and addressing

    /** ARP request broadcast by {@code asker} for {@code target}, and the unicast reply (RFC 826). */
    public static Conversation arp(SplittableRandom rng, long t, Host asker, Host target) {
        FrameScript s = new FrameScript();
        s.add(new FrameScript.Arp(t, asker, Addr.BROADCAST_MAC, 1, asker.mac(), asker.ip(), 0, target.ip()));
        s.add(new FrameScript.Arp(t + jitter(rng, 100 * US, 400 * US), target, asker.mac(), 2, target.mac(), target.ip(),
                asker.mac(), asker.ip()));
        return s;
    }

    /** A gratuitous ARP announcing {@code host}'s binding (RFC 5227 2.3). */
    public static Conversation gratuitousArp(long t, Host host) {
        return new FrameScript().add(new FrameScript.Arp(t, host, Addr.BROADCAST_MAC, 1, host.mac(), host.ip(), 0, host.ip()));
    }

    /** Parameters a DHCP server hands out on a VLAN. */
    public record Lease(int serverIp, Host relay, int mask, int router, int dns, String domain, int seconds) {
    }

    /**
     * DISCOVER / OFFER / REQUEST / ACK through the VLAN's relay (RFC 2131 4.4.1, RFC 1542): the client's
     * broadcasts on its VLAN and the relay's unicast answers, then a gratuitous ARP for the new address.
     */
    public static Conversation dhcpDora(SplittableRandom rng, long t, Host client, Lease lease, String hostname,
                                        String vendorClass, List<Integer> prl) {
        Host unconfigured = Host.internal(client.mac(), 0, client.vlan(), client.gatewayMac(), client.ttl(), rng.nextInt());
        int xid = rng.nextInt();
        FrameScript s = new FrameScript();
        long t1 = t;
        s.udpTo(t1, unconfigured, 68, Addr.BROADCAST_IP, Addr.BROADCAST_MAC, 0, 67,
                Dhcp.client(Dhcp.DISCOVER, xid, 0, client.mac(), 0, client.ip(), 0, hostname, vendorClass, prl));
        long t2 = t1 + jitter(rng, 2 * MS, 20 * MS);
        s.udpTo(t2, lease.relay(), 67, client.ip(), client.mac(), 0, 68,
                Dhcp.server(Dhcp.OFFER, xid, client.mac(), 0, client.ip(), lease.relay().ip(), lease.serverIp(), lease.seconds(),
                        lease.mask(), lease.router(), lease.dns(), lease.domain()));
        long t3 = t2 + jitter(rng, 1 * MS, 10 * MS);
        s.udpTo(t3, unconfigured, 68, Addr.BROADCAST_IP, Addr.BROADCAST_MAC, 0, 67,
                Dhcp.client(Dhcp.REQUEST, xid, 0, client.mac(), 0, client.ip(), lease.serverIp(), hostname, vendorClass, prl));
        long t4 = t3 + jitter(rng, 2 * MS, 20 * MS);
        s.udpTo(t4, lease.relay(), 67, client.ip(), client.mac(), 0, 68,
                Dhcp.server(Dhcp.ACK, xid, client.mac(), 0, client.ip(), lease.relay().ip(), lease.serverIp(), lease.seconds(),
                        lease.mask(), lease.router(), lease.dns(), lease.domain()));
        s.add(new FrameScript.Arp(t4 + jitter(rng, 5 * MS, 50 * MS), client, Addr.BROADCAST_MAC, 1, client.mac(), client.ip(), 0,
                client.ip()));
        return s;
    }

    /** A renewing REQUEST unicast to the server and its ACK (RFC 2131 4.4.5). */
    public static Conversation dhcpRenew(SplittableRandom rng, long t, Host client, Host server, Lease lease, String hostname,
                                         String vendorClass, List<Integer> prl) {
        int xid = rng.nextInt();
        FrameScript s = new FrameScript();
        s.udp(t, client, 68, server, 67,
                Dhcp.client(Dhcp.REQUEST, xid, 0, client.mac(), client.ip(), 0, 0, hostname, vendorClass, prl));
        s.udp(t + jitter(rng, 1 * MS, 10 * MS), server, 67, client, 68,
                Dhcp.server(Dhcp.ACK, xid, client.mac(), client.ip(), client.ip(), 0, lease.serverIp(), lease.seconds(),
                        lease.mask(), lease.router(), lease.dns(), lease.domain()));
        return s;
    }

    // ---------------------------------------------------------------- small UDP services

    /** A DNS lookup; {@code answer} 0 means NXDOMAIN. */
    public static Conversation dns(SplittableRandom rng, long t, Host client, Host resolver, String name, int answer, int ttl,
                                   Path path) {
        int id = rng.nextInt(65536);
        int port = client.nextEphemeralPort();
        FrameScript s = new FrameScript();
        s.udp(t, client, port, resolver, 53, Dns.query(id, name, Dns.A));
        byte[] resp = answer == 0 ? Dns.response(id, name, Dns.A, 3, List.of())
                : Dns.response(id, name, Dns.A, 0, List.of(Dns.Rr.a(null, answer, ttl)));
        s.udp(t + 2 * path.halfRttNanos() + jitter(rng, 50 * US, 2 * MS), resolver, 53, client, port, resp);
        return s;
    }

    /** A DNS SRV lookup answered with one target (RFC 2782), as Windows does for its domain controller. */
    public static Conversation dnsSrv(SplittableRandom rng, long t, Host client, Host resolver, String name, String target,
                                      int port, Path path) {
        int id = rng.nextInt(65536);
        int src = client.nextEphemeralPort();
        FrameScript s = new FrameScript();
        s.udp(t, client, src, resolver, 53, Dns.query(id, name, Dns.SRV));
        s.udp(t + 2 * path.halfRttNanos() + jitter(rng, 50 * US, 2 * MS), resolver, 53, client, src,
                Dns.response(id, name, Dns.SRV, 0, List.of(Dns.Rr.srv(null, 0, 100, port, target, 600, 1))));
        return s;
    }

    /** An NTP client poll and the server's reply. */
    public static Conversation ntp(SplittableRandom rng, long t, Host client, Host server, int serverRefId, Path path) {
        FrameScript s = new FrameScript();
        s.udp(t, client, 123, server, 123, Ntp.client(t));
        long rx = t + path.halfRttNanos();
        long tx = rx + jitter(rng, 20 * US, 200 * US);
        s.udp(tx + 1, server, 123, client, 123, Ntp.server(2, serverRefId, t, rx, tx, t - 300_000 * MS));
        return s;
    }

    public static Conversation syslog(long t, Host sender, Host collector, int facility, int severity, String host, String app,
                                      String msgId, String text) {
        return new FrameScript().udp(t, sender, 514, collector, 514, Syslog.message(facility, severity, t, host, app, msgId, text));
    }

    /** An mDNS announcement of a DNS-SD service instance (RFC 6762, RFC 6763). */
    public static Conversation mdnsAnnounce(long t, Host host, String instance, String service, int port, String hostLabel,
                                            List<String> txt) {
        String fqInstance = instance + "." + service + ".local";
        String target = hostLabel + ".local";
        byte[] msg = Dns.mdnsAnnouncement(List.of(
                Dns.Rr.ptr(service + ".local", fqInstance, 4500),
                Dns.Rr.srv(fqInstance, 0, 0, port, target, 120, 0x8001),
                Dns.Rr.txt(fqInstance, txt, 4500, 0x8001),
                Dns.Rr.a(target, host.ip(), 120).withClass(0x8001)));
        int group = Addr.ip(224, 0, 0, 251);
        return new FrameScript().udpTo(t, host, 5353, group, Addr.multicastMac(group), 255, 5353, msg);
    }

    public static Conversation mdnsQuery(long t, Host host, String name, int type) {
        int group = Addr.ip(224, 0, 0, 251);
        return new FrameScript().udpTo(t, host, 5353, group, Addr.multicastMac(group), 255, 5353, Dns.mdnsQuery(name, type));
    }

    /** An SDC provider's WS-Discovery Hello (multicast TTL 15 as sdc11073 sets). */
    public static Conversation wsdHello(SplittableRandom rng, long t, Host host, String endpointUuid, long instanceId,
                                        int messageNumber) {
        int group = Addr.ip(WsDiscovery.GROUP);
        String xaddr = "https://" + Addr.ipString(host.ip()) + ":6464/" + endpointUuid;
        byte[] hello = WsDiscovery.hello(uuid(rng), endpointUuid, xaddr, instanceId, messageNumber);
        return new FrameScript().udpTo(t, host, WsDiscovery.PORT, group, Addr.multicastMac(group), 15, WsDiscovery.PORT, hello);
    }

    /** BACnet Who-Is from the head end and I-Am from each controller, all broadcast on one VLAN. */
    public static Conversation bacnetDiscovery(SplittableRandom rng, long t, Host headEnd, List<Host> controllers,
                                               List<int[]> instanceAndVendor) {
        FrameScript s = new FrameScript();
        int bcast = headEnd.ip() | 0xffff; // directed broadcast of the /16
        s.udpTo(t, headEnd, 47808, bcast, Addr.BROADCAST_MAC, 0, 47808, Bacnet.whoIs());
        long at = t;
        for (int i = 0; i < controllers.size(); i++) {
            at += jitter(rng, 1 * MS, 30 * MS);
            Host c = controllers.get(i);
            int[] iv = instanceAndVendor.get(i);
            s.udpTo(at, c, 47808, c.ip() | 0xffff, Addr.BROADCAST_MAC, 0, 47808, Bacnet.iAm(iv[0], iv[1]));
        }
        return s;
    }

    /** Opaque datagrams for a vendor protocol that is not public (content is noise; only flow shape is modelled). */
    public static Conversation opaqueUdp(SplittableRandom rng, long t, Host a, int aPort, Host b, int bPort, int requestLen,
                                         int replyLen, Path path) {
        FrameScript s = new FrameScript();
        s.udp(t, a, aPort, b, bPort, noise(rng, requestLen));
        if (replyLen > 0) {
            s.udp(t + 2 * path.halfRttNanos() + jitter(rng, 100 * US, 1 * MS), b, bPort, a, aPort, noise(rng, replyLen));
        }
        return s;
    }

    // ---------------------------------------------------------------- TCP applications

    /** Opaque TCP exchange for an unpublished vendor protocol: request/response pairs of noise. */
    public static Conversation opaqueTcp(SplittableRandom rng, long t, Host client, Host server, int port, Path path, int pairs,
                                         int requestLen, int replyLen) {
        List<TcpStep> steps = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            steps.add(TcpStep.client(jitter(rng, 1 * MS, 20 * MS), noise(rng, jitterLen(rng, requestLen))));
            steps.add(TcpStep.server(jitter(rng, 1 * MS, 10 * MS), noise(rng, jitterLen(rng, replyLen))));
        }
        steps.add(TcpStep.close(true, jitter(rng, 1 * MS, 5 * MS)));
        return tcp(rng, t, client, server, port, path, steps);
    }

    /** One HL7 v2 message over MLLP and its acknowledgement, on a fresh connection. */
    public static Conversation hl7(SplittableRandom rng, long t, Host sender, Host receiver, int port, Path path, byte[] message,
                                   byte[] ack) {
        List<TcpStep> steps = new ArrayList<>(4);
        steps.add(TcpStep.client(jitter(rng, 200 * US, 2 * MS), message));
        steps.add(TcpStep.server(jitter(rng, 2 * MS, 30 * MS), ack));
        steps.add(TcpStep.close(true, jitter(rng, 1 * MS, 10 * MS)));
        return tcp(rng, t, sender, receiver, port, path, steps);
    }

    /** One HTTP request and response on a fresh connection. */
    public static Conversation http(SplittableRandom rng, long t, Host client, Host server, int port, Path path, byte[] request,
                                    byte[] response) {
        List<TcpStep> steps = new ArrayList<>(4);
        steps.add(TcpStep.client(jitter(rng, 100 * US, 1 * MS), request));
        steps.add(TcpStep.server(jitter(rng, 2 * MS, 40 * MS), response));
        steps.add(TcpStep.close(true, jitter(rng, 5 * MS, 50 * MS)));
        return tcp(rng, t, client, server, port, path, steps);
    }

    /**
     * A TLS 1.3 session: handshake, then {@code exchanges} request/response pairs of encrypted records.
     * {@code uploadBytes} (if positive) is sent as one bulk upload after the handshake.
     */
    public static Conversation tls(SplittableRandom rng, long t, Host client, Host server, int port, Path path, String sni,
                                   String alpn, int exchanges, int requestLen, int replyLen, long uploadBytes) {
        List<TcpStep> steps = new ArrayList<>();
        byte[] ch = Tls.clientHello(rng, sni, alpn);
        steps.add(TcpStep.client(jitter(rng, 100 * US, 1 * MS), ch));
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Tls.serverFlight(rng, ch, 2000 + rng.nextInt(2500))));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 3 * MS), Tls.clientFinished(rng)));
        for (int i = 0; i < exchanges; i++) {
            steps.add(TcpStep.data(true, jitter(rng, 1 * MS, 200 * MS), Tls.encryptedStream(rng.nextLong(), jitterLen(rng, requestLen))));
            steps.add(TcpStep.data(false, jitter(rng, 2 * MS, 60 * MS), Tls.encryptedStream(rng.nextLong(), jitterLen(rng, replyLen))));
        }
        long left = uploadBytes;
        long seed = rng.nextLong();
        while (left > 0) {
            int chunk = (int) Math.min(left, 256 * 1024);
            steps.add(TcpStep.data(true, jitter(rng, 0, 2 * MS), Tls.encryptedStream(seed++, chunk)));
            left -= chunk;
        }
        if (uploadBytes > 0) {
            steps.add(TcpStep.server(jitter(rng, 5 * MS, 30 * MS), Tls.applicationDataRecords(rng, 200)));
        }
        steps.add(TcpStep.close(true, jitter(rng, 5 * MS, 100 * MS)));
        return tcp(rng, t, client, server, port, path, steps);
    }

    // ---------------------------------------------------------------- DICOM

    /** Identity an application entity presents in the association request. */
    public record DicomAe(String aeTitle, String implClassUid, String implVersionName) {
    }

    /** What a modality writes into each image it stores: identity facts plus a synthetic patient. */
    public record ImageFacts(String sopClass, String modality, String manufacturer, String model, String stationName,
                             String softwareVersions, int rows, int columns) {
    }

    /** C-ECHO (verification) association. */
    public static Conversation dicomEcho(SplittableRandom rng, long t, Host scu, DicomAe calling, Host scp, DicomAe called,
                                         int port, Path path) {
        List<Dicom.Context> ctx = List.of(new Dicom.Context(1, Dicom.VERIFICATION, List.of(Dicom.IMPLICIT_LE)));
        List<TcpStep> steps = new ArrayList<>();
        associate(rng, steps, calling, called, ctx, List.of(Dicom.IMPLICIT_LE));
        steps.add(TcpStep.client(jitter(rng, 200 * US, 2 * MS), Dicom.pdataCommand(1,
                Dicom.command(Dicom.VERIFICATION, Dicom.C_ECHO_RQ, 1, false, null, Dicom.NO_DATASET, 0, null))));
        steps.add(TcpStep.server(jitter(rng, 200 * US, 2 * MS), Dicom.pdataCommand(1,
                Dicom.command(Dicom.VERIFICATION, Dicom.C_ECHO_RSP, 1, true, null, Dicom.NO_DATASET, 0, null))));
        release(rng, steps);
        return tcp(rng, t, scu, scp, port, path, steps);
    }

    /** A study stored image by image (C-STORE), e.g. modality to PACS, or PACS to a C-MOVE destination. */
    public static Conversation dicomStore(SplittableRandom rng, long t, Host scu, DicomAe calling, Host scp, DicomAe called,
                                          int port, Path path, ImageFacts facts, int patient, int images) {
        List<Dicom.Context> ctx = List.of(
                new Dicom.Context(1, facts.sopClass(), List.of(Dicom.EXPLICIT_LE, Dicom.IMPLICIT_LE)),
                new Dicom.Context(3, Dicom.VERIFICATION, List.of(Dicom.IMPLICIT_LE)));
        List<TcpStep> steps = new ArrayList<>();
        associate(rng, steps, calling, called, ctx, java.util.Arrays.asList(Dicom.EXPLICIT_LE, Dicom.IMPLICIT_LE));
        String study = uid(rng);
        String series = uid(rng);
        long date = t;
        for (int i = 0; i < images; i++) {
            String instance = uid(rng);
            int msgId = i + 1;
            steps.add(TcpStep.client(jitter(rng, 1 * MS, 50 * MS), Dicom.pdataCommand(1,
                    Dicom.command(facts.sopClass(), Dicom.C_STORE_RQ, msgId, false, null, Dicom.HAS_DATASET, 0, instance))));
            steps.add(TcpStep.client(0, Dicom.pdataDataset(1, image(rng, facts, patient, study, series, instance, date))));
            steps.add(TcpStep.server(jitter(rng, 2 * MS, 40 * MS), Dicom.pdataCommand(1,
                    Dicom.command(facts.sopClass(), Dicom.C_STORE_RSP, msgId, true, null, Dicom.NO_DATASET, 0, instance))));
        }
        release(rng, steps);
        return tcp(rng, t, scu, scp, port, path, steps);
    }

    /** Modality worklist query (C-FIND on MWL) answered with {@code matches} scheduled steps. */
    public static Conversation dicomWorklist(SplittableRandom rng, long t, Host scu, DicomAe calling, Host scp, DicomAe called,
                                             int port, Path path, String modality, int firstPatient, int matches) {
        List<Dicom.Context> ctx = List.of(new Dicom.Context(1, Dicom.MWL_FIND, List.of(Dicom.EXPLICIT_LE, Dicom.IMPLICIT_LE)));
        List<TcpStep> steps = new ArrayList<>();
        associate(rng, steps, calling, called, ctx, List.of(Dicom.EXPLICIT_LE));
        byte[] query = worklistItem(modality, calling.aeTitle(), "", "", "");
        steps.add(TcpStep.client(jitter(rng, 200 * US, 2 * MS), Dicom.pdataCommand(1,
                Dicom.command(Dicom.MWL_FIND, Dicom.C_FIND_RQ, 1, false, null, Dicom.HAS_DATASET, 0, null))));
        steps.add(TcpStep.client(0, Dicom.pdataDataset(1, query)));
        for (int i = 0; i < matches; i++) {
            int p = firstPatient + i;
            steps.add(TcpStep.server(jitter(rng, 1 * MS, 10 * MS), Dicom.pdataCommand(1,
                    Dicom.command(Dicom.MWL_FIND, Dicom.C_FIND_RSP, 1, true, null, Dicom.HAS_DATASET, 0xff00, null))));
            steps.add(TcpStep.server(0, Dicom.pdataDataset(1, worklistItem(modality, calling.aeTitle(),
                    "SIM^PATIENT" + p, "SIM" + String.format("%06d", p), "20240101"))));
        }
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Dicom.pdataCommand(1,
                Dicom.command(Dicom.MWL_FIND, Dicom.C_FIND_RSP, 1, true, null, Dicom.NO_DATASET, 0, null))));
        release(rng, steps);
        return tcp(rng, t, scu, scp, port, path, steps);
    }

    /**
     * Study-root C-FIND for every study ({@code PatientName *}), then a C-MOVE per study to
     * {@code moveDestination}: the shape of a bulk harvest. {@code accepted} false = the PACS rejects
     * the calling AE (A-ASSOCIATE-RJ).
     */
    public static Conversation dicomHarvest(SplittableRandom rng, long t, Host scu, DicomAe calling, Host scp, DicomAe called,
                                            int port, Path path, int studies, String moveDestination, boolean accepted) {
        List<Dicom.Context> ctx = List.of(
                new Dicom.Context(1, Dicom.STUDY_ROOT_FIND, List.of(Dicom.EXPLICIT_LE, Dicom.IMPLICIT_LE)),
                new Dicom.Context(3, Dicom.STUDY_ROOT_MOVE, List.of(Dicom.EXPLICIT_LE, Dicom.IMPLICIT_LE)));
        List<TcpStep> steps = new ArrayList<>();
        byte[] rq = Dicom.associateRq(called.aeTitle(), calling.aeTitle(), ctx, calling.implClassUid(), calling.implVersionName());
        steps.add(TcpStep.client(jitter(rng, 200 * US, 1 * MS), rq));
        if (!accepted) {
            steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Dicom.associateRj(1, 1, 3)));
            steps.add(TcpStep.close(false, jitter(rng, 1 * MS, 5 * MS)));
            return tcp(rng, t, scu, scp, port, path, steps);
        }
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Dicom.associateAc(called.aeTitle(), calling.aeTitle(), ctx,
                List.of(Dicom.EXPLICIT_LE, Dicom.EXPLICIT_LE), called.implClassUid(), called.implVersionName())));
        steps.add(TcpStep.client(jitter(rng, 200 * US, 2 * MS), Dicom.pdataCommand(1,
                Dicom.command(Dicom.STUDY_ROOT_FIND, Dicom.C_FIND_RQ, 1, false, null, Dicom.HAS_DATASET, 0, null))));
        steps.add(TcpStep.client(0, Dicom.pdataDataset(1, studyQuery("*", "", ""))));
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < studies; i++) {
            String uid = uid(rng);
            uids.add(uid);
            steps.add(TcpStep.server(jitter(rng, 500 * US, 5 * MS), Dicom.pdataCommand(1,
                    Dicom.command(Dicom.STUDY_ROOT_FIND, Dicom.C_FIND_RSP, 1, true, null, Dicom.HAS_DATASET, 0xff00, null))));
            int p = 1 + rng.nextInt(99_999);
            steps.add(TcpStep.server(0, Dicom.pdataDataset(1, studyQuery("SIM^PATIENT" + p, "SIM" + String.format("%06d", p), uid))));
        }
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Dicom.pdataCommand(1,
                Dicom.command(Dicom.STUDY_ROOT_FIND, Dicom.C_FIND_RSP, 1, true, null, Dicom.NO_DATASET, 0, null))));
        int msgId = 2;
        for (String uid : uids) {
            steps.add(TcpStep.client(jitter(rng, 5 * MS, 50 * MS), Dicom.pdataCommand(3,
                    Dicom.command(Dicom.STUDY_ROOT_MOVE, Dicom.C_MOVE_RQ, msgId, false, moveDestination, Dicom.HAS_DATASET, 0, null))));
            steps.add(TcpStep.client(0, Dicom.pdataDataset(3, moveIdentifier(uid))));
            steps.add(TcpStep.server(jitter(rng, 50 * MS, 400 * MS), Dicom.pdataCommand(3,
                    Dicom.command(Dicom.STUDY_ROOT_MOVE, Dicom.C_MOVE_RSP, msgId, true, null, Dicom.NO_DATASET, 0, null))));
            msgId++;
        }
        release(rng, steps);
        return tcp(rng, t, scu, scp, port, path, steps);
    }

    private static void associate(SplittableRandom rng, List<TcpStep> steps, DicomAe calling, DicomAe called,
                                  List<Dicom.Context> ctx, List<String> accepted) {
        steps.add(TcpStep.client(jitter(rng, 200 * US, 1 * MS),
                Dicom.associateRq(called.aeTitle(), calling.aeTitle(), ctx, calling.implClassUid(), calling.implVersionName())));
        List<String> acc = new ArrayList<>();
        for (int i = 0; i < ctx.size(); i++) {
            String want = i < accepted.size() ? accepted.get(i) : null;
            acc.add(want != null && ctx.get(i).transferSyntaxes().contains(want) ? want : ctx.get(i).transferSyntaxes().get(0));
        }
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS),
                Dicom.associateAc(called.aeTitle(), calling.aeTitle(), ctx, acc, called.implClassUid(), called.implVersionName())));
    }

    private static void release(SplittableRandom rng, List<TcpStep> steps) {
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 10 * MS), Dicom.releaseRq()));
        steps.add(TcpStep.server(jitter(rng, 200 * US, 2 * MS), Dicom.releaseRp()));
        steps.add(TcpStep.close(true, jitter(rng, 100 * US, 1 * MS)));
    }

    private static byte[] image(SplittableRandom rng, ImageFacts f, int patient, String study, String series, String instance,
                                long nanos) {
        String date = org.wardwatch.sim.proto.Hl7.ts(nanos).substring(0, 8);
        byte[] pixels = new byte[f.rows() * f.columns() * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            int v = 200 + rng.nextInt(800);
            pixels[i] = (byte) v;
            pixels[i + 1] = (byte) (v >>> 8);
        }
        return new Dicom.DataSet()
                .text(0x0008, 0x0016, "UI", f.sopClass())
                .text(0x0008, 0x0018, "UI", instance)
                .text(0x0008, 0x0020, "DA", date)
                .text(0x0008, 0x0060, "CS", f.modality())
                .text(0x0008, 0x0070, "LO", f.manufacturer())
                .text(0x0008, 0x1010, "SH", f.stationName())
                .text(0x0008, 0x1090, "LO", f.model())
                .text(0x0010, 0x0010, "PN", "SIM^PATIENT" + patient)
                .text(0x0010, 0x0020, "LO", "SIM" + String.format("%06d", patient))
                .text(0x0018, 0x1020, "LO", f.softwareVersions())
                .text(0x0020, 0x000d, "UI", study)
                .text(0x0020, 0x000e, "UI", series)
                .us(0x0028, 0x0002, 1)
                .text(0x0028, 0x0004, "CS", "MONOCHROME2")
                .us(0x0028, 0x0010, f.rows())
                .us(0x0028, 0x0011, f.columns())
                .us(0x0028, 0x0100, 16)
                .us(0x0028, 0x0101, 12)
                .us(0x0028, 0x0102, 11)
                .us(0x0028, 0x0103, 0)
                .pixels(pixels)
                .toArray();
    }

    private static byte[] worklistItem(String modality, String stationAe, String patientName, String patientId, String date) {
        return new Dicom.DataSet()
                .text(0x0008, 0x0050, "SH", "")
                .text(0x0010, 0x0010, "PN", patientName)
                .text(0x0010, 0x0020, "LO", patientId)
                .sequence(0x0040, 0x0100).item()
                .text(0x0008, 0x0060, "CS", modality)
                .text(0x0040, 0x0001, "AE", stationAe)
                .text(0x0040, 0x0002, "DA", date)
                .endItem().endSequence()
                .toArray();
    }

    private static byte[] studyQuery(String patientName, String patientId, String studyUid) {
        Dicom.DataSet d = new Dicom.DataSet()
                .text(0x0008, 0x0020, "DA", "")
                .text(0x0008, 0x0052, "CS", "STUDY")
                .text(0x0010, 0x0010, "PN", patientName)
                .text(0x0010, 0x0020, "LO", patientId);
        if (!studyUid.isEmpty()) {
            d.text(0x0020, 0x000d, "UI", studyUid);
        } else {
            d.text(0x0020, 0x000d, "UI", "");
        }
        return d.toArray();
    }

    private static byte[] moveIdentifier(String studyUid) {
        return new Dicom.DataSet().text(0x0008, 0x0052, "CS", "STUDY").text(0x0020, 0x000d, "UI", studyUid).toArray();
    }

    // ---------------------------------------------------------------- Kerberos

    /**
     * A domain user's logon at a workstation ([MS-KILE] 3.1.5.1): AS-REQ without pre-authentication,
     * KDC_ERR_PREAUTH_REQUIRED, then AS-REQ with PA-ENC-TIMESTAMP and the AS-REP, each on its own TCP 88 connection.
     */
    public static List<Conversation> kerberosLogon(SplittableRandom rng, long t, Host client, Host kdc, Path path, String realm,
                                                   String user) {
        long nonce = rng.nextLong();
        List<TcpStep> first = List.of(
                TcpStep.client(jitter(rng, 100 * US, 1 * MS), org.wardwatch.sim.proto.Kerberos.asReq(rng, realm, user, t, nonce, false)),
                TcpStep.server(jitter(rng, 300 * US, 2 * MS), org.wardwatch.sim.proto.Kerberos.error(realm, user, t,
                        org.wardwatch.sim.proto.Kerberos.KDC_ERR_PREAUTH_REQUIRED)),
                TcpStep.close(true, jitter(rng, 200 * US, 1 * MS)));
        long t2 = t + jitter(rng, 5 * MS, 20 * MS);
        List<TcpStep> second = List.of(
                TcpStep.client(jitter(rng, 100 * US, 1 * MS), org.wardwatch.sim.proto.Kerberos.asReq(rng, realm, user, t2, nonce + 1, true)),
                TcpStep.server(jitter(rng, 1 * MS, 4 * MS), org.wardwatch.sim.proto.Kerberos.asRep(rng, realm, user)),
                TcpStep.close(true, jitter(rng, 200 * US, 1 * MS)));
        return List.of(tcp(rng, t, client, kdc, 88, path, first), tcp(rng, t2, client, kdc, 88, path, second));
    }

    // ---------------------------------------------------------------- SMB

    /** One file operation inside an SMB session. */
    public record FileOp(String name, boolean write, int bytes) {
    }

    /**
     * An SMB2 session: negotiate, NTLM authentication ({@code success} false ends with
     * STATUS_LOGON_FAILURE), tree connect, then each file opened, written or read in 64 KiB chunks, closed.
     */
    public static Conversation smb(SplittableRandom rng, long t, Host client, Host server, Path path, String domain, String user,
                                   String workstation, Smb2.WindowsVersion clientOs, String serverName, String share, boolean success,
                                   List<FileOp> files) {
        long ft = Smb2.filetime(t);
        long sessionId = rng.nextLong() & 0x0000_ffff_ffff_ffffL | 0x0000_4000_0000_0000L;
        long treeId = 1 + rng.nextInt(64);
        List<TcpStep> steps = new ArrayList<>();
        steps.add(TcpStep.client(jitter(rng, 100 * US, 1 * MS), Smb2.negotiateRequest(rng, clientOs)));
        steps.add(TcpStep.server(jitter(rng, 300 * US, 2 * MS), Smb2.negotiateResponse(rng, ft, clientOs.selectedDialect())));
        steps.add(TcpStep.client(jitter(rng, 200 * US, 1 * MS), Smb2.sessionSetupNegotiate(1, clientOs)));
        steps.add(TcpStep.server(jitter(rng, 300 * US, 2 * MS), Smb2.sessionSetupChallenge(rng, 1, sessionId,
                domain.toUpperCase(java.util.Locale.ROOT), serverName.toUpperCase(java.util.Locale.ROOT), domain.toLowerCase(java.util.Locale.ROOT) + ".local", ft)));
        steps.add(TcpStep.client(jitter(rng, 200 * US, 2 * MS), Smb2.sessionSetupAuthenticate(rng, 2, sessionId,
                domain.toUpperCase(java.util.Locale.ROOT), user, workstation.toUpperCase(java.util.Locale.ROOT), clientOs, ft)));
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Smb2.sessionSetupResult(2, sessionId, success)));
        if (!success) {
            steps.add(TcpStep.close(true, jitter(rng, 1 * MS, 5 * MS)));
            return tcp(rng, t, client, server, 445, path, steps);
        }
        steps.add(TcpStep.client(jitter(rng, 200 * US, 1 * MS), Smb2.treeConnectRequest(3, sessionId,
                "\\\\" + serverName + "\\" + share)));
        steps.add(TcpStep.server(jitter(rng, 200 * US, 1 * MS), Smb2.treeConnectResponse(3, sessionId, treeId)));
        long[] msg = {4};
        Iterator<TcpStep> head = steps.iterator();
        Iterator<FileOp> ops = files.iterator();
        long noiseSeed = rng.nextLong();
        SplittableRandom local = rng.split();
        Iterator<TcpStep> body = new Iterator<>() {
            private final ArrayList<TcpStep> buffer = new ArrayList<>();
            private int pos;
            private boolean closed;

            @Override
            public boolean hasNext() {
                fill();
                return pos < buffer.size();
            }

            @Override
            public TcpStep next() {
                fill();
                return buffer.get(pos++);
            }

            private void fill() {
                if (pos < buffer.size()) {
                    return;
                }
                buffer.clear();
                pos = 0;
                if (head.hasNext()) {
                    buffer.add(head.next());
                    return;
                }
                if (ops.hasNext()) {
                    FileOp op = ops.next();
                    long fileId = local.nextLong() & 0xffff_ffffL;
                    long m = msg[0];
                    buffer.add(TcpStep.client(jitter(local, 1 * MS, 30 * MS), Smb2.createRequest(m, sessionId, treeId, op.name(), op.write())));
                    buffer.add(TcpStep.server(jitter(local, 300 * US, 3 * MS), Smb2.createResponse(m, sessionId, treeId, fileId, ft,
                            op.write() ? 0 : op.bytes(), op.write())));
                    m++;
                    long offset = 0;
                    int left = op.bytes();
                    while (left > 0) {
                        int n = Math.min(left, 65536);
                        if (op.write()) {
                            Payload data = Payload.concat(Payload.of(Smb2.writeRequestHeader(m, sessionId, treeId, fileId, offset, n)),
                                    Payload.noise(noiseSeed + m, n));
                            buffer.add(TcpStep.data(true, jitter(local, 100 * US, 2 * MS), data));
                            buffer.add(TcpStep.server(jitter(local, 300 * US, 3 * MS), Smb2.writeResponse(m, sessionId, treeId, n)));
                        } else {
                            buffer.add(TcpStep.client(jitter(local, 100 * US, 2 * MS), Smb2.readRequest(m, sessionId, treeId, fileId, offset, n)));
                            Payload data = Payload.concat(Payload.of(Smb2.readResponseHeader(m, sessionId, treeId, n)),
                                    Payload.noise(noiseSeed + m, n));
                            buffer.add(TcpStep.data(false, jitter(local, 300 * US, 3 * MS), data));
                        }
                        m++;
                        offset += n;
                        left -= n;
                    }
                    buffer.add(TcpStep.client(jitter(local, 200 * US, 2 * MS), Smb2.closeRequest(m, sessionId, treeId, fileId)));
                    buffer.add(TcpStep.server(jitter(local, 200 * US, 2 * MS), Smb2.closeResponse(m, sessionId, treeId)));
                    msg[0] = m + 1;
                    return;
                }
                if (!closed) {
                    closed = true;
                    buffer.add(TcpStep.close(true, jitter(local, 5 * MS, 100 * MS)));
                }
            }
        };
        return tcp(rng, t, client, server, 445, path, TcpSession.Open.ACCEPT, body);
    }

    // ---------------------------------------------------------------- logins (brute force)

    /** A failed FTP login (USER/PASS then 530), on its own connection. */
    public static Conversation ftpLogin(SplittableRandom rng, long t, Host client, Host server, Path path, String banner,
                                        String user, String password) {
        List<TcpStep> steps = new ArrayList<>();
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Logins.text("220 " + banner + "\r\n")));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 5 * MS), Logins.text("USER " + user + "\r\n")));
        steps.add(TcpStep.server(jitter(rng, 200 * US, 2 * MS), Logins.text("331 Password required for " + user + ".\r\n")));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 5 * MS), Logins.text("PASS " + password + "\r\n")));
        steps.add(TcpStep.server(jitter(rng, 300 * MS, 700 * MS), Logins.text("530 Login incorrect.\r\n")));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 3 * MS), Logins.text("QUIT\r\n")));
        steps.add(TcpStep.server(jitter(rng, 200 * US, 1 * MS), Logins.text("221 Goodbye.\r\n")));
        steps.add(TcpStep.close(false, jitter(rng, 200 * US, 1 * MS)));
        return tcp(rng, t, client, server, 21, path, steps);
    }

    /** A failed Telnet login. */
    public static Conversation telnetLogin(SplittableRandom rng, long t, Host client, Host server, Path path, String user,
                                           String password) {
        List<TcpStep> steps = new ArrayList<>();
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Logins.telnetServerOptions()));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 3 * MS), Logins.telnetClientOptions()));
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Logins.text("\r\nlogin: ")));
        steps.add(TcpStep.client(jitter(rng, 5 * MS, 20 * MS), Logins.text(user + "\r\n")));
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Logins.text("Password: ")));
        steps.add(TcpStep.client(jitter(rng, 5 * MS, 20 * MS), Logins.text(password + "\r\n")));
        steps.add(TcpStep.server(jitter(rng, 500 * MS, 1500 * MS), Logins.text("\r\nLogin incorrect\r\n")));
        steps.add(TcpStep.close(true, jitter(rng, 1 * MS, 5 * MS)));
        return tcp(rng, t, client, server, 23, path, steps);
    }

    /**
     * An RDP connection attempt: X.224 negotiation, TLS for CredSSP, then the server drops it (failed
     * credentials). Every TLS record fits one segment: Wireshark 4.0 does not hand RDP's TLS to the
     * TLS dissector, and a segment starting mid-record could look like TPKT to its heuristic.
     */
    public static Conversation rdpLogin(SplittableRandom rng, long t, Host client, Host server, Path path, String user) {
        List<TcpStep> steps = new ArrayList<>();
        steps.add(TcpStep.client(jitter(rng, 200 * US, 1 * MS), Logins.rdpConnectionRequest(user)));
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 3 * MS), Logins.rdpConnectionConfirm()));
        byte[] ch = Tls.clientHello(rng, null, null);
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 3 * MS), ch));
        steps.add(TcpStep.server(jitter(rng, 1 * MS, 5 * MS), Tls.serverFlight(rng, ch, 1000 + rng.nextInt(200))));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 3 * MS), Tls.clientFinished(rng)));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 3 * MS), Tls.applicationDataRecords(rng, 300 + rng.nextInt(200))));
        steps.add(TcpStep.server(jitter(rng, 2 * MS, 10 * MS), Tls.applicationDataRecords(rng, 200 + rng.nextInt(100))));
        steps.add(TcpStep.client(jitter(rng, 1 * MS, 3 * MS), Tls.applicationDataRecords(rng, 400 + rng.nextInt(200))));
        steps.add(TcpStep.server(jitter(rng, 50 * MS, 300 * MS), Tls.applicationDataRecords(rng, 40)));
        steps.add(TcpStep.close(false, jitter(rng, 1 * MS, 5 * MS)));
        return tcp(rng, t, client, server, 3389, path, steps);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Opaque bytes standing for an unpublished vendor protocol. The first byte stays below 0x40 so
     * that no dissector's heuristic (RTP/RTCP version 2, TLS record types, TPKT, BVLC...) claims it.
     */
    static byte[] noise(SplittableRandom rng, int n) {
        byte[] b = new byte[Math.max(1, n)];
        for (int i = 0; i < b.length; i += 8) {
            long v = rng.nextLong();
            for (int k = 0; k < 8 && i + k < b.length; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
        b[0] = (byte) (0x20 | (b[0] & 0x1f)); // 0x20-0x3f: no TPKT, TLS, RTP or BVLC lead byte
        if (b.length > 1 && (b[1] & 0xf0) == 0x40) {
            b[1] ^= (byte) 0x80; // not an OSI CLTP UD TPDU code (the GOOSE-over-UDP heuristic)
        }
        return b;
    }

    static int jitterLen(SplittableRandom rng, int n) {
        return Math.max(1, n / 2 + rng.nextInt(Math.max(1, n)));
    }

    /** A random (version 4) UUID string from the generator. */
    public static String uuid(SplittableRandom rng) {
        long hi = rng.nextLong() & 0xffff_ffff_ffff_0fffL | 0x0000_0000_0000_4000L;
        long lo = rng.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        return new java.util.UUID(hi, lo).toString();
    }

    /** A DICOM UID derived from a random UUID (PS3.5 B.2: "2.25." + the UUID as an unsigned integer). */
    public static String uid(SplittableRandom rng) {
        long hi = rng.nextLong() & 0xffff_ffff_ffff_0fffL | 0x0000_0000_0000_4000L;
        long lo = rng.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        java.math.BigInteger v = new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
        return "2.25." + v;
    }

    /** The HTTP exchange of a web UI (used for device admin pages and FHIR). */
    public static byte[] httpGet(String target, String host, String userAgent) {
        return Http.request("GET", target, host, userAgent, null, null);
    }
}
