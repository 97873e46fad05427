package org.wardwatch.protocols.medicaltest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.testkit.Tshark;

/**
 * Replays the TCP payloads of a capture of clean loopback traffic (no loss, no reordering) into one
 * analyzer per TCP connection, in frame order, segment by segment as they were captured: the client is
 * the side that sent the SYN. tshark splits the capture into streams, the analyzer sees the same
 * segment boundaries as on the wire.
 */
public final class PayloadReplay {
    private PayloadReplay() {
    }

    /** One analyzer run per TCP connection, in order of connection start. */
    public static List<AnalyzerHarness> tcp(Path capture, AnalyzerFactory factory) {
        List<String[]> rows = Tshark.on(capture).fields("tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.flags.syn",
                "tcp.flags.ack", "tcp.payload");
        Map<String, AnalyzerHarness> byStream = new LinkedHashMap<>();
        Map<String, Integer> clientPort = new LinkedHashMap<>();
        for (String[] r : rows) {
            String stream = r[0];
            int src = Integer.parseInt(r[1]);
            int dst = Integer.parseInt(r[2]);
            if ("1".equals(r[3]) && "0".equals(r[4])) {
                clientPort.put(stream, src);
                byStream.put(stream, AnalyzerHarness.forFlow(factory, dst));
            }
            AnalyzerHarness h = byStream.get(stream);
            if (h == null || r[5].isEmpty()) {
                continue;
            }
            byte[] payload = HexFormat.of().parseHex(r[5].replace(":", ""));
            h.feed(src == clientPort.get(stream), payload, 0, payload.length);
        }
        byStream.values().forEach(AnalyzerHarness::end);
        return new ArrayList<>(byStream.values());
    }

    public static List<Observation> observations(List<AnalyzerHarness> runs) {
        List<Observation> out = new ArrayList<>();
        runs.forEach(h -> out.addAll(h.observations()));
        return out;
    }
}
