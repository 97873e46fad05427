package org.wardwatch.capture.reassembly;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.testkit.Frames;

/** Builds the frames of one TCP connection between 10.0.0.1:40000 (client) and 10.0.0.2:104 (server). */
final class TcpScript {
    static final long T0 = 1_700_000_000L * 1_000_000_000L;
    final long clientIsn, serverIsn;
    final List<Frames.Timed> frames = new ArrayList<>();
    private long t = T0;

    TcpScript(long clientIsn, long serverIsn) {
        this.clientIsn = clientIsn & 0xFFFF_FFFFL;
        this.serverIsn = serverIsn & 0xFFFF_FFFFL;
    }

    private Frames.Builder base(boolean fromClient) {
        return fromClient
                ? Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 104)
                : Frames.ethernet("02:00:00:00:00:02", "02:00:00:00:00:01").ipv4("10.0.0.2", "10.0.0.1").tcp(104, 40000);
    }

    TcpScript add(byte[] frame) {
        frames.add(new Frames.Timed(t, frame));
        t += 1_000_000;
        return this;
    }

    TcpScript handshake() {
        add(base(true).flags(Frames.SYN).seq(clientIsn).build());
        add(base(false).flags(Frames.SYN | Frames.ACK).seq(serverIsn).ack(clientIsn + 1).build());
        return add(base(true).flags(Frames.ACK).seq(clientIsn + 1).ack(serverIsn + 1).build());
    }

    /** A segment carrying {@code data[off, off+len)} at stream offset {@code off}, acknowledging {@code ackOffset} of the peer. */
    byte[] segment(boolean fromClient, byte[] data, int off, int len, long ackOffset) {
        long isn = fromClient ? clientIsn : serverIsn;
        long peerIsn = fromClient ? serverIsn : clientIsn;
        byte[] piece = java.util.Arrays.copyOfRange(data, off, off + len);
        return base(fromClient).flags(Frames.ACK | Frames.PSH).seq(isn + 1 + off).ack(peerIsn + 1 + ackOffset).payload(piece)
                .build();
    }

    /** A bare ACK from one side acknowledging {@code ackOffset} bytes of the other. */
    byte[] ack(boolean fromClient, long seqOffset, long ackOffset) {
        long isn = fromClient ? clientIsn : serverIsn;
        long peerIsn = fromClient ? serverIsn : clientIsn;
        return base(fromClient).flags(Frames.ACK).seq(isn + 1 + seqOffset).ack(peerIsn + 1 + ackOffset).build();
    }

    byte[] fin(boolean fromClient, long seqOffset, long ackOffset) {
        long isn = fromClient ? clientIsn : serverIsn;
        long peerIsn = fromClient ? serverIsn : clientIsn;
        return base(fromClient).flags(Frames.FIN | Frames.ACK).seq(isn + 1 + seqOffset).ack(peerIsn + 1 + ackOffset).build();
    }
}
