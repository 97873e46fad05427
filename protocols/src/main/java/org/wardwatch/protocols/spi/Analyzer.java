package org.wardwatch.protocols.spi;

/**
 * One protocol analyzer instance for one flow (or, for {@link FrameAnalyzer}s, for the whole run).
 *
 * <p>Parse contract (Netty's {@code ByteToMessageDecoder}, Suricata's parsers): {@link #onStream}
 * receives the bytes not yet consumed plus the new ones, returns how many it consumed, and the
 * dispatcher keeps the rest for the next call, up to the factory's {@link AnalyzerFactory#maxBufferedBytes()}
 * (past that: anomaly {@code <name>_buffer_cap} and the analyzer is detached). Never block, never
 * throw: every length from the wire is untrusted; a malformed message is {@link AnalyzerContext#anomaly}
 * and, when the stream cannot be this protocol, {@link AnalyzerContext#violation}. An exception that
 * escapes anyway is caught by the dispatcher, counted as {@code <name>_internal_error}, and detaches
 * the analyzer. The {@code data} array is the dispatcher's: copy what you keep.
 */
public interface Analyzer {
    /** A UDP datagram's payload. */
    default void onDatagram(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
    }

    /**
     * In-order TCP bytes of one direction.
     *
     * @return bytes consumed, in [0, length]
     */
    default int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        return length;
    }

    /** Bytes that will never arrive in one direction; buffered bytes of that direction were dropped. */
    default void onGap(boolean fromClient, long missingBytes, AnalyzerContext ctx) {
    }

    /** The flow ended; emit what was held back (e.g. per-association counts). */
    default void onEnd(AnalyzerContext ctx) {
    }
}
