package org.wardwatch.capture.source;

/**
 * Damage a capture reader met and survived, by stable snake_case name. These names end up in stored
 * data, summaries and rules: treat them as API (add, never rename). {@code docs/capture-formats.md}
 * describes each.
 */
public enum CaptureAnomaly {
    /** The input ended inside a pcap record header or its data; reading stops there. */
    PCAP_RECORD_TRUNCATED("pcap_record_truncated"),
    /** A pcap record claims more than {@link CaptureFiles#MAX_PACKET_BYTES} captured bytes; no resync is possible, reading stops. */
    PCAP_RECORD_TOO_LARGE("pcap_record_too_large"),
    /** A pcap record has more captured bytes than bytes on the wire; delivered as is. */
    PCAP_CAPLEN_EXCEEDS_ORIGLEN("pcap_caplen_exceeds_origlen"),
    /** A pcap record has more captured bytes than the file header's snapshot length; delivered as is. */
    PCAP_CAPLEN_EXCEEDS_SNAPLEN("pcap_caplen_exceeds_snaplen"),
    /** A pcap record's sub-second field is a second or more (fraction added as is; tshark overflows on these). */
    PCAP_TIMESTAMP_INVALID("pcap_timestamp_invalid"),
    /** The input ended inside a pcapng block; reading stops there. */
    PCAPNG_BLOCK_TRUNCATED("pcapng_block_truncated"),
    /** A pcapng block length is below 12, not a multiple of 4, or above the block cap; reading stops. */
    PCAPNG_BLOCK_LENGTH_INVALID("pcapng_block_length_invalid"),
    /** A pcapng block's trailing length differs from its leading length; reading stops. */
    PCAPNG_BLOCK_LENGTH_MISMATCH("pcapng_block_length_mismatch"),
    /** A pcapng block too short for its type, or whose captured bytes overrun the block; skipped. */
    PCAPNG_BLOCK_MALFORMED("pcapng_block_malformed"),
    /** A pcapng packet block names an interface not described by an IDB in its section; skipped. */
    PCAPNG_UNKNOWN_INTERFACE("pcapng_unknown_interface"),
    /** A pcapng packet block claims more than {@link CaptureFiles#MAX_PACKET_BYTES} captured bytes; skipped. */
    PCAPNG_PACKET_TOO_LARGE("pcapng_packet_too_large"),
    /** A pcapng packet has more captured bytes than bytes on the wire; delivered as is. */
    PCAPNG_CAPLEN_EXCEEDS_ORIGLEN("pcapng_caplen_exceeds_origlen"),
    /** A section declares more interfaces than the reader keeps; the extra IDBs are ignored. */
    PCAPNG_TOO_MANY_INTERFACES("pcapng_too_many_interfaces"),
    /** An if_tsresol the reader cannot represent (beyond 10^-19 or 2^-63); microseconds assumed. */
    PCAPNG_TSRESOL_UNSUPPORTED("pcapng_tsresol_unsupported"),
    /** A later section header has a bad byte-order magic or an unsupported major version; reading stops. */
    PCAPNG_SECTION_HEADER_INVALID("pcapng_section_header_invalid"),
    /** Packets the kernel dropped before the live capture could read them (tcpdump's count at exit). */
    LIVE_PACKETS_DROPPED("live_packets_dropped"),
    /** The live capture's tcpdump ended with an error status while the source was open. */
    LIVE_CAPTURE_FAILED("live_capture_failed");

    private final String id;

    CaptureAnomaly(String id) {
        this.id = id;
    }

    /** The stable snake_case name. */
    public String id() {
        return id;
    }

    /** Counters for one source: a fixed array, so counting allocates nothing. */
    static final class Counters {
        private static final CaptureAnomaly[] ALL = values();
        private final long[] counts = new long[ALL.length];

        void add(CaptureAnomaly a) {
            counts[a.ordinal()]++;
        }

        long get(CaptureAnomaly a) {
            return counts[a.ordinal()];
        }

        java.util.Map<String, Long> toMap() {
            java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
            for (CaptureAnomaly a : ALL) {
                if (counts[a.ordinal()] != 0) {
                    m.put(a.id, counts[a.ordinal()]);
                }
            }
            return m;
        }
    }
}
