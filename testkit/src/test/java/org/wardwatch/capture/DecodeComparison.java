package org.wardwatch.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.decode.PacketDecoder;
import org.wardwatch.capture.frag.Defragmenter;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.testkit.Tshark;

/**
 * Decodes a capture with {@link PacketDecoder} (and the {@link Defragmenter}, as the engine does) and
 * compares, frame by frame, what tshark decoded: VLAN ids, MAC addresses, IP addresses, ports, TCP
 * flags. The rules that map tshark's view (every layer of a tunnel, quoted headers of ICMP errors)
 * to ours (the innermost frame) are written here once.
 */
public final class DecodeComparison {
    public static final String[] FIELDS = {"frame.number", "vlan.id", "eth.src", "eth.dst", "ip.src", "ip.dst", "ipv6.src",
        "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.flags", "frame.protocols",
        "erspan.vlan", "_ws.malformed", "ieee8021ad.id"};
    private static final int NUMBER = 0, VLAN = 1, ETH_SRC = 2, ETH_DST = 3, IP_SRC = 4, IP_DST = 5, IP6_SRC = 6,
            IP6_DST = 7, TCP_SP = 8, TCP_DP = 9, UDP_SP = 10, UDP_DP = 11, TCP_FLAGS = 12, PROTOCOLS = 13, ERSPAN_VLAN = 14,
            MALFORMED = 15, QINQ = 16;

    /** What one comparison found. */
    public static final class Result {
        public int compared;
        /** Field comparisons made (so that a test can see the comparison was not vacuous). */
        public int checks;
        public int ourMalformed;
        public final List<String> mismatches = new ArrayList<>();
        /** Frames we could not decode although tshark decoded an IP header without calling it malformed. */
        public final List<String> rejected = new ArrayList<>();
    }

    private DecodeComparison() {
    }

    /** Compares the first {@code maxFrames} frames of {@code capture}. */
    public static Result compare(Path capture, int maxFrames) throws IOException {
        return compare(capture, Tshark.on(capture).tolerateReadErrors().fields(FIELDS), maxFrames);
    }

    /** Compares with tshark rows of {@link #FIELDS} obtained elsewhere (one row per frame). */
    public static Result compare(Path capture, List<String[]> rows, int maxFrames) throws IOException {
        Result res = new Result();
        Anomalies anomalies = new Anomalies();
        PacketDecoder decoder = new PacketDecoder(anomalies);
        Defragmenter defrag = new Defragmenter(anomalies, 1024, 30_000_000_000L);
        DecodedPacket d = new DecodedPacket();
        Packet p = new Packet();
        int row = 0;
        try (PacketSource src = CaptureFiles.open(capture)) {
            while (src.next(p) && row < rows.size() && (maxFrames <= 0 || row < maxFrames)) {
                String[] t = rows.get(row++);
                int r = decoder.decode(p, d);
                if (r == PacketDecoder.FRAGMENT) {
                    if (defrag.add(d)) {
                        r = decoder.decodeDatagram(defrag.buffer(), defrag.offset(), defrag.length(), defrag.version(), d);
                    } else {
                        compareAddresses(res, t, d, p.number);
                        res.compared++;
                        continue;
                    }
                }
                if (r == PacketDecoder.MALFORMED) {
                    res.ourMalformed++;
                    boolean tsharkIp = !t[IP_SRC].isEmpty() || !t[IP6_SRC].isEmpty();
                    if (tsharkIp && t[MALFORMED].isEmpty()) {
                        res.rejected.add("frame " + p.number + ": " + anomalies.name(d.anomaly) + " but tshark decoded "
                                + t[PROTOCOLS]);
                    }
                    continue;
                }
                if (r == PacketDecoder.OTHER) {
                    continue;
                }
                res.compared++;
                compareFrame(res, t, d, r, p.number);
            }
        }
        return res;
    }

