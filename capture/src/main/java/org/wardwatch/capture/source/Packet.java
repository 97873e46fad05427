package org.wardwatch.capture.source;

import java.nio.ByteBuffer;

/**
 * One captured frame as a view: the bytes stay in the source's buffer (a memory-mapped file or a
 * reused read buffer) and are valid only until the next call to {@link PacketSource#next}.
 * A source re-points the same instance for every packet; nothing is allocated per packet.
 */
public final class Packet {
    /** Buffer holding the frame; absolute indexing, position and limit are not used. */
    public ByteBuffer buf;
    /** Offset of the frame's first byte in {@link #buf}. */
    public int offset;
    /** Bytes captured (may be less than {@link #origLen} when the snaplen cut the frame). */
    public int capLen;
    /** Length of the frame on the wire. */
    public int origLen;
    /** Capture time in nanoseconds since the Unix epoch. */
    public long tsNanos;
    /** Link type of the frame (a LINKTYPE_* value from the tcpdump.org registry). */
    public int linkType;
    /** pcapng interface index (0 for pcap and live sources). */
    public int interfaceId;
    /** Byte offset of the record in the input, for error messages. */
    public long fileOffset;
    /** 1-based packet number in the input, as tshark counts frames. */
    public long number;

    public Packet set(ByteBuffer buf, int offset, int capLen, int origLen, long tsNanos, int linkType) {
        this.buf = buf;
        this.offset = offset;
        this.capLen = capLen;
        this.origLen = origLen;
        this.tsNanos = tsNanos;
        this.linkType = linkType;
        return this;
    }
}
