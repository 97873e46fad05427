package org.wardwatch.protocols.spi;

/**
 * Declares one flow protocol analyzer: which transport, which ports hint at it, how to recognise it
 * from payload on any port, its caps, and how to make a per-flow instance. Registered in
 * {@link org.wardwatch.protocols.Analyzers}.
 *
 * <p>Lifecycle (after Zeek's dynamic protocol detection): a port hint or a matching probe makes the
 * analyzer tentative on a flow; {@link AnalyzerContext#confirm} confirms it; a
 * {@link AnalyzerContext#violation} detaches it.
 */
public interface AnalyzerFactory {
    enum Transport { TCP, UDP }

    /** Short lowercase protocol name, used in flow records and anomaly prefixes ("dicom", "hl7", "dhcp"). */
    String name();

    Transport transport();

    /** Well-known ports; a hint, never the proof. The server side's port is matched. */
    int[] portHints();

    /**
     * Whether the first payload of a direction looks like this protocol. Called on the first bytes
     * seen in each direction (at most {@code length} bytes, possibly a partial message) for flows on
     * any port. Must be cheap, allocation-free and strict enough not to claim other protocols' bytes.
     */
    boolean probe(boolean fromClient, byte[] data, int offset, int length);

    /**
     * Whether this analyzer is still probed on a flow whose application another analyzer has
     * confirmed ({@code application} is that analyzer's {@link #name()}). True for a protocol that can
     * begin inside another on the same connection: TLS after RDP's, FTP's or an HTTP proxy's
     * negotiation, FHIR after a first plain HTTP exchange. Default false: once a flow's application is
     * known, the other analyzers' probes no longer run on it (they would cost time on every confirmed
     * flow's first chunks, and a match there is most often a false positive).
     */
    default boolean probesAfter(String application) {
        return false;
    }

    /** A fresh instance for one flow. */
    Analyzer newAnalyzer();

    /** Cap on bytes held between calls per direction. */
    default int maxBufferedBytes() {
        return 64 * 1024;
    }

    /** Cap on stream bytes per direction the analyzer is fed; past it, it receives nothing more. */
    default long maxStreamBytes() {
        return 1L << 20;
    }
}