    private static void compareFrame(Result res, String[] t, DecodedPacket d, int r, long n) {
        boolean inner = d.tunnelDepth > 0;
        if (d.hasEthernet) {
            expect(res, n, "eth.src", pick(t[ETH_SRC], inner), new MacAddress(d.srcMac).toString());
            expect(res, n, "eth.dst", pick(t[ETH_DST], inner), new MacAddress(d.dstMac).toString());
        }
        compareVlans(res, t, d, n);
        if (r == PacketDecoder.FRAME) {
            return;
        }
        compareAddresses(res, t, d, n);
        boolean icmp = d.ipProtocol == 1 || d.ipProtocol == 58;
        if (d.ipProtocol == 6) {
            expect(res, n, "tcp.srcport", pick(t[TCP_SP], inner), Integer.toString(d.srcPort));
            expect(res, n, "tcp.dstport", pick(t[TCP_DP], inner), Integer.toString(d.dstPort));
            String flags = pick(t[TCP_FLAGS], inner);
            int theirs = flags.isEmpty() ? -1 : Integer.decode(flags);
            expect(res, n, "tcp.flags", Integer.toString(theirs), Integer.toString(d.tcpFlags));
        } else if (d.ipProtocol == 17) {
            expect(res, n, "udp.srcport", pick(t[UDP_SP], inner), Integer.toString(d.srcPort));
            expect(res, n, "udp.dstport", pick(t[UDP_DP], inner), Integer.toString(d.dstPort));
        } else if (!icmp && !t[TCP_SP].isEmpty() && !inner) {
            res.mismatches.add("frame " + n + ": tshark sees TCP, we see IP protocol " + d.ipProtocol);
        }
    }

    private static void compareAddresses(Result res, String[] t, DecodedPacket d, long n) {
        boolean inner = d.tunnelDepth > 0;
        boolean icmp = d.ipProtocol == 1 || d.ipProtocol == 58;
        if (inner && icmp) {
            return; // the tunnel's and the ICMP error's quoted headers interleave in tshark's list
        }
        // ICMP errors quote the offending datagram: tshark lists its addresses after the packet's own
        boolean first = !inner;
        String src = d.ipVersion == 4 ? t[IP_SRC] : t[IP6_SRC];
        String dst = d.ipVersion == 4 ? t[IP_DST] : t[IP6_DST];
        IpAddress s = d.srcIp(), dd = d.dstIp();
        expect(res, n, d.ipVersion == 4 ? "ip.src" : "ipv6.src", first ? firstOf(src) : lastOf(src), s.toString());
        expect(res, n, d.ipVersion == 4 ? "ip.dst" : "ipv6.dst", first ? firstOf(dst) : lastOf(dst), dd.toString());
    }

    private static void compareVlans(Result res, String[] t, DecodedPacket d, long n) {
        // tshark names 802.1ad service tags ieee8021ad.id and 802.1Q tags vlan.id; service tags are the outer ones
        List<String> theirs = new ArrayList<>();
        for (String cell : new String[] {t[QINQ], t[VLAN]}) {
            if (!cell.isEmpty()) {
                theirs.addAll(List.of(cell.split(",")));
            }
        }
        List<String> ours = new ArrayList<>();
        if (d.vlanCount > 0) {
            ours.add(Integer.toString(d.vlan));
        }
        if (d.vlanCount > 1) {
            ours.add(Integer.toString(d.innerVlan));
        }
        if (d.tunnelDepth == 0) {
            List<String> head = theirs.subList(0, Math.min(2, theirs.size()));
            if (!head.equals(ours) || theirs.size() != d.vlanCount) {
                res.mismatches.add("frame " + n + ": vlan.id tshark=" + theirs + " ours=" + ours + " (count " + d.vlanCount + ")");
            }
            return;
        }
        if (d.vlanCount == 0 && d.vlan != 0) {
            // the VLAN came from the ERSPAN header (the mirrored frame was untagged)
            expect(res, n, "erspan.vlan", lastOf(t[ERSPAN_VLAN]), Integer.toString(d.vlan));
            return;
        }
        if (ours.size() > theirs.size() || !theirs.subList(theirs.size() - ours.size(), theirs.size()).equals(ours)) {
            res.mismatches.add("frame " + n + ": inner vlan.id tshark=" + theirs + " ours=" + ours);
        }
    }

    private static String pick(String cell, boolean last) {
        return last ? lastOf(cell) : firstOf(cell);
    }

    private static String firstOf(String cell) {
        int i = cell.indexOf(',');
        return i < 0 ? cell : cell.substring(0, i);
    }

    private static String lastOf(String cell) {
        int i = cell.lastIndexOf(',');
        return i < 0 ? cell : cell.substring(i + 1);
    }

    private static void expect(Result res, long n, String field, String theirs, String ours) {
        res.checks++;
        if (!normalize(theirs).equals(normalize(ours))) {
            res.mismatches.add("frame " + n + ": " + field + " tshark=" + theirs + " ours=" + ours);
        }
    }

    private static String normalize(String s) {
        if (s.indexOf(':') >= 0 && s.length() != 17) {
            try {
                return IpAddress.parse(s).toString(); // IPv6 text forms may differ
            } catch (RuntimeException e) {
                return s;
            }
        }
        return s;
    }
}
