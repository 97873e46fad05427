package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.testkit.Frames;

/**
 * Builds whole flows (TCP with handshake and FINs, or UDP datagrams) around given payloads and runs
 * them through the real pipeline: for tests that put real protocol bytes on other ports.
 */
public final class SyntheticFlows {
    static final String CLIENT = "10.1.0.10";
    static final String SERVER = "10.1.0.20";
    static final String CLIENT_MAC = "02:00:00:00:01:0a";
    static final String SERVER_MAC = "02:00:00:00:01:14";

    private SyntheticFlows() {
    }

    /** Frames of a TCP connection carrying the chunks in order. */
    public static List<byte[]> tcp(int clientPort, int serverPort, List<Seeds.Chunk> chunks) {
        List<byte[]> out = new ArrayList<>();
        long cseq = 1000;
        long sseq = 5000;
        out.add(c(clientPort, serverPort).flags(Frames.SYN).seq(cseq).build());
        out.add(s(clientPort, serverPort).flags(Frames.SYN | Frames.ACK).seq(sseq).ack(cseq + 1).build());
        cseq++;
        sseq++;
        out.add(c(clientPort, serverPort).flags(Frames.ACK).seq(cseq).ack(sseq).build());
        for (Seeds.Chunk chunk : chunks) {
            byte[] d = chunk.data();
            for (int off = 0; off < d.length; off += 1400) {
                byte[] piece = java.util.Arrays.copyOfRange(d, off, Math.min(d.length, off + 1400));
                if (chunk.fromClient()) {
                    out.add(c(clientPort, serverPort).flags(Frames.ACK | Frames.PSH).seq(cseq).ack(sseq).payload(piece).build());
                    cseq += piece.length;
                } else {
                    out.add(s(clientPort, serverPort).flags(Frames.ACK | Frames.PSH).seq(sseq).ack(cseq).payload(piece).build());
                    sseq += piece.length;
                }
            }
        }
        out.add(c(clientPort, serverPort).flags(Frames.FIN | Frames.ACK).seq(cseq).ack(sseq).build());
        out.add(s(clientPort, serverPort).flags(Frames.FIN | Frames.ACK).seq(sseq).ack(cseq + 1).build());
        out.add(c(clientPort, serverPort).flags(Frames.ACK).seq(cseq + 1).ack(sseq + 1).build());
        return out;
    }

    /** UDP datagrams between the two ports, one per chunk. */
    public static List<byte[]> udp(int clientPort, int serverPort, List<Seeds.Chunk> chunks) {
        List<byte[]> out = new ArrayList<>();
        for (Seeds.Chunk chunk : chunks) {
            Frames.Builder b = chunk.fromClient()
                    ? Frames.ethernet(CLIENT_MAC, SERVER_MAC).ipv4(CLIENT, SERVER).udp(clientPort, serverPort)
                    : Frames.ethernet(SERVER_MAC, CLIENT_MAC).ipv4(SERVER, CLIENT).udp(serverPort, clientPort);
            out.add(b.payload(chunk.data()).build());
        }
        return out;
    }

    private static Frames.Builder c(int cp, int sp) {
        return Frames.ethernet(CLIENT_MAC, SERVER_MAC).ipv4(CLIENT, SERVER).tcp(cp, sp);
    }

    private static Frames.Builder s(int cp, int sp) {
        return Frames.ethernet(SERVER_MAC, CLIENT_MAC).ipv4(SERVER, CLIENT).tcp(sp, cp);
    }

    /** Every observation (flow records included) of the frames, 1 ms apart. */
    public static List<Observation> observe(List<byte[]> frames) {
        List<Observation> out = new ArrayList<>();
        try {
            Pipeline.run(List.of(Frames.source(Frames.timed(frames, 1_700_000_000_000_000_000L, 1_000_000L))),
                    EngineConfig.defaults(), out::add, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
