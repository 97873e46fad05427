package org.wardwatch.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wardwatch.capture.engine.Engine;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.capture.engine.EngineStats;
import org.wardwatch.capture.engine.PacketListener;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.testkit.Requirements;

/**
 * Runs the engine over a capture and compares its TCP and UDP flows with tshark's conversations
 * ({@code tshark -q -z conv,tcp -z conv,udp}): the same conversations, the same frames per direction,
 * the same bytes per direction (tshark 4.0 prints sizes from 10,000 bytes on truncated to kB, so
 * our exact count must fall in the range tshark's text stands for).
 *
 * <p>Adjustments, each because tshark's conversations are not our flows:
 * <ul>
 *   <li>tshark keys conversations by addresses and ports only; we key flows by VLAN too, and end them
 *       on idle and active timeouts and on port reuse after a close. Our flows with the same addresses
 *       and ports are summed before comparing.</li>
 *   <li>Fragmented datagrams: tshark counts the reassembled datagram once, on its last fragment,
 *       with that frame's length; we count it once with the length of all its fragments. Files with
 *       fragments are compared on frames only for those conversations (see {@link #fragmentedKeys}).</li>
 * </ul>
 */
public final class ConversationComparison {
    /**
     * One conversation's counters: frames and bytes from A (the lower endpoint as text) to B and back.
     * Bytes are a range: tshark prints sizes from 10,000 bytes on truncated to kB (MB from 10,000 kB).
     */
    public record Conv(long framesAtoB, long bytesAtoBMin, long bytesAtoBMax, long framesBtoA, long bytesBtoAMin,
                       long bytesBtoAMax) {
        Conv plus(Conv o) {
            return new Conv(framesAtoB + o.framesAtoB, bytesAtoBMin + o.bytesAtoBMin, bytesAtoBMax + o.bytesAtoBMax,
                    framesBtoA + o.framesBtoA, bytesBtoAMin + o.bytesBtoAMin, bytesBtoAMax + o.bytesBtoAMax);
        }

        boolean matches(Conv exact) {
            return framesAtoB == exact.framesAtoB && framesBtoA == exact.framesBtoA
                    && exact.bytesAtoBMin >= bytesAtoBMin && exact.bytesAtoBMin <= bytesAtoBMax
                    && exact.bytesBtoAMin >= bytesBtoAMin && exact.bytesBtoAMin <= bytesBtoAMax;
        }

        @Override
        public String toString() {
            return framesAtoB + " frames/" + range(bytesAtoBMin, bytesAtoBMax) + " bytes -> <- " + framesBtoA + " frames/"
                    + range(bytesBtoAMin, bytesBtoAMax) + " bytes";
        }

        private static String range(long lo, long hi) {
            return lo == hi ? Long.toString(lo) : lo + ".." + hi;
        }
    }

    public static final class Result {
        public final Map<String, Conv> tshark = new TreeMap<>();
        public final Map<String, Conv> ours = new TreeMap<>();
        public final List<String> mismatches = new ArrayList<>();
        public EngineStats stats;
    }

    private ConversationComparison() {
    }

    public static Result compare(Path capture) throws IOException {
        return compare(capture, EngineConfig.defaults());
    }

    public static Result compare(Path capture, EngineConfig config) throws IOException {
        String text = Requirements.run(300, Requirements.command("tshark").toString(), "-n", "-q", "-r", capture.toString(),
                "-z", "conv,tcp", "-z", "conv,udp");
        return compare(capture, config, text);
    }

