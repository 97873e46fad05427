package org.wardwatch.sim.wire;

/**
 * One step of a scripted TCP conversation: a message from one side after a think time, or the end
 * of the conversation (orderly FIN exchange or an abortive RST).
 */
public record TcpStep(Kind kind, boolean fromClient, long gapNanos, Payload payload) {
    public enum Kind { DATA, CLOSE, ABORT }

    public static TcpStep client(long gapNanos, byte[] data) {
        return new TcpStep(Kind.DATA, true, gapNanos, Payload.of(data));
    }

    public static TcpStep server(long gapNanos, byte[] data) {
        return new TcpStep(Kind.DATA, false, gapNanos, Payload.of(data));
    }

    public static TcpStep data(boolean fromClient, long gapNanos, Payload payload) {
        return new TcpStep(Kind.DATA, fromClient, gapNanos, payload);
    }

    public static TcpStep close(boolean byClient, long gapNanos) {
        return new TcpStep(Kind.CLOSE, byClient, gapNanos, null);
    }

    public static TcpStep abort(boolean byClient, long gapNanos) {
        return new TcpStep(Kind.ABORT, byClient, gapNanos, null);
    }
}