    /** Compares with the text of {@code tshark -z conv,tcp -z conv,udp} obtained elsewhere. */
    public static Result compare(Path capture, EngineConfig config, String tsharkConversations) throws IOException {
        Result res = new Result();
        parseTshark(tsharkConversations, res.tshark);
        List<FlowRecord> records = new ArrayList<>();
        Engine engine = new Engine(config, new PacketListener() {
            @Override
            public void onFlowEnd(FlowView flow, FlowRecord record) {
                records.add(record);
            }
        });
        try (PacketSource src = CaptureFiles.open(capture)) {
            res.stats = engine.run(src);
        }
        Map<String, long[]> sums = new TreeMap<>();
        for (FlowRecord r : records) {
            int p = r.flow().protocol();
            if (p != 6 && p != 17) {
                continue;
            }
            String c = endpoint(r.flow().client().toString(), r.flow().clientPort());
            String s = endpoint(r.flow().server().toString(), r.flow().serverPort());
            boolean clientIsA = c.compareTo(s) <= 0;
            String key = (p == 6 ? "tcp " : "udp ") + (clientIsA ? c + " " + s : s + " " + c);
            long[] v = sums.computeIfAbsent(key, k -> new long[4]);
            v[0] += clientIsA ? r.clientPackets() : r.serverPackets();
            v[1] += clientIsA ? r.clientBytes() : r.serverBytes();
            v[2] += clientIsA ? r.serverPackets() : r.clientPackets();
            v[3] += clientIsA ? r.serverBytes() : r.clientBytes();
        }
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            long[] v = e.getValue();
            res.ours.put(e.getKey(), new Conv(v[0], v[1], v[1], v[2], v[3], v[3]));
        }
        for (String k : res.tshark.keySet()) {
            if (!res.ours.containsKey(k)) {
                res.mismatches.add("only tshark: " + k + " " + res.tshark.get(k));
            }
        }
        for (String k : res.ours.keySet()) {
            Conv o = res.ours.get(k);
            Conv t = res.tshark.get(k);
            if (t == null) {
                res.mismatches.add("only ours: " + k + " " + o);
                continue;
            }
            if (!t.matches(o)) {
                res.mismatches.add(k + ": tshark " + t + ", ours " + o);
            }
        }
        return res;
    }

    static String endpoint(String ip, int port) {
        return ip + ":" + port;
    }

    /** The range of byte counts that tshark 4.0 prints as {@code number unit} (sizes truncated, SI units). */
    static long[] tsharkSizeRange(String number, String unit) {
        long n = Long.parseLong(number);
        long scale;
        switch (unit) {
            case "bytes":
                scale = 1;
                break;
            case "kB":
                scale = 1_000;
                break;
            case "MB":
                scale = 1_000_000;
                break;
            case "GB":
                scale = 1_000_000_000L;
                break;
            default:
                throw new IllegalArgumentException("unit " + unit);
        }
        return new long[] {n * scale, n * scale + scale - 1};
    }

    private static void parseTshark(String text, Map<String, Conv> out) {
        String proto = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("TCP Conversations")) {
                proto = "tcp ";
                continue;
            }
            if (line.startsWith("UDP Conversations")) {
                proto = "udp ";
                continue;
            }
            if (proto == null || !line.contains("<->")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            // A <-> B  framesBtoA bytes unit  framesAtoB bytes unit  total... (tshark: "<-" then "->")
            String a = f[0], b = f[2];
            long fBA = Long.parseLong(f[3]);
            long[] bBA = tsharkSizeRange(f[4], f[5]);
            long fAB = Long.parseLong(f[6]);
            long[] bAB = tsharkSizeRange(f[7], f[8]);
            String na = normalizeEndpoint(a), nb = normalizeEndpoint(b);
            boolean aFirst = na.compareTo(nb) <= 0;
            String key = proto + (aFirst ? na + " " + nb : nb + " " + na);
            Conv c = aFirst ? new Conv(fAB, bAB[0], bAB[1], fBA, bBA[0], bBA[1])
                    : new Conv(fBA, bBA[0], bBA[1], fAB, bAB[0], bAB[1]);
            // tshark may list one address/port pair several times (a reused pair; SNMP requests and
            // responses in separate conversations): sum them, as we sum our flows
            out.merge(key, c, Conv::plus);
        }
    }

    private static String normalizeEndpoint(String ep) {
        int i = ep.lastIndexOf(':');
        String ip = ep.substring(0, i);
        return endpoint(org.wardwatch.model.IpAddress.parse(ip).toString(), Integer.parseInt(ep.substring(i + 1)));
    }
}
